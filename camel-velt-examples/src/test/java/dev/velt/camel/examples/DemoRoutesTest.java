package dev.velt.camel.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.velt.camel.component.agents.VeltFindingKey;
import dev.velt.camel.examples.sinks.JiraSink.CreatedIssue;
import dev.velt.camel.model.AgentFinding;
import dev.velt.camel.test.SimAgentRun;
import dev.velt.camel.test.SimEvent;
import dev.velt.camel.test.SimExecution;
import dev.velt.camel.test.SimFinding;
import dev.velt.camel.test.SimUrlResult;
import dev.velt.camel.test.VeltSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo application (the YAML routes, and their Java DSL twins) against the simulator with a fixed seed, agents
 * rerun (match-and-merge): the Slack sink must receive exactly one message per approval request or failure of the
 * watched definition, and the Jira sink exactly one issue per problem (finding key) that a critical or high finding of
 * the watched agent reported, however many runs reported it, nothing else; the report must say for every such finding
 * which issue it opened or was recognised as already filed under. The deploy at start runs the watched agent on its
 * page:
 * the report has its row, and the deploy route files each critical finding of that run (the consumer files them too,
 * with the high ones), so each of them has a second row while its problem still has one issue.
 */
class DemoRoutesTest {

    private static final String DEFINITION = "marketing-copy-approval";
    private static final String AGENT = "brand-consistency";
    private static final Pattern RUN_AND_FINDING = Pattern.compile("run (\\S+), finding (\\S+)\\.$");
    private static final Pattern FINDING_KEY = Pattern.compile("\\*Velt finding key:\\* ([0-9a-f]{64})\n");

