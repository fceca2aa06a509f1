package dev.velt.camel.test;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.velt.camel.test.ApiClient.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Executions and runs a test writes, reruns, the clock options and the stream assertions. */
class ScriptingTest {

    @RegisterExtension
    static final VeltSimulatorExtension VELT = new VeltSimulatorExtension(SimulatorOptions.defaults().tickMillis(0)
            .workflowExecutions(0).agentRuns(0));

    @Test
    void aPendingExecutionIsListedWithoutStartedAtUntilItStarts(VeltSimulator simulator) throws Exception {
        long now = simulator.tick();
        simulator.addExecution("exec_p", "def_p", now, now + 2);
        ApiClient api = new ApiClient(simulator);

        JsonNode pending = api.post("workflow/executions/list", "{\"definitionId\":\"def_p\"}").result().get("items").get(0);
        Answer filtered = api.post("workflow/executions/list", "{\"definitionId\":\"def_p\",\"status\":\"running\"}");
        simulator.advance(2);
        JsonNode running = api.post("workflow/executions/get", "{\"executionId\":\"exec_p\"}").result();

        assertThat(pending.get("status").asText()).isEqualTo("pending");
        assertThat(pending.get("startedAt").isNull()).isTrue();
        assertThat(filtered.result().get("items")).isEmpty();
        assertThat(running.get("status").asText()).isEqualTo("running");
        assertThat(running.get("startedAt").asLong()).isEqualTo(simulator.timeOf(now + 2));
    }

    @Test
    void scriptedRunsFinishOutOfTheirStartOrder(VeltSimulator simulator) throws Exception {
        long now = simulator.tick();
        SimUrlResult page = new SimUrlResult("https://example.com/", List.of(finding("finding-1", "casing")), 1, 0);
        simulator.addAgentRun("run_long", "agent_s", now + 1, now + 10, "failed", List.of(page));
        simulator.addAgentRun("run_short", "agent_s", now + 2, now + 3, "passed", List.of());
        simulator.advance(4);
        ApiClient api = new ApiClient(simulator);

        JsonNode list = api.post("agents/execution/list", "{\"agentId\":\"agent_s\"}").result().at("/data/executions");

        assertThat(list.findValuesAsText("id")).containsExactly("run_short", "run_long");
        assertThat(list.findValuesAsText("status")).containsExactly("passed", "running");
    }

    @Test
    void aRerunFindsTheSameProblemsUnderNewIdsAndSaysSo(VeltSimulator simulator) throws Exception {
        SimUrlResult page = new SimUrlResult("https://example.com/", List.of(finding("finding-1", "casing"),
                finding("finding-2", "spelling"), finding("finding-3", "pii")), 3, 0);
        simulator.addAgentRun("run_first", "agent_r", simulator.tick(), simulator.tick() + 1, "failed", List.of(page));
        simulator.advance(1);

        SimAgentRun rerun = simulator.rerunAgent("run_first", List.of());
        simulator.advance(2);
        JsonNode execution = new ApiClient(simulator).post("agents/execution/get",
                "{\"executionId\":\"" + rerun.id() + "\",\"includeResults\":true}").result().at("/data/execution");

        assertThat(execution.get("previousExecutionId").asText()).isEqualTo("run_first");
        assertThat(execution.at("/resultsSummary/matchResult/skipped").asInt()).isEqualTo(2);
        assertThat(execution.at("/resultsSummary/matchResult/resolved").asInt()).isEqualTo(1);
        assertThat(rerun.findings()).extracting(SimFinding::issueType).containsExactly("casing", "spelling");
    }

    @Test
    void anyCredentialsCanBeAcceptedAndTheClockCanMoveWithTheRequests() throws Exception {
        try (VeltSimulator simulator = VeltSimulator.start(SimulatorOptions.defaults().tickMillis(0)
                .workflowExecutions(0).agentRuns(0).acceptAnyCredentials(true).ticksPerRequest(1))) {
            ApiClient api = new ApiClient(simulator);

            Answer replicaA = api.post("workflow/executions/list", "{}", "replica-a", "t");
            Answer replicaB = api.post("workflow/executions/list", "{}", "replica-b", "t");
            Answer none = api.post("workflow/executions/list", "{}", null, null);

            assertThat(replicaA.status()).isEqualTo(200);
            assertThat(replicaB.status()).isEqualTo(200);
            assertThat(none.status()).isEqualTo(403);
            assertThat(simulator.requests().all()).extracting(SimRequest::apiKey)
                    .containsExactly("replica-a", "replica-b", null);
            assertThat(simulator.tick()).isEqualTo(3);
        }
    }

