package dev.velt.camel.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One finding of an agent run on one URL ({@code AgentFinding}). */
public class AgentFinding extends VeltObject {

    private String id;
    private String title;
    private String description;
    private String severity;
    private String category;
    private String targetText;
    private Integer occurrence;
    private String sourceUrl;
    private String suggestion;
    private String htmlSelector;
    private String htmlXpath;
    private String htmlSnippet;
    private Boolean pageLevel;
    private String issueType;
    private Integer confidence;
    private String commentId;
    private String source;
    private Map<String, Object> metadata;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    /** {@code critical | high | medium | low | info}. */
    public String getSeverity() {
        return severity;
    }

    public void setSeverity(String severity) {
        this.severity = severity;
    }

    public String getCategory() {
        return category;
    }

    public void setCategory(String category) {
        this.category = category;
    }

    public String getTargetText() {
        return targetText;
    }

    public void setTargetText(String targetText) {
        this.targetText = targetText;
    }

    public Integer getOccurrence() {
        return occurrence;
    }

    public void setOccurrence(Integer occurrence) {
        this.occurrence = occurrence;
    }

    public String getSourceUrl() {
        return sourceUrl;
    }

    public void setSourceUrl(String sourceUrl) {
        this.sourceUrl = sourceUrl;
    }

    public String getSuggestion() {
        return suggestion;
    }

    public void setSuggestion(String suggestion) {
        this.suggestion = suggestion;
    }

    public String getHtmlSelector() {
        return htmlSelector;
    }

    public void setHtmlSelector(String htmlSelector) {
        this.htmlSelector = htmlSelector;
    }

    public String getHtmlXpath() {
        return htmlXpath;
    }

    public void setHtmlXpath(String htmlXpath) {
        this.htmlXpath = htmlXpath;
    }

    public String getHtmlSnippet() {
        return htmlSnippet;
    }

    public void setHtmlSnippet(String htmlSnippet) {
        this.htmlSnippet = htmlSnippet;
    }

    /** The API's {@code isPageLevel}: true for visual/layout findings. */
    @JsonProperty("isPageLevel")
    public Boolean getPageLevel() {
        return pageLevel;
    }

    @JsonProperty("isPageLevel")
    public void setPageLevel(Boolean pageLevel) {
        this.pageLevel = pageLevel;
    }

    public String getIssueType() {
        return issueType;
    }

    public void setIssueType(String issueType) {
        this.issueType = issueType;
    }

    public Integer getConfidence() {
        return confidence;
    }

    public void setConfidence(Integer confidence) {
        this.confidence = confidence;
    }

    public String getCommentId() {
        return commentId;
    }

    public void setCommentId(String commentId) {
        this.commentId = commentId;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public Map<String, Object> getMetadata() {
        return metadata;
    }

    public void setMetadata(Map<String, Object> metadata) {
        this.metadata = metadata;
    }

    @Override
    public String toString() {
        return Description.of(this).add("id", id).add("severity", severity).add("category", category)
                .add("issueType", issueType).add("sourceUrl", sourceUrl).text("title", title).toString();
    }
}
