package dev.velt.camel.model;

/** What {@code agents/execution/run} answers in its {@code data}: the id of the run it started. */
public class AgentRunStarted extends VeltObject {

    private String executionId;

    /** The run's id, for {@code agents/execution/get}. */
    public String getExecutionId() {
        return executionId;
    }

    public void setExecutionId(String executionId) {
        this.executionId = executionId;
    }

    @Override
    public String toString() {
        return Description.of(this).add("executionId", executionId).toString();
    }
}
