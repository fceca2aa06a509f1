package dev.velt.camel.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velt.camel.test.SimulatorOptions.FindingsShape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator over real HTTP, with a manual clock so every answer is known. */
class VeltSimulatorTest {

    private static final long START = 1_800_000_000_000L;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<VeltSimulator> simulators = new ArrayList<>();

    @AfterEach
    void stop() {
        simulators.forEach(VeltSimulator::stop);
    }

    private VeltSimulator start(SimulatorOptions options) {
        VeltSimulator simulator = VeltSimulator.start(options.tickMillis(0).startTime(START));
        simulators.add(simulator);
        return simulator;
    }

    private VeltSimulator settled(SimulatorOptions options) {
        VeltSimulator simulator = start(options);
        while (!simulator.isSettled()) {
            simulator.advance(10);
        }
        return simulator;
    }

    @Test
    void theSameSeedGivesTheSameScenario() {
        VeltSimulator first = settled(SimulatorOptions.defaults().seed(11));
        VeltSimulator second = settled(SimulatorOptions.defaults().seed(11));
        VeltSimulator other = settled(SimulatorOptions.defaults().seed(12));

        assertEquals(6, first.executions().size());
        assertEquals(10, first.agentRuns().size());
        assertEquals(first.executions().stream().map(SimExecution::events).toList(),
                second.executions().stream().map(SimExecution::events).toList());
        assertEquals(first.agentRuns(), second.agentRuns());
        assertNotEquals(first.agentRuns(), other.agentRuns());
    }

    @Test
    void wrongOrMissingCredentialsArePermissionDenied() throws Exception {
        VeltSimulator simulator = start(SimulatorOptions.defaults());
        String body = "{\"data\":{\"executionId\":\"exec_1\"}}";

        Answer wrong = post(simulator, "workflow/executions/get", body, "sim-api-key", "not-the-token");
        Answer missing = post(simulator, "agents/execution/list", "{\"data\":{\"agentId\":\"a\"}}", null, null);

        assertEquals(403, wrong.status());
        assertEquals("PERMISSION_DENIED", wrong.json().at("/error/status").asText());
        assertFalse(wrong.json().at("/error/message").asText().isEmpty());
        assertEquals(403, missing.status());
        assertEquals("PERMISSION_DENIED", missing.json().at("/error/status").asText());
    }

    @Test
    void unknownIdsAreNotFoundAndBadRequestsInvalid() throws Exception {
        VeltSimulator simulator = start(SimulatorOptions.defaults());

        Answer execution = post(simulator, "workflow/executions/get", "{\"data\":{\"executionId\":\"exec_nope\"}}");
        Answer events = post(simulator, "workflow/executions/getEvents", "{\"data\":{\"executionId\":\"exec_nope\"}}");
        Answer run = post(simulator, "agents/execution/get", "{\"data\":{\"executionId\":\"exec_nope\"}}");
        Answer noId = post(simulator, "workflow/executions/get", "{\"data\":{}}");
        Answer noEnvelope = post(simulator, "workflow/executions/get", "{\"executionId\":\"exec_nope\"}");

        for (Answer answer : List.of(execution, events, run)) {
            assertEquals(404, answer.status());
            assertEquals("NOT_FOUND", answer.json().at("/error/status").asText());
        }
        for (Answer answer : List.of(noId, noEnvelope)) {
            assertEquals(400, answer.status());
            assertEquals("INVALID_ARGUMENT", answer.json().at("/error/status").asText());
        }
    }

    @Test
    void anExecutionMovesThroughItsStepsAsTheClockTicks() throws Exception {
        VeltSimulator simulator = start(SimulatorOptions.defaults().seed(3).workflowExecutions(1).agentRuns(0));
        while (simulator.executions().isEmpty()) {
            simulator.advance(1);
        }
        SimExecution execution = simulator.executions().get(0);
        String request = "{\"data\":{\"executionId\":\"" + execution.executionId() + "\"}}";

        JsonNode atStart = post(simulator, "workflow/executions/get", request).json().get("result");
        List<String> statuses = new ArrayList<>();
        while (simulator.tick() < execution.endTick()) {
            statuses.add(post(simulator, "workflow/executions/get", request).json().at("/result/status").asText());
            simulator.advance(1);
        }
        JsonNode atEnd = post(simulator, "workflow/executions/get", request).json().get("result");

        assertEquals("running", atStart.get("status").asText());
        assertEquals(START + execution.startTick() * 1000, atStart.get("startedAt").asLong());
        assertTrue(atStart.get("completedAt").isNull());
        assertEquals(execution.finalStatus(), atEnd.get("status").asText());
        assertTrue(statuses.stream().allMatch("running"::equals), statuses::toString);
        assertTrue(atEnd.get("steps").size() >= 4, atEnd::toPrettyString);
        assertTrue(atEnd.get("steps").get(0).get("status").asText().equals("completed"));
    }

