package dev.velt.camel.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.examples.DeliveryReport.Delivery;
import dev.velt.camel.examples.routes.DeployCheckRouteBuilder;
import dev.velt.camel.examples.routes.FileInJiraRouteBuilder;
import dev.velt.camel.examples.routes.FindingsToJiraRouteBuilder;
import dev.velt.camel.examples.sinks.JiraSink;
import dev.velt.camel.examples.sinks.JiraSink.CreatedIssue;
import dev.velt.camel.model.AgentExecution;
import dev.velt.camel.test.SimAgentRun;
import dev.velt.camel.test.SimFinding;
import dev.velt.camel.test.SimRequest;
import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltSimulator;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo's deploy route (the YAML one, and its Java DSL twin) in a real Camel Main application with the route it
 * files through, against the simulator over HTTP and the local Jira sink. A deploy runs the brand agent on the page,
 * the route reads the run until it has ended (the first test ends it only after the route has read it three times),
 * and each critical finding of the run opens one Jira issue; the high, medium and low ones open none. Two deploys at
 * once (the second awaits
 * the run the first started, so both route the same results), a later deploy that finds the same problems, and the
 * agent runs' consumer following the same agent still give one issue per critical finding.
 */
class DeployCheckRouteTest {

    private static final String AGENT = "brand-consistency";
    private static final String PAGE = "https://www.acme.example/launch";
    private static final String ORGANIZATION = "org_acme";
    private static final String DOCUMENT = "doc_launch_page";
    private static final String USER = "test@example.com";
    private static final String TOKEN = "test-jira-token";
    private static final String DEPLOY = "direct:velt-deploy-check";
    private static final String RUN = "agents/execution/run";
    private static final String GET = "agents/execution/get";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final SimFinding LOGO = new SimFinding("finding-1", "Outdated logo", "The header shows the 2023 logo",
            "critical", "visual", "", 1, null, "Replace it with the 2025 logo", "header img.logo", "/html/body/header/img",
            true, "logo-usage", 90);
    private static final SimFinding PII = new SimFinding("finding-2", "Personal data in page copy",
            "A testimonial quotes a customer's full email address", "critical", "compliance", "jane.doe@example.com", 1,
            null, "Remove the email address", "blockquote.testimonial", "/html/body/main/section[4]/blockquote", false,
            "pii", 85);
    private static final SimFinding BUTTON = new SimFinding("finding-3", "Off-brand button colour",
            "The primary button uses #FF5733", "high", "visual", "Start free trial", 1, null, "Use #0052CC",
            "a.btn-primary", "/html/body/main/section[1]/a", false, "brand-color", 80);
    private static final SimFinding FONT = new SimFinding("finding-4", "Heading uses wrong font",
            "The h1 uses 'Arial'", "medium", "typography", "Launch week", 1, null, "Use 'Inter'", "h1.hero-title",
            "/html/body/main/section[1]/h1", false, "brand-font", 75);
    private static final SimFinding SPELLING = new SimFinding("finding-5", "Spelling mistake",
            "'recieve' should be 'receive'", "low", "content", "recieve", 1, null, "Correct the spelling", "p.terms",
            "/html/body/footer/p[2]", false, "spelling", 70);

    @TempDir
    Path dataDir;

    private VeltSimulator simulator;
    private JiraSink jira;
    private final List<Main> started = new ArrayList<>();

    @BeforeEach
    void startStandIns() {
        // the clock moves only when the test says: a run started now ends one tick later
        simulator = VeltSimulator.start(SimulatorOptions.defaults().tickMillis(0).workflowExecutions(0).agentRuns(0));
        simulator.agentRunOutcome(1, "failed", List.of(LOGO, PII, BUTTON, FONT, SPELLING));
        jira = JiraSink.start(USER, TOKEN);
    }

    @AfterEach
    void stopAll() {
        started.stream().filter(main -> !main.isStopped()).forEach(Main::stop);
        jira.stop();
        simulator.stop();
    }

