package dev.velt.camel.examples;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.model.AgentExecution;
import dev.velt.camel.model.AgentFinding;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * What the demo routes delivered, recorded by the routes after each successful delivery, and printed as a table at
 * the end. Bound in the registry as {@code deliveryReport}.
 */
public class DeliveryReport {

    /**
     * One delivered item; {@code deliveredBy} says how it reached the route: {@code push} or {@code poll}, or
     * {@code deploy} for the deploy route's run and its findings.
     */
    public record Delivery(LocalTime time, String destination, String source, String item, String result,
            String deliveredBy) {
    }

    /** The result of a finding that opened a Jira issue: {@code opened VELT-3}. */
    public static final String OPENED = "opened ";
    /** The result of a finding whose problem already had one: {@code already filed as VELT-3}. */
    public static final String ALREADY_FILED = "already filed as ";
    /** The result of a deploy check: {@code ended failed, 4 findings, 2 critical -> Jira}. */
    public static final String DEPLOY_ENDED = "ended ";
    /** The exchange property naming the route a finding came to Jira by ({@code poll} or {@code deploy}). */
    public static final String CAME_BY = "cameBy";
    /** How the deploy route's rows came: {@code deploy}. */
    public static final String DEPLOY = "deploy";
    private static final String CRITICAL = "critical";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    /** The Slack route calls this once Slack accepted the message about a workflow event. */
    public void slackMessageSent(@Header(VeltConstants.EXECUTION_ID) String executionId,
            @Header(VeltConstants.EVENT_TYPE) String eventType,
            @Header(VeltConstants.EVENT_SEQ) Long seq,
            @Header(VeltConstants.DELIVERED_BY) String deliveredBy) {
        add("Slack", executionId, eventType + " (seq " + seq + ")", "posted", deliveredBy);
    }

    /**
     * The Jira route calls this with Jira's answer ({@code id, key, self}) once the issue for a finding exists;
     * {@code cameBy} is the route that handed it the finding: {@code poll} (the agent runs' consumer) or {@code deploy}.
     */
    public void jiraIssueCreated(@Header(VeltConstants.EXECUTION_ID) String runId,
            @ExchangeProperty("finding") AgentFinding finding,
            @Body Map<String, Object> created,
            @ExchangeProperty(CAME_BY) String cameBy) {
        add("Jira", runId, finding.getSeverity() + ": " + finding.getTitle(), OPENED + created.get("key"), cameBy(cameBy));
    }

    /**
     * The Jira route calls this for a finding whose problem already has an issue (an earlier run, a rerun, or the
     * other route reported it), with that issue's key if it was recorded.
     */
    public void jiraIssueAlreadyFiled(@Header(VeltConstants.EXECUTION_ID) String runId,
            @ExchangeProperty("finding") AgentFinding finding,
            @Header("JiraIssueKey") String issueKey,
            @ExchangeProperty(CAME_BY) String cameBy) {
        add("Jira", runId, finding.getSeverity() + ": " + finding.getTitle(),
                ALREADY_FILED + (issueKey == null || issueKey.isEmpty() ? "an earlier issue" : issueKey), cameBy(cameBy));
    }

    /**
     * The deploy route calls this once the agent run on the deployed page has ended, with its results: the row says
     * how the run ended, how many findings it made and how many of them are critical (those go to Jira).
     */
    public void deployChecked(@Body AgentExecution run, @Header(VeltConstants.URL) String page) {
        List<AgentFinding> findings = run.getAllFindings();
        long critical = findings.stream().filter(f -> CRITICAL.equals(f.getSeverity())).count();
        add("Velt", run.getId(), "deploy: " + run.getAgentId() + " on " + page,
                DEPLOY_ENDED + run.getStatus() + ", " + findings.size() + " findings, " + critical + " critical -> Jira",
                DEPLOY);
    }

    /** The deploy checks recorded, oldest first. */
    public List<Delivery> deploys() {
        return deliveries.stream().filter(d -> d.result().startsWith(DEPLOY_ENDED)).toList();
    }

    private static String cameBy(String cameBy) {
        return cameBy == null || cameBy.isEmpty() ? "poll" : cameBy;
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
