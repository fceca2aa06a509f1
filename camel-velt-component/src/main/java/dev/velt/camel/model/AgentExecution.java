package dev.velt.camel.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * An agent run: the execution document of {@code agents/execution/get} or an item of {@code agents/execution/list},
 * plus
 * its per-URL {@link #getResults() results} when they were asked for.
 */
public class AgentExecution extends VeltObject {

    private String id;
    private String agentId;
    private String agentName;
    private Integer agentVersion;
    private Map<String, Object> metadata;
    private Map<String, Object> config;
    private String status;
    private String message;
    private Long startedAt;
    private Long completedAt;
    private Long durationMs;
    private String trigger;
    private String workflowExecutionId;
    private String previousExecutionId;
    private Map<String, Object> ranBy;
    private ResultsSummary resultsSummary;
    private AgentExecutionError error;
    private Map<String, Object> crawlerResults;
    private String llmModel;
    private Map<String, Object> tokenUsage;
    private Boolean knowledgeRetrieved;
    private Boolean knowledgeCached;
    private Boolean degraded;
    private List<AgentUrlResult> results;

    /** Execution id (opaque). */
    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getAgentId() {
        return agentId;
    }

    public void setAgentId(String agentId) {
        this.agentId = agentId;
    }

    public String getAgentName() {
        return agentName;
    }

    public void setAgentName(String agentName) {
        this.agentName = agentName;
    }

    public Integer getAgentVersion() {
        return agentVersion;
    }

    public void setAgentVersion(Integer agentVersion) {
        this.agentVersion = agentVersion;
    }

    /** Organization and document the run belongs to ({@code organizationId}, {@code documentId}, ...). */
    public Map<String, Object> getMetadata() {
        return metadata;
    }

    public void setMetadata(Map<String, Object> metadata) {
        this.metadata = metadata;
    }

    public Map<String, Object> getConfig() {
        return config;
    }

    public void setConfig(Map<String, Object> config) {
        this.config = config;
    }

    /** The API's status string; see {@link #getStatusValue()} for the typed view. */
    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    @JsonIgnore
    public AgentExecutionStatus getStatusValue() {
        return AgentExecutionStatus.of(status);
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    /** Epoch milliseconds. */
    public Long getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(Long startedAt) {
        this.startedAt = startedAt;
    }

    /** Epoch milliseconds; null while running. */
    public Long getCompletedAt() {
        return completedAt;
    }

    public void setCompletedAt(Long completedAt) {
        this.completedAt = completedAt;
    }

    public Long getDurationMs() {
        return durationMs;
    }

    public void setDurationMs(Long durationMs) {
        this.durationMs = durationMs;
    }

    /** {@code standalone} or {@code workflow}. */
    public String getTrigger() {
        return trigger;
    }

    public void setTrigger(String trigger) {
        this.trigger = trigger;
    }

    public String getWorkflowExecutionId() {
        return workflowExecutionId;
    }

    public void setWorkflowExecutionId(String workflowExecutionId) {
        this.workflowExecutionId = workflowExecutionId;
    }

    public String getPreviousExecutionId() {
        return previousExecutionId;
    }

    public void setPreviousExecutionId(String previousExecutionId) {
        this.previousExecutionId = previousExecutionId;
    }

    public Map<String, Object> getRanBy() {
        return ranBy;
    }

    public void setRanBy(Map<String, Object> ranBy) {
        this.ranBy = ranBy;
    }

    public ResultsSummary getResultsSummary() {
        return resultsSummary;
    }

    public void setResultsSummary(ResultsSummary resultsSummary) {
        this.resultsSummary = resultsSummary;
    }

    public AgentExecutionError getError() {
        return error;
    }

    public void setError(AgentExecutionError error) {
        this.error = error;
    }

    public Map<String, Object> getCrawlerResults() {
        return crawlerResults;
    }

    public void setCrawlerResults(Map<String, Object> crawlerResults) {
        this.crawlerResults = crawlerResults;
    }

    public String getLlmModel() {
        return llmModel;
    }

    public void setLlmModel(String llmModel) {
        this.llmModel = llmModel;
    }

    public Map<String, Object> getTokenUsage() {
        return tokenUsage;
    }

    public void setTokenUsage(Map<String, Object> tokenUsage) {
        this.tokenUsage = tokenUsage;
    }

    public Boolean getKnowledgeRetrieved() {
        return knowledgeRetrieved;
    }

    public void setKnowledgeRetrieved(Boolean knowledgeRetrieved) {
        this.knowledgeRetrieved = knowledgeRetrieved;
    }

    public Boolean getKnowledgeCached() {
        return knowledgeCached;
    }

    public void setKnowledgeCached(Boolean knowledgeCached) {
        this.knowledgeCached = knowledgeCached;
    }

    public Boolean getDegraded() {
        return degraded;
    }

    public void setDegraded(Boolean degraded) {
        this.degraded = degraded;
    }

    /** Per-URL results with their findings; only present when fetched with {@code includeResults}. */
    public List<AgentUrlResult> getResults() {
        return results;
    }

    public void setResults(List<AgentUrlResult> results) {
        this.results = results;
    }

    /** All findings of all URLs, wherever the API version put them; empty when results were not fetched. */
    @JsonIgnore
    public List<AgentFinding> getAllFindings() {
        if (results == null) {
            return List.of();
        }
        return results.stream().flatMap(r -> r.getAllFindings().stream()).toList();
    }

    @Override
    public String toString() {
        return Description.of(this).add("id", id).add("agentId", agentId).add("status", status)
                .add("workflowExecutionId", workflowExecutionId)
                .add("totalFindings", resultsSummary == null ? null : resultsSummary.getTotalFindings())
                .add("errorCode", error == null ? null : error.getCode()).count("results", results).toString();
    }
}