    @ParameterizedTest(name = "java routes: {0}")
    @ValueSource(booleans = {false, true})
    void aDeployAwaitsTheRunAndFilesEachCriticalFindingOnce(boolean javaRoutes) throws Exception {
        DeliveryReport report = new DeliveryReport();
        ProducerTemplate template = startRoutes(javaRoutes, report, false).getCamelContext().createProducerTemplate();

        CompletableFuture<Exchange> deploy = deploy(template);
        String runId = awaitReadsOfOneRun(3);
        assertThat(deploy).isNotDone();
        simulator.advance(1);

        AgentExecution run = finished(deploy);
        assertThat(run.getId()).isEqualTo(runId);
        assertThat(run.getStatus()).isEqualTo("failed");
        JsonNode request = simulator.requests().to(RUN).get(0).data();
        assertThat(request.get("agentId").asText()).isEqualTo(AGENT);
        assertThat(request.get("url").asText()).isEqualTo(PAGE);
        assertThat(request.get("organizationId").asText()).isEqualTo(ORGANIZATION);
        assertThat(request.get("documentId").asText()).isEqualTo(DOCUMENT);
        assertThat(request.at("/userContext/release").asText()).isEqualTo("2026.12.1");

        assertThat(report.deploys()).extracting(d -> d.source() + " | " + d.item() + " | " + d.result())
                .containsExactly(runId + " | deploy: " + AGENT + " on " + PAGE
                                 + " | ended failed, 5 findings, 2 critical -> Jira");
        assertThat(jiraRows(report)).containsExactly(
                runId + " | critical: Outdated logo | opened VELT-1 | deploy",
                runId + " | critical: Personal data in page copy | opened VELT-2 | deploy");
        assertThat(summaries(jira.issues())).containsExactly("[CRITICAL] Outdated logo",
                "[CRITICAL] Personal data in page copy");
        assertThat(jira.issues().get(0).request().at("/fields/description").asText())
                .contains("*Page:* " + PAGE + "\n")
                .endsWith("Reported by Velt agent " + AGENT + ", run " + runId + ", finding finding-1.");
        assertNothingMoreHappens(report);
    }

    @ParameterizedTest(name = "java routes: {0}")
    @ValueSource(booleans = {false, true})
    void twoDeploysAtOnceRouteTheSameRunAndFileEachCriticalFindingOnce(boolean javaRoutes) throws Exception {
        DeliveryReport report = new DeliveryReport();
        ProducerTemplate template = startRoutes(javaRoutes, report, false).getCamelContext().createProducerTemplate();

        CompletableFuture<Exchange> first = deploy(template);
        String runId = awaitReadsOfOneRun(1);
        // Velt answers the second ALREADY_EXISTS, naming the first's run, which the route then awaits too
        CompletableFuture<Exchange> second = deploy(template);
        await().atMost(WAIT).until(() -> simulator.requests().count(RUN) == 2);
        assertThat(simulator.agentRuns()).extracting(SimAgentRun::id).containsExactly(runId);
        assertThat(first).isNotDone();
        simulator.advance(1);

        assertThat(finished(first).getId()).isEqualTo(runId);
        assertThat(finished(second).getId()).isEqualTo(runId);
        assertThat(report.deploys()).extracting(Delivery::source).containsExactly(runId, runId);
        assertThat(jiraRows(report)).containsExactlyInAnyOrder(
                runId + " | critical: Outdated logo | opened VELT-" + issueNumber("Outdated logo") + " | deploy",
                runId + " | critical: Outdated logo | already filed as VELT-" + issueNumber("Outdated logo")
                                                                                                                  + " | deploy",
                runId + " | critical: Personal data in page copy | opened VELT-"
                                                                                                                                 + issueNumber(
                                                                                                                                         "Personal data in page copy")
                                                                                                                                 + " | deploy",
                runId + " | critical: Personal data in page copy | already filed as VELT-"
                                                                                                                                                + issueNumber(
                                                                                                                                                        "Personal data in page copy")
                                                                                                                                                + " | deploy");
        assertThat(summaries(jira.issues())).containsExactlyInAnyOrder("[CRITICAL] Outdated logo",
                "[CRITICAL] Personal data in page copy");
        assertNothingMoreHappens(report);
    }

