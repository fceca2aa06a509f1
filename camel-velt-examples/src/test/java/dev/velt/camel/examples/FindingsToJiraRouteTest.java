package dev.velt.camel.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velt.camel.examples.DeliveryReport.Delivery;
import dev.velt.camel.examples.routes.FileInJiraRouteBuilder;
import dev.velt.camel.examples.routes.FindingsToJiraRouteBuilder;
import dev.velt.camel.examples.sinks.JiraSink;
import dev.velt.camel.examples.sinks.JiraSink.CreatedIssue;
import dev.velt.camel.test.SimAgentRun;
import dev.velt.camel.test.SimFinding;
import dev.velt.camel.test.SimUrlResult;
import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltSimulator;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo's Jira route (the YAML one, and its Java DSL twin, with the route they file through) in a real Camel Main
 * application against the simulator and the local Jira sink: one issue per problem, whether the agent reports it again
 * in a rerun or the route restarts with the same files, and an issue for a problem a rerun finds anew.
 */
class FindingsToJiraRouteTest {

    private static final String AGENT = "brand-consistency";
    private static final String PAGE = "https://www.acme.example/pricing";
    private static final String USER = "test@example.com";
    private static final String TOKEN = "test-jira-token";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final SimFinding TONE = new SimFinding("finding-1", "Tone does not match the brand voice",
            "The call to action uses pressure-selling language", "high", "content", "Buy now or miss out!", 1, PAGE,
            "Rephrase: 'Start your free trial today'", "section.cta p", "/html/body/main/section[3]/p", false,
            "brand-voice", 80);
    private static final SimFinding LOGO = new SimFinding("finding-2", "Outdated logo", "The header shows the 2023 logo",
            "critical", "visual", "", 1, PAGE, "Replace it with the 2025 logo", "header img.logo",
            "/html/body/header/img", true, "logo-usage", 90);
    private static final SimFinding SPELLING = new SimFinding("finding-3", "Spelling mistake",
            "'recieve' should be 'receive'", "low", "content", "recieve", 1, PAGE, "Correct the spelling", "p.terms",
            "/html/body/footer/p[2]", false, "spelling", 70);
    private static final SimFinding BROKEN_LINK = new SimFinding("finding-new-1", "Broken link",
            "The link to /pricing answers 404", "high", "content", "See our pricing", 1, PAGE, "Point the link at /plans",
            "a.pricing-link", "/html/body/main/section[2]/a", false, "broken-link", 88);

    @TempDir
    Path dataDir;

    private VeltSimulator simulator;
    private JiraSink jira;
    private final List<Main> started = new ArrayList<>();