    @Test
    void theStreamAssertionsSayWhatWasLostDuplicatedOrReordered(VeltSimulator simulator) {
        simulator.addExecution("exec_a", "def_v").event(1, "execution.dispatched").event(3, "step.completed")
                .event(4, "execution.completed");
        simulator.addExecution("exec_b", "def_v").event(2, "execution.dispatched");
        Map<String, List<String>> expected = simulator.expectedEvents("def_v");

        StreamVerdict exact = VeltAssertions.assertReceivedExactly(simulator, "def_v",
                List.of("exec_a#1", "exec_b#2", "exec_a#3", "exec_a#4"));
        StreamVerdict wrong = StreamVerdict.events(expected, List.of("exec_a#3", "exec_a#1", "exec_a#1", "exec_c#1"));

        assertThat(exact.exact()).isTrue();
        assertThat(wrong.lost()).containsExactly("exec_a#4", "exec_b#2");
        assertThat(wrong.duplicated()).containsEntry("exec_a#1", 2);
        assertThat(wrong.unexpected()).containsExactly("exec_c#1");
        assertThat(wrong.outOfOrder()).hasSize(1);
        assertThatThrownBy(wrong::assertExact).isInstanceOf(AssertionError.class).hasMessageContaining("exec_a#4");
        assertThatThrownBy(() -> VeltAssertions.assertRequestCount(simulator, "workflow/executions/list",
                simulator.requests().count("workflow/executions/list") + 1))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void theApiPagesExamplesAreServedByteForByte(VeltSimulator simulator) throws Exception {
        simulator.withApiPageExamples();
        ApiClient api = new ApiClient(simulator);

        Answer execution = api.post("workflow/executions/get", "{\"executionId\":\"exec_1777374504255_xzy43k9q\"}");
        Answer withResults = api.post("agents/execution/get",
                "{\"executionId\":\"exec_1711900000000_abc123def456\",\"includeResults\":true}");
        Answer without = api.post("agents/execution/get", "{\"executionId\":\"exec_1711900000000_abc123def456\"}");
        Answer unauthenticated = api.post("workflow/executions/get",
                "{\"executionId\":\"exec_1777374504255_xzy43k9q\"}", null, null);

        try (var in = VeltSimulator.class.getResourceAsStream("api-pages/workflow-executions-get.json")) {
            assertThat(execution.body()).isEqualTo(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(withResults.result().at("/data/results/0/findings/0/id").asText()).isEqualTo("finding-1");
        assertThat(without.result().at("/data/results").isMissingNode()).isTrue();
        assertThat(unauthenticated.status()).isEqualTo(403);
    }

    @Test
    void aCannedAnswerCanDependOnTheRequestAndRequestsCanBeWatchedAsTheyArrive(VeltSimulator simulator)
            throws Exception {
        simulator.addExecution("exec_gap", "def_c").event(1, "execution.dispatched").event(51, "step.completed");
        simulator.cannedAnswer("workflow/executions/getEvents", data -> data.path("sinceSeq").asLong() == 1, 200,
                "{\"result\":{\"executionId\":\"exec_gap\",\"events\":[],\"nextCursor\":50,\"hasMore\":true}}");
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        simulator.requests().onRequest(request -> seen.add(request.path() + " " + request.data().path("sinceSeq").asText()));
        ApiClient api = new ApiClient(simulator);

        Answer first = api.post("workflow/executions/getEvents", "{\"executionId\":\"exec_gap\"}");
        Answer empty = api.post("workflow/executions/getEvents", "{\"executionId\":\"exec_gap\",\"sinceSeq\":1}");
        Answer rest = api.post("workflow/executions/getEvents", "{\"executionId\":\"exec_gap\",\"sinceSeq\":50}");
        simulator.requests().onRequest(null);
        api.post("workflow/executions/getEvents", "{\"executionId\":\"exec_gap\"}");

        assertThat(first.result().get("events")).hasSize(2);
        assertThat(empty.result().get("events")).isEmpty();
        assertThat(empty.result().get("nextCursor").asLong()).isEqualTo(50);
        assertThat(rest.result().get("events").get(0).get("seq").asLong()).isEqualTo(51);
        assertThat(seen).containsExactly("/v2/workflow/executions/getEvents ", "/v2/workflow/executions/getEvents 1",
                "/v2/workflow/executions/getEvents 50");
    }

    @Test
    void attemptsOutOfTheirOrderAreNamedByGroup() {
        Map<String, List<String>> expected = Map.of("a", List.of("a#1", "a#2"), "b", List.of("b#1", "b#2"));

        List<String> retriedInOrder = StreamVerdict.attemptedOutOfOrder(expected,
                List.of("a#1", "a#1", "b#1", "a#2", "b#2"), StreamVerdict::executionOf);
        List<String> skippedAhead = StreamVerdict.attemptedOutOfOrder(expected,
                List.of("a#1", "b#2", "b#1", "a#2"), StreamVerdict::executionOf);

        assertThat(retriedInOrder).isEmpty();
        assertThat(skippedAhead).containsExactly("b");
    }

    private static SimFinding finding(String id, String issueType) {
        return new SimFinding(id, "Title " + issueType, "Description", "high", "content", "text " + issueType, 1,
                "https://example.com/", "Fix it", "p." + issueType, "/html/body/p", false, issueType, 90);
    }
}
