package dev.velt.camel.component.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * A stateful stand-in for the Velt API inside WireMock, for consumer tests: the test adds events, executions and agent
 * runs between polls, and this transformer answers {@code getEvents}, {@code workflow/executions/list},
 * {@code agents/execution/get} and {@code agents/execution/list} from that state, paging as the API pages do.
 * Faults are injected by the tests with higher-priority WireMock stubs that do not use this transformer, or by an
 * {@link Interceptor} that sees every request first. Serving a request and changing the state are mutually exclusive, so
 * a test (or an interceptor moving a simulated world on) never shows a request a half-made change.
 */
public class FakeVelt implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "fake-velt";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<ObjectNode>> events = new ConcurrentHashMap<>();
    private final List<ObjectNode> executions = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> runs = new ConcurrentHashMap<>();
    private final Map<String, ArrayNode> runResults = new ConcurrentHashMap<>();
    private volatile boolean legacyAgentList;
    private volatile Interceptor interceptor;
    private volatile int executionsPageSize = 50;

    /**
     * Sees each request before the fake answers it, under the fake's lock: it may change the fake's state (a simulated
     * world moving on with each request) and decides what is served, the fake's own answer or a fault in its place.
     */
    @FunctionalInterface
    public interface Interceptor {
        /**
         * @param path   the request path, e.g. {@code /v2/workflow/executions/getEvents}
         * @param data   the request's {@code data} object
         * @param answer computes the fake's own answer from the current state (call it at most once)
         * @return what to serve
         */
        ResponseDefinition serve(String path, JsonNode data, Supplier<ResponseDefinition> answer);
    }

    /**
     * The page size of {@code workflow/executions/list} when the request sets none (the API's default is 50); a small
     * one makes discovery page.
     */
    public void setExecutionsPageSize(int pageSize) {
        this.executionsPageSize = pageSize;
    }

    /** Installs an interceptor for every following request; null removes it. */
    public void setInterceptor(Interceptor interceptor) {
        this.interceptor = interceptor;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    /** Answer {@code agents/execution/list} in the older {@code items/nextCursor/hasMore} envelope. */
    public void useLegacyAgentList(boolean legacy) {
        this.legacyAgentList = legacy;
    }

    public synchronized void addEvent(String executionId, long seq, String type) {
        ObjectNode event = JSON.createObjectNode();
        event.put("eventId", "evt_" + executionId + "_" + seq);
        event.put("seq", seq);
        event.put("type", type);
        event.put("stepId", "step_" + seq);
        event.put("timestamp", 1777374504364L + seq);
        event.put("correlationId", "corr_" + executionId);
        event.putObject("data").put("n", seq);
        events.computeIfAbsent(executionId, k -> new CopyOnWriteArrayList<>()).add(event);
    }

    public synchronized void addExecution(String executionId, String definitionId, String status, long startedAt) {
        addExecution(executionId, definitionId, status, Long.valueOf(startedAt), null);
    }

    /**
     * Adds or replaces an execution; a null {@code startedAt} leaves the field out (a pending execution), a
     * {@code completedAt} is listed when set. Listed in the order the API lists: newest {@code startedAt} first, those
     * without one on top.
     */
    public synchronized void addExecution(String executionId, String definitionId, String status, Long startedAt,
                                          Long completedAt) {
        executions.removeIf(e -> e.path("executionId").asText().equals(executionId));
        ObjectNode execution = JSON.createObjectNode();
        execution.put("executionId", executionId);
        execution.put("definitionId", definitionId);
        execution.put("status", status);
        if (startedAt != null) {
            execution.put("startedAt", startedAt);
        }
        if (completedAt != null) {
            execution.put("completedAt", completedAt);
        }
        execution.putArray("steps");
        executions.add(execution);
    }

    public synchronized void putRun(String id, String agentId, String status, long startedAt, Long completedAt) {
        ObjectNode run = JSON.createObjectNode();
        run.put("id", id);
        run.put("agentId", agentId);
        run.put("agentName", "Brand Consistency Checker");
        run.put("status", status);
        run.put("startedAt", startedAt);
        if (completedAt == null) {
            run.putNull("completedAt");
        } else {
            run.put("completedAt", completedAt);
        }
        run.put("trigger", "standalone");
        runs.put(id, run);
    }

    /** Findings of a run as {@code results[]}; {@code agentResultShape} puts them at {@code agentResult.findings}. */
    public synchronized void putFindings(String runId, boolean agentResultShape, String url, String... severities) {
        ArrayNode results = runResults.computeIfAbsent(runId, k -> JSON.createArrayNode());
        ObjectNode result = results.addObject();
        result.put("url", url);
        result.put("urlHash", Integer.toHexString(url.hashCode()));
        ArrayNode findings = agentResultShape ? result.putObject("agentResult").putArray("findings") : result.putArray("findings");
        for (int i = 0; i < severities.length; i++) {
            ObjectNode finding = findings.addObject();
            finding.put("id", runId + "-finding-" + url.hashCode() + "-" + i);
            finding.put("title", "Finding " + i);
            finding.put("description", "Description " + i);
            finding.put("severity", severities[i]);
            finding.put("category", "typography");
            finding.put("targetText", "text");
            finding.put("htmlSelector", "h1");
            finding.put("htmlXpath", "/html/body/h1");
            finding.put("isPageLevel", false);
        }
        result.put("findingCount", severities.length);
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
        String path = serveEvent.getRequest().getUrl();
        JsonNode data;
        try {
            data = JSON.readTree(serveEvent.getRequest().getBodyAsString()).path("data");
        } catch (IOException e) {
            return responseDefinition().withStatus(400).withBody("{\"error\":{\"message\":\"bad JSON\",\"status\":\"INVALID_ARGUMENT\"}}").build();
        }
        Interceptor current = interceptor;
        return current == null ? answer(path, data) : current.serve(path, data, () -> answer(path, data));
    }

    private ResponseDefinition answer(String path, JsonNode data) {
        Object result = switch (path) {
            case "/v2/workflow/executions/getEvents" -> events(data);
            case "/v2/workflow/executions/list" -> executionList(data);
            case "/v2/agents/execution/get" -> agentGet(data);
            case "/v2/agents/execution/list" -> agentList(data);
            default -> null;
        };
        if (result == null) {
            return responseDefinition().withStatus(404).withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":{\"message\":\"not found\",\"status\":\"NOT_FOUND\"}}").build();
        }
        try {
            return responseDefinition().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(JSON.writeValueAsString(Map.of("result", result))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object events(JsonNode data) {
        String executionId = data.path("executionId").asText();
        long since = data.path("sinceSeq").asLong(0);
        int pageSize = data.path("pageSize").asInt(100);
        List<ObjectNode> all = new ArrayList<>(events.getOrDefault(executionId, List.of()));
        all.sort(Comparator.comparingLong(e -> e.path("seq").asLong()));
        List<ObjectNode> after = all.stream().filter(e -> e.path("seq").asLong() > since).toList();
        List<ObjectNode> page = after.subList(0, Math.min(pageSize, after.size()));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("executionId", executionId);
        result.put("events", page);
        result.put("nextCursor", page.isEmpty() ? since : page.get(page.size() - 1).path("seq").asLong());
        result.put("hasMore", after.size() > page.size());
        return result;
    }

    private Object executionList(JsonNode data) {
        String definitionId = data.path("definitionId").asText(null);
        String status = data.path("status").asText(null);
        int pageSize = data.path("pageSize").asInt(executionsPageSize);
        int offset = data.hasNonNull("cursor") ? Integer.parseInt(data.path("cursor").asText()) : 0;
        List<ObjectNode> matching = executions.stream()
                .filter(e -> definitionId == null || definitionId.equals(e.path("definitionId").asText()))
                .filter(e -> status == null || status.equals(e.path("status").asText()))
                .sorted(Comparator.comparingLong((ObjectNode e) -> e.path("startedAt").asLong(Long.MAX_VALUE)).reversed())
                .toList();
        List<ObjectNode> page = matching.subList(Math.min(offset, matching.size()), Math.min(offset + pageSize, matching.size()));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("items", page);
        result.put("nextCursor", offset + pageSize < matching.size() ? String.valueOf(offset + pageSize) : null);
        return result;
    }

    private Object agentGet(JsonNode data) {
        ObjectNode run = runs.get(data.path("executionId").asText());
        if (run == null) {
            return null;
        }
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("execution", run);
        if (data.path("includeResults").asBoolean(false)) {
            inner.put("results", runResults.getOrDefault(run.path("id").asText(), JSON.createArrayNode()));
        }
        return Map.of("status", "success", "message", "Execution fetched successfully", "data", inner);
    }

    private Object agentList(JsonNode data) {
        String agentId = data.path("agentId").asText(null);
        String status = data.path("status").asText(null);
        int pageSize = data.path("pageSize").asInt(20);
        String token = legacyAgentList ? data.path("cursor").asText(null) : data.path("pageToken").asText(null);
        int offset = token == null ? 0 : Integer.parseInt(token);
        List<ObjectNode> matching = runs.values().stream()
                .filter(r -> agentId == null || agentId.equals(r.path("agentId").asText()))
                .filter(r -> status == null || status.equals(r.path("status").asText()))
                .sorted(Comparator.comparingLong((ObjectNode r) -> r.path("startedAt").asLong()).reversed())
                .toList();
        List<ObjectNode> page = matching.subList(Math.min(offset, matching.size()), Math.min(offset + pageSize, matching.size()));
        boolean more = offset + pageSize < matching.size();
        String next = more ? String.valueOf(offset + pageSize) : null;
        if (legacyAgentList) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("items", page);
            result.put("nextCursor", next);
            result.put("hasMore", more);
            return result;
        }
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("executions", page);
        if (next != null) {
            inner.put("nextPageToken", next);
        }
        return Map.of("status", "success", "message", "Executions listed", "data", inner);
    }
}
