package dev.velt.camel.model;

/**
 * What {@code workflow/executions/dispatch} answers: the execution started, or, for an idempotency key Velt has seen
 * before, the execution that key started then ({@code deduplicated: true}).
 */
public class DispatchResult extends VeltObject {

    private String executionId;
    private String correlationId;
    private Boolean deduplicated;

    public String getExecutionId() {
        return executionId;
    }

    public void setExecutionId(String executionId) {
        this.executionId = executionId;
    }

    public String getCorrelationId() {
        return correlationId;
    }

    public void setCorrelationId(String correlationId) {
        this.correlationId = correlationId;
    }

    /** True when the idempotency key had already started an execution, which is the one returned. */
    public Boolean getDeduplicated() {
        return deduplicated;
    }

    public void setDeduplicated(Boolean deduplicated) {
        this.deduplicated = deduplicated;
    }

    @Override
    public String toString() {
        return Description.of(this).add("executionId", executionId).add("correlationId", correlationId)
                .add("deduplicated", deduplicated).toString();
    }
}