    @BeforeEach
    void startStandIns() {
        simulator = VeltSimulator.start(SimulatorOptions.defaults().tickMillis(0).workflowExecutions(0).agentRuns(0));
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
    void aRerunOpensNoSecondIssueAndANewProblemInItOpensOne(boolean javaRoutes) throws Exception {
        DeliveryReport report = new DeliveryReport();
        startRoutes(javaRoutes, report);
        finishedRun("run_first");
        await().atMost(WAIT).until(() -> report.deliveries().size() == 2);

        // the rerun finds the tone and the logo again (the spelling mistake was fixed) and a broken link
        SimAgentRun rerun = simulator.rerunAgent("run_first", List.of(BROKEN_LINK));
        simulator.advance(1);
        await().atMost(WAIT).until(() -> report.deliveries().size() == 5);

        assertThat(rows(report)).containsExactly(
                "run_first | high: Tone does not match the brand voice | opened VELT-1",
                "run_first | critical: Outdated logo | opened VELT-2",
                rerun.id() + " | high: Tone does not match the brand voice | already filed as VELT-1",
                rerun.id() + " | critical: Outdated logo | already filed as VELT-2",
                rerun.id() + " | high: Broken link | opened VELT-3");
        assertThat(summaries(jira.issues())).containsExactly("[HIGH] Tone does not match the brand voice",
                "[CRITICAL] Outdated logo", "[HIGH] Broken link");
        assertNothingMoreHappens(report, 5);
    }

    @ParameterizedTest(name = "positions kept: {0}")
    @ValueSource(booleans = {true, false})
    void aRestartWithTheSameFilesOpensNoSecondIssue(boolean positionsKept) throws Exception {
        DeliveryReport before = new DeliveryReport();
        Main first = startRoutes(false, before);
        finishedRun("run_first");
        await().atMost(WAIT).until(() -> before.deliveries().size() == 2);
        first.stop();
        if (!positionsKept) {
            // the route then reads run_first again from the start: only the idempotent repository stops a duplicate
            Files.delete(dataDir.resolve("jira-positions.dat"));
        }
        SimAgentRun rerun = simulator.rerunAgent("run_first", List.of());
        simulator.advance(1);

        DeliveryReport after = new DeliveryReport();
        startRoutes(false, after);
        List<String> expected = new ArrayList<>();
        if (!positionsKept) {
            expected.add("run_first | high: Tone does not match the brand voice | already filed as VELT-1");
            expected.add("run_first | critical: Outdated logo | already filed as VELT-2");
        }
        expected.add(rerun.id() + " | high: Tone does not match the brand voice | already filed as VELT-1");
        expected.add(rerun.id() + " | critical: Outdated logo | already filed as VELT-2");
        await().atMost(WAIT).until(() -> after.deliveries().size() == expected.size());
        assertThat(rows(after)).containsExactlyElementsOf(expected);
        assertThat(jira.issues()).hasSize(2);

        // after the restart a new problem still opens an issue, and a known one still does not
        SimAgentRun second = simulator.rerunAgent(rerun.id(), List.of(BROKEN_LINK));
        simulator.advance(1);
        await().atMost(WAIT).until(() -> after.deliveries().size() == expected.size() + 2);
        assertThat(rows(after).subList(expected.size(), expected.size() + 2)).containsExactly(
                second.id() + " | high: Tone does not match the brand voice | already filed as VELT-1",
                second.id() + " | high: Broken link | opened VELT-3");
        assertThat(summaries(jira.issues())).containsExactly("[HIGH] Tone does not match the brand voice",
                "[CRITICAL] Outdated logo", "[HIGH] Broken link");
        assertNothingMoreHappens(after, expected.size() + 2);
    }

    /** A run of the agent on one page, finished at once: two severe findings and a low one (which files nothing). */
    private void finishedRun(String runId) {
        long now = simulator.tick();
        simulator.addAgentRun(runId, AGENT, now, now, "failed",
                List.of(new SimUrlResult(PAGE, List.of(TONE, LOGO, SPELLING), 3, simulator.timeOf(now))));
    }

    /**
     * The demo's Jira routes alone, as the demo configures them, pointed at the simulator, the sink and {@link #dataDir}.
     */
    private Main startRoutes(boolean javaRoutes, DeliveryReport report) throws Exception {
        Main main = new Main();
        main.bind("deliveryReport", report);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("camel.component.properties.environment-variable-mode", "0");
        properties.put("camel.main.routes-include-pattern",
                "classpath:routes/findings-to-jira.yaml,classpath:routes/file-in-jira.yaml");
        properties.put("camel.component.velt.base-url", simulator.baseUrl());
        properties.put("camel.component.velt.api-key", simulator.apiKey());
        properties.put("camel.component.velt.auth-token", simulator.authToken());
        properties.put("velt.agent-id", AGENT);
        properties.put("velt.poll-delay", "100");
        properties.put("velt.since-time", String.valueOf(simulator.startTime()));
        properties.put("jira.url", jira.url());
        properties.put("jira.user", USER);
        properties.put("jira.token", TOKEN);
        properties.put("demo.data-dir", dataDir.toString());
        properties.forEach(main::addOverrideProperty);
        if (javaRoutes) {
            main.configure().setRoutesCollectorEnabled(false);
            main.configure().addRoutesBuilder(new FileInJiraRouteBuilder());
            main.configure().addRoutesBuilder(new FindingsToJiraRouteBuilder());
        }
        started.add(main);
        main.start();
        assertThat(main.getCamelContext().getRoutes()).extracting(route -> route.getRouteId())
                .containsExactlyInAnyOrder("velt-findings-to-jira", "velt-file-in-jira");
        return main;
    }

    /** Each delivery (all to Jira) as "run | what | result". */
    private static List<String> rows(DeliveryReport report) {
        List<Delivery> deliveries = report.deliveries();
        assertThat(deliveries).extracting(Delivery::destination).containsOnly("Jira");
        return deliveries.stream().map(d -> d.source() + " | " + d.item() + " | " + d.result()).toList();
    }

    private static List<String> summaries(List<CreatedIssue> issues) {
        return issues.stream().map(issue -> issue.request().at("/fields/summary").asText()).toList();
    }

    /** Polls go on (the consumer polls every 100 ms) and nothing more is delivered or filed. */
    private void assertNothingMoreHappens(DeliveryReport report, int deliveries) {
        int issues = jira.issues().size();
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                .until(() -> report.deliveries().size() == deliveries && jira.issues().size() == issues);
    }
}
