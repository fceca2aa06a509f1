package dev.velt.camel.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.velt.camel.test.ExecutionState.StepState;

/**
 * A simulated workflow execution: its whole timeline is written when it is created, and what the API shows at a
 * given tick is the part of the timeline up to that tick. Immutable.
 */
public final class SimExecution {

    private static final Set<String> ENDED_STEP_STATUSES = Set.of("completed", "failed", "skipped", "cancelled");

    private final String executionId;
    private final String definitionId;
    private final int definitionVersion;
    private final String correlationId;
    private final String idempotencyKey;
    private final long startTick;
    private final long startedAt;
    private final Map<String, SimStep> steps;
    private final List<SimEvent> events;

    SimExecution(String executionId, String definitionId, int definitionVersion, String correlationId,
                 String idempotencyKey, long startTick, long startedAt, List<SimStep> steps, List<SimEvent> events) {
        this.executionId = executionId;
        this.definitionId = definitionId;
        this.definitionVersion = definitionVersion;
        this.correlationId = correlationId;
        this.idempotencyKey = idempotencyKey;
        this.startTick = startTick;
        this.startedAt = startedAt;
        Map<String, SimStep> byId = new LinkedHashMap<>();
        steps.forEach(step -> byId.put(step.stepId(), step));
        this.steps = byId;
        this.events = List.copyOf(events);
    }

    public String executionId() {
        return executionId;
    }

    public String definitionId() {
        return definitionId;
    }

    public int definitionVersion() {
        return definitionVersion;
    }

    public String correlationId() {
        return correlationId;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    public long startTick() {
        return startTick;
    }

    public long startedAt() {
        return startedAt;
    }

    /** Every event of the whole timeline, internal ones included, in seq order. */
    public List<SimEvent> events() {
        return events;
    }

    /** The events {@code getEvents} returns, over the whole timeline. */
    public List<SimEvent> externalEvents() {
        return events.stream().filter(e -> !e.internal()).toList();
    }

    /** The events that have happened by {@code tick}. */
    public List<SimEvent> eventsAt(long tick) {
        return events.stream().filter(e -> e.tick() <= tick).toList();
    }

    /** The tick of the terminal event. */
    public long endTick() {
        return events.get(events.size() - 1).tick();
    }

    /** The status the execution ends with: completed, failed or cancelled. */
    public String finalStatus() {
        return stateAt(Long.MAX_VALUE).status();
    }

    /** Replays the timeline up to {@code tick}. */
    public ExecutionState stateAt(long tick) {
        String status = "running";
        Long completedAt = null;
        Long cancelledAt = null;
        Map<String, Object> failureReason = null;
        Map<String, StepState> stepStates = new LinkedHashMap<>();
        for (SimEvent event : eventsAt(tick)) {
            switch (event.type()) {
                case "execution.completed" -> {
                    status = "completed";
                    completedAt = event.timestamp();
                }
                case "execution.failed" -> {
                    status = "failed";
                    completedAt = event.timestamp();
                    failureReason = asMap(event.data().get("failureReason"));
                }
                case "execution.cancelled" -> {
                    status = "cancelled";
                    cancelledAt = event.timestamp();
                }
                default -> {
                }
            }
            if (event.stepStatus() != null) {
                stepStates.put(event.stepId(), next(stepStates.get(event.stepId()), event));
            }
        }
        return new ExecutionState(status, completedAt, cancelledAt, failureReason, new ArrayList<>(stepStates.values()));
    }

    private StepState next(StepState previous, SimEvent event) {
        String status = event.stepStatus();
        Long startedAt = previous == null ? null : previous.startedAt();
        if (startedAt == null && ("running".equals(status) || "waiting".equals(status))) {
            startedAt = event.timestamp();
        }
        Long completedAt = ENDED_STEP_STATUSES.contains(status) ? Long.valueOf(event.timestamp()) : null;
        Map<String, Object> output = "completed".equals(status) ? event.stepDetail() : null;
        Map<String, Object> error = "failed".equals(status) ? event.stepDetail() : null;
        return new StepState(steps.get(event.stepId()), status, startedAt, completedAt, output, error);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }
}