    @Test
    void eventsArePagedWithSeqGapsAndACursor() throws Exception {
        VeltSimulator simulator = settled(SimulatorOptions.defaults().seed(5));
        SimExecution execution = simulator.executions().get(0);

        List<Long> seqs = new ArrayList<>();
        long since = 0;
        boolean hasMore = true;
        int pages = 0;
        while (hasMore) {
            JsonNode page = post(simulator, "workflow/executions/getEvents", "{\"data\":{\"executionId\":\""
                                                                             + execution.executionId() + "\",\"sinceSeq\":"
                                                                             + since + ",\"pageSize\":2}}")
                    .json().get("result");
            page.get("events").forEach(event -> seqs.add(event.get("seq").asLong()));
            hasMore = page.get("hasMore").asBoolean();
            since = page.get("nextCursor").asLong();
            pages++;
        }
        JsonNode after = post(simulator, "workflow/executions/getEvents", "{\"data\":{\"executionId\":\""
                                                                          + execution.executionId() + "\",\"sinceSeq\":" + since
                                                                          + "}}")
                .json().get("result");
        Answer tooBig = post(simulator, "workflow/executions/getEvents", "{\"data\":{\"executionId\":\""
                                                                         + execution.executionId() + "\",\"pageSize\":501}}");

        List<Long> expected = execution.externalEvents().stream().map(SimEvent::seq).toList();
        assertEquals(expected, seqs);
        assertTrue(pages >= expected.size() / 2);
        assertTrue(expected.get(expected.size() - 1) - expected.get(0) >= expected.size(), "internal events leave gaps");
        assertEquals(0, after.get("events").size());
        assertFalse(after.get("hasMore").asBoolean());
        assertEquals(execution.events().get(execution.events().size() - 1).seq(), after.get("nextCursor").asLong());
        assertEquals(400, tooBig.status());
        assertEquals("INVALID_ARGUMENT", tooBig.json().at("/error/status").asText());
    }

    @Test
    void executionsAreListedNewestFirstPageByPage() throws Exception {
        VeltSimulator simulator = settled(SimulatorOptions.defaults().seed(5).workflowExecutions(7));

        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
            String data = "\"definitionId\":\"marketing-copy-approval\",\"pageSize\":2"
                          + (cursor == null ? "" : ",\"cursor\":\"" + cursor + "\"");
            JsonNode page = post(simulator, "workflow/executions/list", "{\"data\":{" + data + "}}").json().get("result");
            page.get("items").forEach(item -> {
                listed.add(item.get("executionId").asText());
                assertEquals(0, item.get("steps").size());
            });
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);

