package dev.velt.camel.component;

import java.time.Duration;
import java.util.List;

import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.Recorder;
import dev.velt.camel.model.AgentExecution;
import dev.velt.camel.model.AgentFinding;
import dev.velt.camel.test.SimulatorOptions;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class VeltAgentExecutionsConsumerTest extends ConsumerTestSupport {

    private static final String LIST = "/v2/agents/execution/list";
    private static final String GET = "/v2/agents/execution/get";

    private static final long HOUR = 3_600_000L;

    private final Recorder runs = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID, String.class));

    /** Agent runs listed in the older envelope ({@code items, nextCursor, hasMore}) by the legacy tests. */
    @Override
    protected SimulatorOptions simulatorOptions() {
        boolean legacy = testInfo.getDisplayName().contains("legacy envelope: true");
        return super.simulatorOptions().legacyAgentList(legacy);
    }

    @ParameterizedTest(name = "legacy envelope: {0}")
    @ValueSource(booleans = {false, true})
    void emitsEachRunOnceWhenItFinishesEvenWhenNewerRunsFinishFirst(boolean legacyEnvelope) throws Exception {
        assertThat(simulator.options().legacyAgentList()).isEqualTo(legacyEnvelope);
        // started further apart than the lookback window, so a scan stops before reading the whole list
        long t = System.currentTimeMillis() - HOUR * 3;
        velt.putRun("run_done_before", "agent_1", "passed", t, t + 60_000);
        velt.putRun("run_slow", "agent_1", "running", t + HOUR, null);
        velt.putRun("run_b", "agent_1", "running", t + 2 * HOUR, null);
        startRoute("velt:agentExecutions?agentId=agent_1&pageSize=2&" + fast(), runs);

        await().until(() -> requestsTo(LIST) >= 2);
        velt.putRun("run_b", "agent_1", "failed", t + 2 * HOUR, System.currentTimeMillis());
        await().until(() -> runs.processed().contains("run_b"));
        // newer runs start and finish; run_slow falls off the first page
        for (int i = 0; i < 5; i++) {
            velt.putRun("run_new_" + i, "agent_1", "passed", t + 3 * HOUR - 60_000 + i, System.currentTimeMillis());
        }
        await().until(() -> runs.processed().size() == 6);
        velt.putRun("run_slow", "agent_1", "error", t + HOUR, System.currentTimeMillis());
        await().until(() -> runs.processed().contains("run_slow"));
        await().during(Duration.ofMillis(300)).until(() -> runs.processed().size() == 7);

        assertThat(runs.processed()).doesNotHaveDuplicates().doesNotContain("run_done_before")
                .containsExactlyInAnyOrder("run_b", "run_new_0", "run_new_1", "run_new_2", "run_new_3", "run_new_4",
                        "run_slow");
        // run_slow was re-checked with agents/execution/get once it was no longer on the first page
        assertThat(requestsFor(GET, "run_slow")).isPositive();
        Exchange slow = runs.exchanges().stream()
                .filter(e -> "run_slow".equals(e.getMessage().getHeader(VeltConstants.EXECUTION_ID))).findFirst().orElseThrow();
        assertThat(slow.getMessage().getHeader(VeltConstants.EXECUTION_STATUS)).isEqualTo("error");
        assertThat(slow.getMessage().getHeader(VeltConstants.AGENT_ID)).isEqualTo("agent_1");
        assertThat(slow.getMessage().getBody(AgentExecution.class).getResults()).isNull();
    }

    @Test
    void sinceTimeReachesBackToRunsThatFinishedBeforeTheFirstStart() throws Exception {
        velt.putRun("run_old", "agent_1", "passed", 50, 60L);
        velt.putRun("run_recent", "agent_1", "passed", 500, 600L);
        startRoute("velt:agentExecutions?agentId=agent_1&sinceTime=400&" + fast(), runs);

        await().until(() -> runs.processed().size() == 1);
        await().during(Duration.ofMillis(200)).until(() -> runs.processed().size() == 1);
        assertThat(runs.processed()).containsExactly("run_recent");
    }

    @Test
    void includeResultsDeliversTheRunWithItsFindings() throws Exception {
        velt.putRun("run_r", "agent_1", "running", 100, null);
        velt.putFindings("run_r", "https://example.com", "high", "low");
        velt.putFindings("run_r", "https://example.com/about", "critical");
        startRoute("velt:agentExecutions?agentId=agent_1&includeResults=true&" + fast(), runs);

        await().until(() -> requestsTo(LIST) >= 1);
        velt.putRun("run_r", "agent_1", "failed", 100, System.currentTimeMillis());
        await().until(() -> runs.processed().size() == 1);

        AgentExecution run = runs.exchanges().get(0).getMessage().getBody(AgentExecution.class);
        assertThat(run.getResults()).hasSize(2);
        assertThat(run.getAllFindings()).extracting(AgentFinding::getSeverity).containsExactly("high", "low", "critical");
    }

    @Test
    void splitFindingsEmitsOneExchangePerFindingAndRedeliversOnlyTheFailedOnes() throws Exception {
        velt.putRun("run_s", "agent_1", "running", 100, null);
        String second = velt.putFindings("run_s", "https://example.com", "critical", "high", "info").get(1);
        Recorder findings = new Recorder(e -> e.getMessage().getBody(AgentFinding.class).getId());
        findings.failTimes(second, 2);
        startRoute("velt:agentExecutions?agentId=agent_1&splitFindings=true&" + fast(), findings);

        await().until(() -> requestsTo(LIST) >= 1);
        velt.putRun("run_s", "agent_1", "failed", 100, System.currentTimeMillis());
        await().until(() -> findings.processed().size() == 3);
        await().during(Duration.ofMillis(300)).until(() -> findings.processed().size() == 3);

        assertThat(findings.processed()).doesNotHaveDuplicates().hasSize(3);
        assertThat(findings.attempts().stream().filter(second::equals)).hasSize(3);
        Exchange critical = findings.exchanges().get(0);
        assertThat(critical.getMessage().getHeader(VeltConstants.FINDING_SEVERITY)).isEqualTo("critical");
        assertThat(critical.getMessage().getHeader(VeltConstants.FINDING_URL)).isEqualTo("https://example.com");
        assertThat(critical.getMessage().getHeader(VeltConstants.EXECUTION_ID)).isEqualTo("run_s");
    }

    @Test
    void anIdlePollIsOneListRequestPlusOneGetPerRunningRunOffTheFirstPage() throws Exception {
        // started further apart than the lookback window: a later poll reads page one only
        long t = System.currentTimeMillis() - HOUR * 3;
        velt.putRun("run_running", "agent_1", "running", t, null);
        velt.putRun("run_newer", "agent_1", "passed", t + HOUR, t + HOUR + 10);
        velt.putRun("run_newest", "agent_1", "passed", t + 2 * HOUR, t + 2 * HOUR + 10);
        // pageSize 2: run_running is pending but not on the first page; repeatCount fixes the number of polls
        startRoute("velt:agentExecutions?agentId=agent_1&pageSize=2&repeatCount=6&" + fast(), runs);

        await().until(() -> requestsTo(LIST) >= 7 && requestsTo(GET) >= 5);
        await().during(Duration.ofMillis(300)).until(() -> requestsTo(LIST) == 7);
        // first poll reads both pages of the list once; the five later polls read page one and get run_running
        assertThat(requestsTo(LIST)).isEqualTo(7);
        assertThat(requestsTo(GET)).isEqualTo(5);
        assertThat(runs.processed()).isEmpty();
    }

    @Test
    void anIdlePollWithNothingPendingIsOneListRequest() throws Exception {
        velt.putRun("run_done", "agent_1", "passed", 100, 110L);
        startRoute("velt:agentExecutions?agentId=agent_1&repeatCount=5&" + fast(), runs);

        await().until(() -> requestsTo(LIST) >= 5);
        await().during(Duration.ofMillis(300)).until(() -> requestsTo(LIST) == 5);
        assertThat(requestsTo(GET)).isZero();
        List<String> none = runs.processed();
        assertThat(none).isEmpty();
    }

}
