package dev.velt.camel.model;

import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** One external event of a workflow execution ({@code workflow/executions/getEvents}). */
public class WorkflowEvent extends VeltObject {

    /** The event types that end an execution's stream. */
    public static final Set<String> TERMINAL_TYPES = Set.of("execution.completed", "execution.failed", "execution.cancelled");

    private String eventId;
    private long seq;
    private String type;
    private String stepId;
    private Long timestamp;
    private String correlationId;
    private Map<String, Object> data;

    public String getEventId() {
        return eventId;
    }

    public void setEventId(String eventId) {
        this.eventId = eventId;
    }

    /** Position in the execution's stream; increasing, with gaps where internal events were filtered out. */
    public long getSeq() {
        return seq;
    }

    public void setSeq(long seq) {
        this.seq = seq;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getStepId() {
        return stepId;
    }

    public void setStepId(String stepId) {
        this.stepId = stepId;
    }

    /** Epoch milliseconds. */
    public Long getTimestamp() {
        return timestamp;
    }

    public void setTimestamp(Long timestamp) {
        this.timestamp = timestamp;
    }

    public String getCorrelationId() {
        return correlationId;
    }

    public void setCorrelationId(String correlationId) {
        this.correlationId = correlationId;
    }

    public Map<String, Object> getData() {
        return data;
    }

    public void setData(Map<String, Object> data) {
        this.data = data;
    }

    /** True for {@code execution.completed|failed|cancelled}, the last event of an execution. */
    @JsonIgnore
    public boolean isTerminal() {
        return TERMINAL_TYPES.contains(type);
    }

    @Override
    public String toString() {
        return Description.of(this).add("seq", seq).add("type", type).add("eventId", eventId)
                .add("stepId", stepId).add("correlationId", correlationId).toString();
    }
}
