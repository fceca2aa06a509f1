package dev.velt.camel.model;

import java.util.Map;

/** One step of a workflow execution, as {@code workflow/executions/get} shows it. */
public class ExecutionStep extends VeltObject {

    private String stepId;
    private String nodeId;
    private String nodeType;
    private String status;
    private String groupId;
    private Long startedAt;
    private Long completedAt;
    private Map<String, Object> output;
    private Object error;

    public String getStepId() {
        return stepId;
    }

    public void setStepId(String stepId) {
        this.stepId = stepId;
    }

    public String getNodeId() {
        return nodeId;
    }

    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    /** {@code agent | human | notification | webhook} (the API may add more). */
    public String getNodeType() {
        return nodeType;
    }

    public void setNodeType(String nodeType) {
        this.nodeType = nodeType;
    }

    /** {@code pending | running | waiting | completed | failed | skipped | cancelled | breached}. */
    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getGroupId() {
        return groupId;
    }

    public void setGroupId(String groupId) {
        this.groupId = groupId;
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

    public Map<String, Object> getOutput() {
        return output;
    }

    public void setOutput(Map<String, Object> output) {
        this.output = output;
    }

    /** The step's error as the API sent it (free-form; usually {@code {code, message}}), or null. */
    public Object getError() {
        return error;
    }

    public void setError(Object error) {
        this.error = error;
    }

    @Override
    public String toString() {
        return Description.of(this).add("stepId", stepId).add("nodeType", nodeType).add("status", status).toString();
    }
}