    @Test
    void aLaterDeployThatFindsTheSameProblemsOpensNoIssue() throws Exception {
        DeliveryReport report = new DeliveryReport();
        ProducerTemplate template = startRoutes(false, report, false).getCamelContext().createProducerTemplate();
        CompletableFuture<Exchange> first = deploy(template);
        String firstRun = awaitReadsOfOneRun(1);
        simulator.advance(1);
        finished(first);

        CompletableFuture<Exchange> second = deploy(template);
        await().atMost(WAIT).until(() -> simulator.agentRuns().size() == 2);
        String secondRun = simulator.agentRuns().get(1).id();
        await().atMost(WAIT).until(() -> readsOf(secondRun) >= 1);
        simulator.advance(1);

        assertThat(finished(second).getId()).isEqualTo(secondRun).isNotEqualTo(firstRun);
        assertThat(jiraRows(report)).containsExactly(
                firstRun + " | critical: Outdated logo | opened VELT-1 | deploy",
                firstRun + " | critical: Personal data in page copy | opened VELT-2 | deploy",
                secondRun + " | critical: Outdated logo | already filed as VELT-1 | deploy",
                secondRun + " | critical: Personal data in page copy | already filed as VELT-2 | deploy");
        assertThat(jira.issues()).hasSize(2);
        assertNothingMoreHappens(report);
    }

    /** As in the demo: the agent runs' consumer files the critical and high findings of the same run. */
    @Test
    void withTheConsumerFollowingTheAgentTooEachProblemStillOpensOneIssue() throws Exception {
        DeliveryReport report = new DeliveryReport();
        ProducerTemplate template = startRoutes(false, report, true).getCamelContext().createProducerTemplate();
        CompletableFuture<Exchange> deploy = deploy(template);
        String runId = awaitReadsOfOneRun(1);
        simulator.advance(1);
        finished(deploy);

        // the consumer polls every 100 ms: its three rows (two critical, one high) follow
        await().atMost(WAIT).until(() -> jiraRows(report).size() == 5);
        List<String> rows = jiraRows(report);
        assertThat(rows).filteredOn(row -> row.endsWith(" | deploy")).hasSize(2);
        assertThat(rows).filteredOn(row -> row.endsWith(" | poll")).hasSize(3);
        assertThat(rows).filteredOn(row -> row.contains(" | opened ")).extracting(row -> row.split(" \\| ")[1])
                .containsExactlyInAnyOrder("critical: Outdated logo", "critical: Personal data in page copy",
                        "high: Off-brand button colour");
        assertThat(rows).allMatch(row -> row.startsWith(runId + " | "));
        assertThat(summaries(jira.issues())).containsExactlyInAnyOrder("[CRITICAL] Outdated logo",
                "[CRITICAL] Personal data in page copy", "[HIGH] Off-brand button colour");
        assertNothingMoreHappens(report);
    }

    /** Sends a deploy of {@link #PAGE}, with a user context, without waiting for its end. */
    private static CompletableFuture<Exchange> deploy(ProducerTemplate template) {
        return template.asyncSend(DEPLOY, exchange -> {
            exchange.getMessage().setHeader(VeltConstants.URL, PAGE);
            exchange.getMessage().setBody(Map.of("release", "2026.12.1"));
        });
    }

    /** Waits until the route has read the one run started so far at least {@code reads} times; returns its id. */
    private String awaitReadsOfOneRun(int reads) {
        await().atMost(WAIT).until(() -> simulator.agentRuns().size() == 1);
        String runId = simulator.agentRuns().get(0).id();
        await().atMost(WAIT).until(() -> readsOf(runId) >= reads);
        assertThat(simulator.agentRuns()).hasSize(1);
        return runId;
    }

