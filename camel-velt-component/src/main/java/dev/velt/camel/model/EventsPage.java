package dev.velt.camel.model;

import java.util.ArrayList;
import java.util.List;

/** One page of {@code workflow/executions/getEvents}. */
public class EventsPage extends VeltObject {

    private String executionId;
    private List<WorkflowEvent> events = new ArrayList<>();
    private Long nextCursor;
    private boolean hasMore;

    public String getExecutionId() {
        return executionId;
    }

    public void setExecutionId(String executionId) {
        this.executionId = executionId;
    }

    public List<WorkflowEvent> getEvents() {
        return events;
    }

    public void setEvents(List<WorkflowEvent> events) {
        this.events = events == null ? new ArrayList<>() : events;
    }

    /** The seq to pass as the next {@code sinceSeq}. */
    public Long getNextCursor() {
        return nextCursor;
    }

    public void setNextCursor(Long nextCursor) {
        this.nextCursor = nextCursor;
    }

    public boolean isHasMore() {
        return hasMore;
    }

    public void setHasMore(boolean hasMore) {
        this.hasMore = hasMore;
    }

    @Override
    public String toString() {
        return Description.of(this).add("executionId", executionId).count("events", events)
                .add("nextCursor", nextCursor).add("hasMore", hasMore).toString();
    }
}
