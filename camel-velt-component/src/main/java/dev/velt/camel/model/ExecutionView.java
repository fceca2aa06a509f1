package dev.velt.camel.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A workflow execution with the view-model of every step ({@code workflow/executions/get} and list items). */
public class ExecutionView extends VeltObject {

    private String executionId;
    private String status;
    private Long startedAt;
    private Long completedAt;
    private Long cancelledAt;
    private String definitionId;
    private Integer definitionVersion;
    private String correlationId;
    private String idempotencyKey;
    private FailureReason failureReason;
    private List<ExecutionStep> steps;

    public String getExecutionId() {
        return executionId;
    }

    public void setExecutionId(String executionId) {
        this.executionId = executionId;
    }

    /** The API's status string; see {@link #getStatusValue()} for the typed view. */
    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    @JsonIgnore
    public ExecutionStatus getStatusValue() {
        return ExecutionStatus.of(status);
    }

    public Long getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(Long startedAt) {
        this.startedAt = startedAt;
    }

    public Long getCompletedAt() {
        return completedAt;
    }

    public void setCompletedAt(Long completedAt) {
        this.completedAt = completedAt;
    }

    public Long getCancelledAt() {
        return cancelledAt;
    }

    public void setCancelledAt(Long cancelledAt) {
        this.cancelledAt = cancelledAt;
    }

    public String getDefinitionId() {
        return definitionId;
    }

    public void setDefinitionId(String definitionId) {
        this.definitionId = definitionId;
    }

    public Integer getDefinitionVersion() {
        return definitionVersion;
    }

    public void setDefinitionVersion(Integer definitionVersion) {
        this.definitionVersion = definitionVersion;
    }

    public String getCorrelationId() {
        return correlationId;
    }

    public void setCorrelationId(String correlationId) {
        this.correlationId = correlationId;
    }

    public String getIdempotencyKey() {
        return idempotencyKey;
    }

    public void setIdempotencyKey(String idempotencyKey) {
        this.idempotencyKey = idempotencyKey;
    }

    public FailureReason getFailureReason() {
        return failureReason;
    }

    public void setFailureReason(FailureReason failureReason) {
        this.failureReason = failureReason;
    }

    public List<ExecutionStep> getSteps() {
        return steps;
    }

    public void setSteps(List<ExecutionStep> steps) {
        this.steps = steps;
    }

    @Override
    public String toString() {
        return Description.of(this).add("executionId", executionId).add("status", status)
                .add("definitionId", definitionId).add("correlationId", correlationId)
                .add("failureCode", failureReason == null ? null : failureReason.getCode()).count("steps", steps).toString();
    }
}
