package dev.velt.camel.examples;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.model.AgentFinding;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * What the demo routes delivered, recorded by the routes after each successful delivery, and printed as a table at
 * the end. Bound in the registry as {@code deliveryReport}.
 */
public class DeliveryReport {

    /** One delivered item; {@code deliveredBy} says how it reached the route: {@code push} or {@code poll}. */
    public record Delivery(LocalTime time, String destination, String source, String item, String result,
            String deliveredBy) {
    }

    /** The result of a finding that opened a Jira issue: {@code opened VELT-3}. */
    public static final String OPENED = "opened ";
    /** The result of a finding whose problem already had one: {@code already filed as VELT-3}. */
    public static final String ALREADY_FILED = "already filed as ";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    /** The Slack route calls this once Slack accepted the message about a workflow event. */
    public void slackMessageSent(@Header(VeltConstants.EXECUTION_ID) String executionId,
            @Header(VeltConstants.EVENT_TYPE) String eventType,
            @Header(VeltConstants.EVENT_SEQ) Long seq,
            @Header(VeltConstants.DELIVERED_BY) String deliveredBy) {
        add("Slack", executionId, eventType + " (seq " + seq + ")", "posted", deliveredBy);
    }

    /** The Jira route calls this with Jira's answer ({@code id, key, self}) once the issue for a finding exists. */
    public void jiraIssueCreated(@Header(VeltConstants.EXECUTION_ID) String runId,
            @ExchangeProperty("finding") AgentFinding finding,
            @Body Map<String, Object> created) {
        add("Jira", runId, finding.getSeverity() + ": " + finding.getTitle(), OPENED + created.get("key"), "poll");
    }

    /**
     * The Jira route calls this for a finding whose problem already has an issue (an earlier run, or a rerun, reported
     * it), with that issue's key if it was recorded.
     */
    public void jiraIssueAlreadyFiled(@Header(VeltConstants.EXECUTION_ID) String runId,
            @ExchangeProperty("finding") AgentFinding finding,
            @Header("JiraIssueKey") String issueKey) {
        add("Jira", runId, finding.getSeverity() + ": " + finding.getTitle(),
                ALREADY_FILED + (issueKey == null || issueKey.isEmpty() ? "an earlier issue" : issueKey), "poll");
    }

    /** How many findings opened a Jira issue. */
    public long jiraIssuesOpened() {
        return deliveries.stream().filter(d -> d.result().startsWith(OPENED)).count();
    }

    /** How many findings were recognised as already filed. */
    public long jiraFindingsAlreadyFiled() {
        return deliveries.stream().filter(d -> d.result().startsWith(ALREADY_FILED)).count();
    }

    private void add(String destination, String source, String item, String result, String deliveredBy) {
        deliveries.add(new Delivery(LocalTime.now().truncatedTo(ChronoUnit.MILLIS), destination, source, item, result,
                deliveredBy));
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** A plain-text table of every delivery, oldest first. */
    public String table() {
        String[] header = {"#", "time", "to", "from (Velt execution / agent run)", "what", "result", "came by"};
        List<String[]> rows = new ArrayList<>();
        rows.add(header);
        int n = 1;
        for (Delivery d : deliveries) {
            rows.add(new String[]{String.valueOf(n++), d.time().format(TIME), d.destination(), d.source(),
                    abbreviate(d.item(), 60), d.result(), d.deliveredBy()});
        }
        StringBuilder table = new StringBuilder(TextTable.render(rows));
        if (deliveries.isEmpty()) {
            table.append("(nothing was delivered)\n");
        }
        return table.toString();
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
