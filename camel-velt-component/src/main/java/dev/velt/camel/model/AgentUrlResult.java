package dev.velt.camel.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The result of an agent run for one URL. Findings sit at {@code findings} (older API) or at
 * {@code agentResult.findings} (current API); both are kept as sent and {@link #getAllFindings()} reads either.
 */
public class AgentUrlResult extends VeltObject {

    private String url;
    private String urlHash;
    private List<AgentFinding> findings;
    private AgentResult agentResult;
    private Integer findingCount;
    private Integer annotationsCreated;
    private Long processedAt;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUrlHash() {
        return urlHash;
    }

    public void setUrlHash(String urlHash) {
        this.urlHash = urlHash;
    }

    /** Findings as the older API sends them; see {@link #getAllFindings()}. */
    public List<AgentFinding> getFindings() {
        return findings;
    }

    public void setFindings(List<AgentFinding> findings) {
        this.findings = findings;
    }

    public AgentResult getAgentResult() {
        return agentResult;
    }

    public void setAgentResult(AgentResult agentResult) {
        this.agentResult = agentResult;
    }

    /** The findings of this URL, from whichever place the API put them; never null. */
    @JsonIgnore
    public List<AgentFinding> getAllFindings() {
        if (findings != null) {
            return findings;
        }
        if (agentResult != null && agentResult.getFindings() != null) {
            return agentResult.getFindings();
        }
        return List.of();
    }

    public Integer getFindingCount() {
        return findingCount;
    }

    public void setFindingCount(Integer findingCount) {
        this.findingCount = findingCount;
    }

    public Integer getAnnotationsCreated() {
        return annotationsCreated;
    }

    public void setAnnotationsCreated(Integer annotationsCreated) {
        this.annotationsCreated = annotationsCreated;
    }

    public Long getProcessedAt() {
        return processedAt;
    }

    public void setProcessedAt(Long processedAt) {
        this.processedAt = processedAt;
    }

    @Override
    public String toString() {
        return Description.of(this).add("url", url).add("findingCount", findingCount)
                .count("findings", findings).toString();
    }
}
