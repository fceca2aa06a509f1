package dev.velt.camel.test;

/** A finding of a simulated agent run, with the fields of the API's {@code AgentFinding}. */
public record SimFinding(String id, String title, String description, String severity, String category,
        String targetText, int occurrence, String sourceUrl, String suggestion, String htmlSelector,
        String htmlXpath, boolean pageLevel, String issueType, int confidence) {
}