    @ParameterizedTest(name = "java routes: {0}")
    @ValueSource(booleans = {false, true})
    void deliversEachApprovalRequestFailureAndSevereFindingExactlyOnce(boolean javaRoutes) throws Exception {
        DemoSettings settings = new DemoSettings(Duration.ZERO, 13, 20, 200, javaRoutes, 8, 14, 0.02, Map.of(), 0.5,
                null);
        try (DemoApplication demo = new DemoApplication(settings)) {
            demo.start();
            VeltSimulator simulator = demo.simulator();
            await().atMost(Duration.ofSeconds(30)).until(() -> deployRun(simulator) != null && simulator.isSettled());

            Map<String, List<String>> expectedSlack = expectedSlackMessages(simulator);
            List<SevereFinding> expectedJira = severeFindings(simulator);
            SimAgentRun deployRun = deployRun(simulator);
            List<SevereFinding> deployCritical = expectedJira.stream()
                    .filter(f -> f.runId().equals(deployRun.id()) && f.finding().severity().equals("critical")).toList();
            int expectedTotal = expectedSlack.values().stream().mapToInt(List::size).sum() + expectedJira.size() + 1
                    + deployCritical.size();
            assertScenarioIsWorthTesting(simulator, expectedSlack, expectedJira);
            assertEquals(2, deployCritical.size());

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> demo.report().deliveries().size() >= expectedTotal);
            // a few more polls: nothing else may arrive
            await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5))
                    .until(() -> demo.report().deliveries().size() == expectedTotal);

            assertEquals(expectedSlack, receivedSlackMessages(demo.slackSink().messages()));
            Map<String, String> issueByKey = assertIssues(expectedJira, demo.jiraSink().issues());
            List<SevereFinding> jiraRows = new ArrayList<>(expectedJira);
            jiraRows.addAll(deployCritical);
            assertJiraRows(jiraRows, issueByKey, demo.report());
            assertDeployRows(deployRun, deployCritical, demo.report());
        }
    }

    @Test
    void runStopsByItselfAfterItsDurationAndPrintsWhatWentWhere() throws Exception {
        DemoSettings settings = new DemoSettings(Duration.ofSeconds(4), 13, 20, 200, false, 4, 6, 0, Map.of());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        DemoApplication demo = new DemoApplication(settings);
        try (demo) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), demo::run);

            String out = printed.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("\nWhat went where\n"), out);
            int deliveries = demo.report().deliveries().size();
            String table = out.substring(out.indexOf("\nWhat went where\n"), out.indexOf("\nApprovals from Slack\n"));
            assertEquals(deliveries + 2, table.lines().filter(line -> line.startsWith("  ")).count(), out);
            assertTrue(out.contains("\nApprovals from Slack\n"), out);
            // the velt dev console, printed before Camel stopped, lists both consumers
            assertTrue(out.contains("\nThe velt dev console\n"), out);
            assertTrue(out.contains("Route Id: velt-events-to-slack") && out.contains("Route Id: velt-findings-to-jira"), out);
            assertTrue(out.contains("The local Slack sink received " + demo.slackSink().messages().size() + " messages."));
            assertTrue(out.contains("The local Jira sink created " + demo.jiraSink().issues().size() + " issues."));
            assertTrue(out.contains("The Jira route opened " + demo.report().jiraIssuesOpened() + " issues and recognised "
                                    + demo.report().jiraFindingsAlreadyFiled() + " findings as already filed."),
                    out);
            assertTrue(demo.camelContext().isStopped());
            assertTrue(Files.isDirectory(demo.dataDir()));
        } finally {
            System.setOut(original);
        }
        // without a data directory of its own, the demo's was temporary
        assertTrue(Files.notExists(demo.dataDir()));
    }

    /** The run the deploy started on its page, or null before it started. */
    private static SimAgentRun deployRun(VeltSimulator simulator) {
        return simulator.agentRuns().stream().filter(run -> run.documentId().equals(DemoApplication.DEPLOY_DOCUMENT))
                .findFirst().orElse(null);
    }

    /** The deploy's row, and a Jira row of the deploy route for each critical finding of its run. */
    private static void assertDeployRows(SimAgentRun run, List<SevereFinding> critical, DeliveryReport report) {
        assertEquals(AGENT, run.agentId());
        assertEquals(DemoApplication.DEPLOY_URL, run.seedUrl());
        assertEquals(List.of(run.id() + " | deploy: " + AGENT + " on " + DemoApplication.DEPLOY_URL + " | ended failed, "
                             + DemoApplication.DEPLOY_FINDINGS.size() + " findings, " + critical.size()
                             + " critical -> Jira"),
                report.deploys().stream().map(d -> d.source() + " | " + d.item() + " | " + d.result()).toList());
        assertEquals(critical.stream().map(f -> f.runId() + " | critical: " + f.finding().title()).sorted().toList(),
                report.deliveries().stream()
                        .filter(d -> d.destination().equals("Jira") && d.deliveredBy().equals(DeliveryReport.DEPLOY))
                        .map(d -> d.source() + " | " + d.item()).sorted().toList());
    }

    /** Per execution of the watched definition, in seq order, the text of each approval request and failure. */
    private static Map<String, List<String>> expectedSlackMessages(VeltSimulator simulator) {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (SimExecution execution : simulator.executions()) {
            if (!execution.definitionId().equals(DEFINITION)) {
                continue;
            }
            for (SimEvent event : execution.externalEvents()) {
                String text = switch (event.type()) {
                    case "step.awaiting-approval" -> ":raised_hand: *Approval needed* in " + DEFINITION + " execution "
                                                     + execution.executionId() + " (" + execution.correlationId() + "): step "
                                                     + event.stepId()
                                                     + " is waiting for " + event.data().get("waitingForReviewers")
                                                     + " reviewer(s), "
                                                     + event.data().get("mandatoryCount") + " mandatory.";
                    case "execution.failed" -> {
                        Map<?, ?> reason = (Map<?, ?>) event.data().get("failureReason");
                        yield ":x: *Execution failed*: " + DEFINITION + " execution " + execution.executionId() + " ("
                              + execution.correlationId() + "): " + reason.get("code") + " - " + reason.get("message");
                    }
                    default -> null;
                };
                if (text != null) {
                    expected.computeIfAbsent(execution.executionId(), id -> new ArrayList<>()).add(text);
                }
            }
        }
        return expected;
    }

    /** The received texts grouped by the execution they name, in arrival order. */
    private static Map<String, List<String>> receivedSlackMessages(List<JsonNode> messages) {
        Map<String, List<String>> received = new LinkedHashMap<>();
        Pattern executionId = Pattern.compile("execution (exec_\\S+)");
        for (JsonNode message : messages) {
            assertEquals(Set.of("text", "channel"), fieldNames(message), message::toString);
            assertEquals("#velt-approvals", message.get("channel").asText());
            String text = message.get("text").asText();
            Matcher matcher = executionId.matcher(text);
            assertTrue(matcher.find(), text);
            received.computeIfAbsent(matcher.group(1), id -> new ArrayList<>()).add(text);
        }
        return received;
    }

    /** A critical or high finding of the watched agent, with the finding key its problem has. */
    private record SevereFinding(String runId, SimFinding finding, String key) {
    }

    /** Critical and high findings of the watched agent's runs (reruns too), in the order the simulator lists them. */
    private static List<SevereFinding> severeFindings(VeltSimulator simulator) {
        List<SevereFinding> severe = new ArrayList<>();
        for (SimAgentRun run : simulator.agentRuns()) {
            if (run.agentId().equals(AGENT)) {
                for (SimUrlResult result : run.results()) {
                    result.findings().stream()
                            .filter(f -> f.severity().equals("critical") || f.severity().equals("high"))
                            .forEach(f -> severe.add(new SevereFinding(run.id(), f,
                                    VeltFindingKey.of(AGENT, result.url(), agentFinding(f)))));
                }
            }
        }
        return severe;
    }

    /** One issue per finding key, made from one of the findings with that key; returns the issue key per finding key. */
    private static Map<String, String> assertIssues(List<SevereFinding> expected, List<CreatedIssue> issues) {
        Map<String, String> issueByKey = new LinkedHashMap<>();
        for (CreatedIssue issue : issues) {
            JsonNode fields = issue.request().get("fields");
            String description = fields.get("description").asText();
            Matcher matcher = RUN_AND_FINDING.matcher(description);
            assertTrue(matcher.find(), description);
            String runId = matcher.group(1);
            SevereFinding severe = expected.stream()
                    .filter(e -> e.runId().equals(runId) && e.finding().id().equals(matcher.group(2)))
                    .findFirst().orElse(null);
            assertTrue(severe != null, "unexpected issue " + issue.request());
            assertEquals(null, issueByKey.put(severe.key(), issue.key()), "a second issue for " + severe);
            SimFinding finding = severe.finding();
            assertEquals("VELT", fields.at("/project/key").asText());
            assertEquals("Bug", fields.at("/issuetype/name").asText());
            assertEquals("[" + finding.severity().toUpperCase() + "] " + finding.title(), fields.get("summary").asText());
            assertEquals(List.of("velt", finding.category(), finding.issueType()),
                    fieldValues(fields.get("labels")));
            assertTrue(description.startsWith(finding.description() + "\n"), description);
            assertTrue(description.contains("*Page:* " + finding.sourceUrl() + "\n"), description);
            Matcher key = FINDING_KEY.matcher(description);
            assertTrue(key.find(), description);
            assertEquals(severe.key(), key.group(1));
            assertTrue(description.endsWith("Reported by Velt agent " + AGENT + ", run " + runId
                                            + ", finding " + finding.id() + "."),
                    description);
        }
        assertEquals(expected.stream().map(SevereFinding::key).distinct().sorted().toList(),
                issueByKey.keySet().stream().sorted().toList());
        return issueByKey;
    }

    /** Per finding one Jira row: "opened" the issue of its problem (once per problem), else "already filed as" it. */
    private static void assertJiraRows(List<SevereFinding> expected, Map<String, String> issueByKey,
            DeliveryReport report) {
        List<String> rows = report.deliveries().stream().filter(d -> d.destination().equals("Jira"))
                .map(d -> d.source() + " | " + d.item() + " | " + d.result()).toList();
        List<String> unmatched = new ArrayList<>(rows);
        Map<String, Integer> openedPerKey = new LinkedHashMap<>();
        for (SevereFinding severe : expected) {
            String row = severe.runId() + " | " + severe.finding().severity() + ": " + severe.finding().title() + " | ";
            String issue = issueByKey.get(severe.key());
            if (unmatched.remove(row + DeliveryReport.OPENED + issue)) {
                openedPerKey.merge(severe.key(), 1, Integer::sum);
            } else {
                assertTrue(unmatched.remove(row + DeliveryReport.ALREADY_FILED + issue), row + " in " + rows);
            }
        }
        assertEquals(List.of(), unmatched);
        assertEquals(issueByKey.keySet(), openedPerKey.keySet());
        assertTrue(openedPerKey.values().stream().allMatch(n -> n == 1), openedPerKey::toString);
        assertEquals(issueByKey.size(), report.jiraIssuesOpened());
        assertEquals(expected.size() - issueByKey.size(), report.jiraFindingsAlreadyFiled());
    }

    private static AgentFinding agentFinding(SimFinding f) {
        AgentFinding finding = new AgentFinding();
        finding.setId(f.id());
        finding.setTitle(f.title());
        finding.setCategory(f.category());
        finding.setTargetText(f.targetText());
        finding.setOccurrence(f.occurrence());
        finding.setSourceUrl(f.sourceUrl());
        finding.setHtmlSelector(f.htmlSelector());
        finding.setHtmlXpath(f.htmlXpath());
        finding.setPageLevel(f.pageLevel());
        finding.setIssueType(f.issueType());
        return finding;
    }

    /** The seed gives a scenario where the filters matter: other definitions, agents and milder findings exist. */
    private static void assertScenarioIsWorthTesting(VeltSimulator simulator, Map<String, List<String>> slack,
            List<SevereFinding> severe) {
        List<SimFinding> jira = severe.stream().map(SevereFinding::finding).toList();
        List<String> texts = slack.values().stream().flatMap(List::stream).toList();
        assertTrue(texts.stream().anyMatch(t -> t.contains("Approval needed")));
        assertTrue(texts.stream().anyMatch(t -> t.contains("Execution failed")));
        assertTrue(simulator.executions().stream().anyMatch(e -> !e.definitionId().equals(DEFINITION)));
        assertTrue(jira.stream().anyMatch(f -> f.severity().equals("critical")));
        assertTrue(jira.stream().anyMatch(f -> f.severity().equals("high")));
        // a rerun reports a problem already filed, and one finds a problem anew
        assertTrue(severe.stream().map(SevereFinding::key).distinct().count() < severe.size());
        assertTrue(severe.stream().anyMatch(f -> f.finding().issueType().equals("broken-link")));
        List<SimAgentRun> runs = simulator.agentRuns();
        assertTrue(runs.stream().anyMatch(r -> !r.agentId().equals(AGENT) && !r.findings().isEmpty()));
        assertTrue(runs.stream().filter(r -> r.agentId().equals(AGENT)).flatMap(r -> r.findings().stream())
                .anyMatch(f -> !jira.contains(f)));
        assertTrue(runs.stream().map(SimAgentRun::finalStatus).collect(Collectors.toSet())
                .containsAll(Set.of("passed", "failed", "error")));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> fieldValues(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