        List<String> expected = simulator.executions().stream()
                .filter(e -> e.definitionId().equals("marketing-copy-approval"))
                .sorted((a, b) -> Long.compare(b.startedAt(), a.startedAt()))
                .map(SimExecution::executionId).toList();
        assertEquals(expected, listed);
    }

    @Test
    void agentRunsAreListedInTheCurrentEnvelope() throws Exception {
        VeltSimulator simulator = settled(SimulatorOptions.defaults().seed(5).agentRuns(12));

        List<String> listed = new ArrayList<>();
        String token = null;
        do {
            String data = "\"agentId\":\"brand-consistency\",\"pageSize\":2"
                          + (token == null ? "" : ",\"pageToken\":\"" + token + "\"");
            JsonNode result = post(simulator, "agents/execution/list", "{\"data\":{" + data + "}}").json().get("result");
            assertEquals("success", result.get("status").asText());
            result.at("/data/executions").forEach(run -> listed.add(run.get("id").asText()));
            token = result.at("/data/nextPageToken").isMissingNode() ? null : result.at("/data/nextPageToken").asText();
        } while (token != null);
        Answer withStatus = post(simulator, "agents/execution/list", "{\"data\":{\"agentId\":\"x\",\"status\":\"passed\"}}");
        Answer documentOnly = post(simulator, "agents/execution/list", "{\"data\":{\"documentId\":\"doc_website\"}}");
        Answer byDocument = post(simulator, "agents/execution/list",
                "{\"data\":{\"organizationId\":\"org_acme\",\"documentId\":\"doc_website\",\"pageSize\":100}}");

        List<String> expected = simulator.agentRuns().stream()
                .filter(run -> run.agentId().equals("brand-consistency"))
                .sorted((a, b) -> Long.compare(b.startedAt(), a.startedAt()))
                .map(SimAgentRun::id).toList();
        assertEquals(expected, listed);
        assertEquals(400, withStatus.status());
        assertEquals(400, documentOnly.status());
        assertEquals(simulator.agentRuns().stream().filter(run -> run.documentId().equals("doc_website")).count(),
                byDocument.json().at("/result/data/executions").size());
    }

    @Test
    void agentRunsCanBeListedInTheLegacyEnvelope() throws Exception {
        VeltSimulator simulator = settled(SimulatorOptions.defaults().seed(5).legacyAgentList(true));

        JsonNode first = post(simulator, "agents/execution/list",
                "{\"data\":{\"agentId\":\"brand-consistency\",\"pageSize\":1,\"orderDirection\":\"asc\"}}").json()
                .get("result");
        JsonNode second = post(simulator, "agents/execution/list", "{\"data\":{\"agentId\":\"brand-consistency\","
                                                                   + "\"pageSize\":1,\"orderDirection\":\"asc\",\"cursor\":\""
                                                                   + first.get("nextCursor").asText() + "\"}}")
                .json().get("result");

        List<SimAgentRun> oldestFirst = simulator.agentRuns().stream()
                .filter(run -> run.agentId().equals("brand-consistency")).toList();
        assertTrue(first.get("hasMore").asBoolean());
        assertEquals(oldestFirst.get(0).id(), first.at("/items/0/id").asText());
        assertEquals(oldestFirst.get(1).id(), second.at("/items/0/id").asText());
    }

    @Test
    void aRunShowsRunningThenItsOutcomeWithFindingsInEitherShape() throws Exception {
        for (FindingsShape shape : FindingsShape.values()) {
            VeltSimulator simulator = start(SimulatorOptions.defaults().seed(5).findingsShape(shape));
            SimAgentRun run = null;
            while (run == null) {
                simulator.advance(1);
                run = simulator.agentRuns().stream().filter(r -> r.finalStatus().equals("failed")).findFirst().orElse(null);
            }
            String request = "{\"data\":{\"executionId\":\"" + run.id() + "\",\"includeResults\":true}}";
            JsonNode running = post(simulator, "agents/execution/get", request).json().get("result");
            simulator.advance((int) (run.endTick() - simulator.tick()));
            JsonNode finished = post(simulator, "agents/execution/get", request).json().get("result");

            assertEquals("running", running.at("/data/execution/status").asText());
            assertTrue(running.at("/data/execution/completedAt").isNull());
            assertEquals(0, running.at("/data/results").size());
            assertEquals("failed", finished.at("/data/execution/status").asText());
            assertEquals(run.findings().size(), finished.at("/data/execution/resultsSummary/totalFindings").asInt());
            List<String> findingIds = new ArrayList<>();
            for (JsonNode result : finished.at("/data/results")) {
                JsonNode findings = shape == FindingsShape.FLAT ? result.get("findings") : result.at("/agentResult/findings");
                findings.forEach(f -> findingIds.add(f.get("id").asText()));
            }
            assertEquals(run.findings().stream().map(SimFinding::id).toList(), findingIds, shape::toString);
        }
    }

    @Test
    void transientErrorsAnswerUnavailable() throws Exception {
        VeltSimulator simulator = start(SimulatorOptions.defaults().transientErrorRate(1.0));

        Answer answer = post(simulator, "workflow/executions/list", "{\"data\":{}}");

        assertEquals(503, answer.status());
        assertEquals("UNAVAILABLE", answer.json().at("/error/status").asText());
        assertEquals("1", answer.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void someRunsAreRerunWithMatchAndMerge() {
        VeltSimulator simulator = settled(SimulatorOptions.defaults().seed(8).workflowExecutions(0).agentRerunShare(1.0));

        List<SimAgentRun> reruns = simulator.agentRuns().stream().filter(r -> r.previousExecutionId() != null).toList();

        assertFalse(reruns.isEmpty());
        for (SimAgentRun rerun : reruns) {
            SimAgentRun original = simulator.agentRuns().stream().filter(r -> r.id().equals(rerun.previousExecutionId()))
                    .findFirst().orElseThrow();
            assertTrue(rerun.startTick() > original.endTick());
            List<String> before = original.findings().stream().map(SimFinding::issueType).toList();
            List<String> kept = rerun.findings().stream().map(SimFinding::issueType).filter(before::contains).toList();
            assertEquals(before.subList(0, before.size() - 1), kept, rerun::toString);
            assertEquals(Map.of("created", rerun.findings().size() - kept.size(), "skipped", kept.size(), "resolved", 1),
                    rerun.summary().get("matchResult"));
        }
    }

    private record Answer(int status, JsonNode json, HttpHeaders headers) {
    }

    private Answer post(VeltSimulator simulator, String path, String body) throws IOException, InterruptedException {
        return post(simulator, path, body, simulator.options().apiKey(), simulator.options().authToken());
    }

    private Answer post(VeltSimulator simulator, String path, String body, String apiKey, String authToken)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v2/" + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        Map.of("x-velt-api-key", String.valueOf(apiKey), "x-velt-auth-token", String.valueOf(authToken))
                .forEach((name, value) -> {
                    if (!"null".equals(value)) {
                        request.header(name, value);
                    }
                });
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), mapper.readTree(response.body()), response.headers());
    }
}
