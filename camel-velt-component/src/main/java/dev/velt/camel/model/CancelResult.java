package dev.velt.camel.model;

/** What {@code workflow/executions/cancel} answers. */
public class CancelResult extends VeltObject {

    private Boolean cancelled;
    private String executionId;

    /** Whether this call cancelled the execution (false when there was nothing left to cancel). */
    public Boolean getCancelled() {
        return cancelled;
    }

    public void setCancelled(Boolean cancelled) {
        this.cancelled = cancelled;
    }

    public String getExecutionId() {
        return executionId;
    }

    public void setExecutionId(String executionId) {
        this.executionId = executionId;
    }

    @Override
    public String toString() {
        return Description.of(this).add("executionId", executionId).add("cancelled", cancelled).toString();
    }
}
