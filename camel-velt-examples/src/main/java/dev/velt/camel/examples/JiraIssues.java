package dev.velt.camel.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.model.AgentFinding;
import org.apache.camel.Body;
import org.apache.camel.Header;

/**
 * Turns an agent finding into the body of Jira's {@code POST /rest/api/2/issue}: summary, a description in Jira wiki
 * markup that links back to the agent run and names the finding key (the same for the same problem in every run), and
 * labels from the finding's category and issue type.
 */
public class JiraIssues {

    private static final int MAX_SUMMARY = 255;

    private String projectKey = "VELT";
    private String issueType = "Bug";

    public Map<String, Object> fromFinding(@Body AgentFinding finding,
            @Header(VeltConstants.EXECUTION_ID) String runId,
            @Header(VeltConstants.AGENT_ID) String agentId,
            @Header(VeltConstants.FINDING_URL) String url,
            @Header(VeltConstants.FINDING_KEY) String findingKey) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("project", Map.of("key", projectKey));
        fields.put("issuetype", Map.of("name", issueType));
        fields.put("summary", summary(finding));
        fields.put("description", description(finding, runId, agentId, url, findingKey));
        fields.put("labels", labels(finding));
        return Map.of("fields", fields);
    }

    static String summary(AgentFinding finding) {
        String summary = "[" + String.valueOf(finding.getSeverity()).toUpperCase(Locale.ROOT) + "] " + finding.getTitle();
        return summary.length() <= MAX_SUMMARY ? summary : summary.substring(0, MAX_SUMMARY - 3) + "...";
    }

    static String description(AgentFinding finding, String runId, String agentId, String url, String findingKey) {
        StringBuilder text = new StringBuilder();
        text.append(finding.getDescription()).append("\n\n");
        text.append("*Severity:* ").append(finding.getSeverity());
        if (finding.getCategory() != null) {
            text.append(" | *Category:* ").append(finding.getCategory());
        }
        if (finding.getConfidence() != null) {
            text.append(" | *Confidence:* ").append(finding.getConfidence()).append('%');
        }
        text.append('\n');
        if (url != null && !url.isEmpty()) {
            text.append("*Page:* ").append(url).append('\n');
        }
        if (finding.getHtmlSelector() != null) {
            text.append("*Element:* {{").append(finding.getHtmlSelector()).append("}}");
            if (finding.getTargetText() != null && !finding.getTargetText().isEmpty()) {
                text.append(" \"").append(finding.getTargetText()).append('"');
            }
            text.append('\n');
        }
        if (finding.getSuggestion() != null) {
            text.append("*Suggested fix:* ").append(finding.getSuggestion()).append('\n');
        }
        if (findingKey != null) {
            text.append("*Velt finding key:* ").append(findingKey).append('\n');
        }
        text.append("\nReported by Velt agent ").append(agentId).append(", run ").append(runId)
                .append(", finding ").append(finding.getId()).append('.');
        return text.toString();
    }

    /** {@code velt} plus the category and issue type, as Jira labels (no spaces). */
    static List<String> labels(AgentFinding finding) {
        List<String> labels = new ArrayList<>(List.of("velt"));
        for (String value : new String[]{finding.getCategory(), finding.getIssueType()}) {
            if (value != null && !value.isBlank()) {
                String label = value.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", "-");
                if (!labels.contains(label)) {
                    labels.add(label);
                }
            }
        }
        return labels;
    }

    public String getProjectKey() {
        return projectKey;
    }

    public void setProjectKey(String projectKey) {
        this.projectKey = projectKey;
    }

    public String getIssueType() {
        return issueType;
    }

    public void setIssueType(String issueType) {
        this.issueType = issueType;
    }
}
