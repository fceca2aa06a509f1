package dev.velt.camel.examples.docs;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A small Velt on WireMock for running the docs' snippets: whatever definition or agent a snippet follows, it sees two
 * running workflow executions (one completes after an approval, one fails) and one agent run that finishes with a
 * critical, a high and a low finding. Only requests with {@link #API_KEY} and {@link #AUTH_TOKEN} are answered; ids and
 * times are fresh on every {@link #reset()}, so a snippet with a persistent state repository sees new items each run.
 */
final class SnippetVelt implements AutoCloseable {

    static final String API_KEY = "ak_docs_snippets";
    static final String AUTH_TOKEN = "tok_docs_snippets";

    /** What the executions emit, for failure messages. */
    static final String EVENT_TYPES = "execution.started, step.started, step.awaiting-approval, step.completed,"
                                      + " execution.completed and execution.failed";

    private static final String[][] EXECUTIONS = {
            { "execution.started", "step.started", "step.awaiting-approval", "step.completed", "execution.completed" },
            { "execution.started", "step.started", "execution.failed" } };

    private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
    private final List<String> executionIds = new ArrayList<>();
    private String runId;

    SnippetVelt() {
        server.start();
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** Forgets all requests and serves fresh executions and a fresh agent run. */
    void reset() {
        server.resetAll();
        executionIds.clear();
        long now = System.currentTimeMillis();
        String suffix = Long.toString(System.nanoTime(), 36);
        StringBuilder items = new StringBuilder();
        for (int e = 0; e < EXECUTIONS.length; e++) {
            String id = "exec_docs_" + suffix + "_" + e;
            executionIds.add(id);
            items.append(e == 0 ? "" : ",").append(execution(id, now - 1000 + e));
            stubEvents(id, EXECUTIONS[e], now);
        }
        String executions = "{\"result\":{\"items\":[" + items + "],\"hasMore\":false}}";
        server.stubFor(velt("workflow/executions/list").willReturn(okJson(executions)));
        server.stubFor(velt("workflow/executions/get")
                .willReturn(okJson("{\"result\":" + execution(executionIds.get(0), now - 1000) + "}")));

        runId = "exec_docs_run_" + suffix;
        String running = run("running", now - 60_000, null);
        String finished = run("failed", now - 60_000, now);
        server.stubFor(velt("agents/execution/list").inScenario("agent run").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("finished").willReturn(okJson(agentList(running))));
        server.stubFor(velt("agents/execution/list").inScenario("agent run").whenScenarioStateIs("finished")
                .willReturn(okJson(agentList(finished))));
        server.stubFor(velt("agents/execution/get").willReturn(okJson(
                "{\"result\":{\"status\":\"success\",\"message\":\"ok\",\"data\":{\"execution\":" + finished
                + ",\"results\":[{\"url\":\"https://www.example.com/pricing\",\"findingCount\":3,\"findings\":["
                + finding(1, "critical", "Outdated logo") + "," + finding(2, "high", "Tone does not match the brand")
                + "," + finding(3, "low", "Double space") + "]}]}}}")));
    }

    List<LoggedRequest> unmatchedRequests() {
        return server.findAllUnmatchedRequests();
    }

    int requestCount() {
        return server.getAllServeEvents().size();
    }

    @Override
    public void close() {
        server.stop();
    }

    private void stubEvents(String executionId, String[] types, long now) {
        for (int since = 0; since <= types.length; since++) {
            StringBuilder events = new StringBuilder();
            for (int seq = since + 1; seq <= types.length; seq++) {
                events.append(seq == since + 1 ? "" : ",")
                        .append("{\"eventId\":\"evt_").append(executionId).append('_').append(seq)
                        .append("\",\"seq\":").append(seq).append(",\"type\":\"").append(types[seq - 1])
                        .append("\",\"stepId\":\"step_review\",\"timestamp\":").append(now + seq)
                        .append(",\"correlationId\":\"corr_docs\",\"data\":{}}");
            }
            String page = "{\"result\":{\"executionId\":\"" + executionId + "\",\"events\":[" + events
                          + "],\"nextCursor\":" + Math.max(since, types.length) + ",\"hasMore\":false}}";
            MappingBuilder request = velt("workflow/executions/getEvents")
                    .withRequestBody(matchingJsonPath("$.data.executionId", equalTo(executionId)));
            request = since == 0
                    ? request.withRequestBody(notContaining("\"sinceSeq\":").or(matchingJsonPath("$.data[?(@.sinceSeq == 0)]")))
                    : request.withRequestBody(matchingJsonPath("$.data[?(@.sinceSeq == " + since + ")]"));
            server.stubFor(request.willReturn(okJson(page)));
        }
    }

    private static String execution(String id, long startedAt) {
        return "{\"executionId\":\"" + id + "\",\"status\":\"running\",\"definitionId\":\"marketing-copy-approval\","
               + "\"startedAt\":" + startedAt + ",\"correlationId\":\"corr_docs\",\"steps\":[]}";
    }

    private String run(String status, long startedAt, Long completedAt) {
        return "{\"id\":\"" + runId + "\",\"agentId\":\"brand-checker\",\"status\":\"" + status + "\",\"startedAt\":"
               + startedAt + (completedAt == null ? "" : ",\"completedAt\":" + completedAt)
               + ",\"resultsSummary\":{\"totalFindings\":3}}";
    }

    private static String agentList(String run) {
        return "{\"result\":{\"status\":\"success\",\"message\":\"ok\",\"data\":{\"executions\":[" + run + "]}}}";
    }

    private static String finding(int n, String severity, String title) {
        return "{\"id\":\"finding-" + n + "\",\"severity\":\"" + severity + "\",\"title\":\"" + title
               + "\",\"category\":\"content\",\"sourceUrl\":\"https://www.example.com/pricing\"}";
    }

    private static MappingBuilder velt(String path) {
        return post(urlEqualTo("/v2/" + path)).withHeader("x-velt-api-key", equalTo(API_KEY))
                .withHeader("x-velt-auth-token", equalTo(AUTH_TOKEN));
    }
}