    private int readsOf(String runId) {
        return (int) simulator.requests().to(GET).stream().map(SimRequest::data)
                .filter(data -> runId.equals(data.path("executionId").asText())).count();
    }

    /** The deploy's exchange once it completed, without failure: its body is the ended run. */
    private static AgentExecution finished(CompletableFuture<Exchange> deploy) throws Exception {
        Exchange exchange = deploy.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(exchange.getException()).isNull();
        return exchange.getMessage().getBody(AgentExecution.class);
    }

    /** The number of the issue the sink created with this title. */
    private String issueNumber(String title) {
        CreatedIssue issue = jira.issues().stream()
                .filter(i -> i.request().at("/fields/summary").asText().endsWith("] " + title)).findFirst().orElseThrow();
        return issue.key().substring(issue.key().indexOf('-') + 1);
    }

    /**
     * The deploy route and the Jira route it files through, as the demo configures them, pointed at the simulator, the
     * sink and {@link #dataDir}; with {@code consumerToo}, the agent runs' consumer of the same agent as well.
     */
    private Main startRoutes(boolean javaRoutes, DeliveryReport report, boolean consumerToo) throws Exception {
        Main main = new Main();
        main.bind("deliveryReport", report);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("camel.component.properties.environment-variable-mode", "0");
        properties.put("camel.main.routes-include-pattern", "classpath:routes/file-in-jira.yaml,"
                                                            + "classpath:routes/deploy-check.yaml"
                                                            + (consumerToo ? ",classpath:routes/findings-to-jira.yaml" : ""));
        properties.put("camel.server.enabled", "false");
        properties.put("camel.component.velt.base-url", simulator.baseUrl());
        properties.put("camel.component.velt.api-key", simulator.apiKey());
        properties.put("camel.component.velt.auth-token", simulator.authToken());
        properties.put("velt.agent-id", AGENT);
        properties.put("velt.poll-delay", "100");
        properties.put("velt.since-time", String.valueOf(simulator.startTime()));
        // the test sends the deploys itself
        properties.put("velt.deploys", "0");
        properties.put("velt.deploy-organization-id", ORGANIZATION);
        properties.put("velt.deploy-document-id", DOCUMENT);
        properties.put("jira.url", jira.url());
        properties.put("jira.user", USER);
        properties.put("jira.token", TOKEN);
        properties.put("demo.data-dir", dataDir.toString());
        properties.forEach(main::addOverrideProperty);
        if (javaRoutes) {
            main.configure().setRoutesCollectorEnabled(false);
            main.configure().addRoutesBuilder(new FileInJiraRouteBuilder());
            main.configure().addRoutesBuilder(new DeployCheckRouteBuilder());
            if (consumerToo) {
                main.configure().addRoutesBuilder(new FindingsToJiraRouteBuilder());
            }
        }
        started.add(main);
        main.start();
        List<String> routes = new ArrayList<>(List.of("velt-file-in-jira", "velt-deploy", "velt-deploy-check"));
        if (consumerToo) {
            routes.add("velt-findings-to-jira");
        }
        assertThat(main.getCamelContext().getRoutes()).extracting(route -> route.getRouteId())
                .containsExactlyInAnyOrderElementsOf(routes);
        return main;
    }

    /** Each Jira row as "run | what | result | came by". */
    private static List<String> jiraRows(DeliveryReport report) {
        return report.deliveries().stream().filter(d -> d.destination().equals("Jira"))
                .map(d -> d.source() + " | " + d.item() + " | " + d.result() + " | " + d.deliveredBy()).toList();
    }

    private static List<String> summaries(List<CreatedIssue> issues) {
        return issues.stream().map(issue -> issue.request().at("/fields/summary").asText()).toList();
    }

    /** More polls and reads may happen; nothing more is recorded or filed. */
    private void assertNothingMoreHappens(DeliveryReport report) {
        int deliveries = report.deliveries().size();
        int issues = jira.issues().size();
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                .until(() -> report.deliveries().size() == deliveries && jira.issues().size() == issues);
    }
}
