package dev.velt.camel.model;

import java.util.Map;

/** Totals of an agent run ({@code resultsSummary}). */
public class ResultsSummary extends VeltObject {

    private Integer totalFindings;
    private Integer totalAnnotationsCreated;
    private Integer urlsProcessed;
    private Integer urlsWithFindings;
    private Integer issuesCreated;
    private String summary;
    private Map<String, Object> matchResult;

    public Integer getTotalFindings() {
        return totalFindings;
    }

    public void setTotalFindings(Integer totalFindings) {
        this.totalFindings = totalFindings;
    }

    public Integer getTotalAnnotationsCreated() {
        return totalAnnotationsCreated;
    }

    public void setTotalAnnotationsCreated(Integer totalAnnotationsCreated) {
        this.totalAnnotationsCreated = totalAnnotationsCreated;
    }

    public Integer getUrlsProcessed() {
        return urlsProcessed;
    }

    public void setUrlsProcessed(Integer urlsProcessed) {
        this.urlsProcessed = urlsProcessed;
    }

    public Integer getUrlsWithFindings() {
        return urlsWithFindings;
    }

    public void setUrlsWithFindings(Integer urlsWithFindings) {
        this.urlsWithFindings = urlsWithFindings;
    }

    public Integer getIssuesCreated() {
        return issuesCreated;
    }

    public void setIssuesCreated(Integer issuesCreated) {
        this.issuesCreated = issuesCreated;
    }

    public String getSummary() {
        return summary;
    }

    public void setSummary(String summary) {
        this.summary = summary;
    }

    public Map<String, Object> getMatchResult() {
        return matchResult;
    }

    public void setMatchResult(Map<String, Object> matchResult) {
        this.matchResult = matchResult;
    }

    @Override
    public String toString() {
        return Description.of(this).add("totalFindings", totalFindings).add("urlsProcessed", urlsProcessed)
                .add("urlsWithFindings", urlsWithFindings).add("issuesCreated", issuesCreated).toString();
    }
}
