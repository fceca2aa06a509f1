package dev.velt.camel.ha;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A Velt API whose content grows with the wall clock, served by WireMock (registered as a transformer that answers
 * every {@code POST /v2/...}). Nothing exists before {@link #begin()}; then:
 * <ul>
 * <li>workflow executions {@code exec_ha_1..n} of definition {@link #DEFINITION_ID} start one after another, each
 * publishing its events (seq 1, 3, 5, ...: the API's seqs have gaps) one at a time, the last being
 * {@code execution.completed}; {@code workflow/executions/list} and {@code workflow/executions/getEvents} show what
 * exists at the time of the request;</li>
 * <li>agent runs {@code run_ha_1..m} of agent {@link #AGENT_ID} start one after another and finish after varying
 * durations (so not in start order); {@code agents/execution/list} (current envelope, newest first, paged by
 * {@code pageToken}) and {@code agents/execution/get} show them.</li>
 * </ul>
 */
final class VeltStreamSimulator implements ResponseDefinitionTransformerV2 {

    static final String DEFINITION_ID = "def_ha";
    static final String AGENT_ID = "agent_ha";

    private final int executions;
    private final int eventsPerExecution;
    private final long executionStartGapMs;
    private final long eventGapMs;
    private final int runs;
    private final long runStartGapMs;
    private final ObjectMapper json = new ObjectMapper();
    private volatile long t0 = -1;

    VeltStreamSimulator(int executions, int eventsPerExecution, long executionStartGapMs, long eventGapMs, int runs,
                        long runStartGapMs) {
        this.executions = executions;
        this.eventsPerExecution = eventsPerExecution;
        this.executionStartGapMs = executionStartGapMs;
        this.eventGapMs = eventGapMs;
        this.runs = runs;
        this.runStartGapMs = runStartGapMs;
    }

    /** Starts the clock: from now on executions and runs appear. */
    void begin() {
        t0 = System.currentTimeMillis();
    }

    /** When the last event and the last run exist (epoch ms). */
    long endOfStream() {
        long lastEvent = executionStart(executions) + (eventsPerExecution - 1) * eventGapMs;
        long lastRun = 0;
        for (int r = 1; r <= runs; r++) {
            lastRun = Math.max(lastRun, runStart(r) + runDuration(r));
        }
        return Math.max(lastEvent, lastRun);
    }

    /** Every item a route must process: {@code event:<executionId>:<seq>} and {@code run:<runId>}. */
    List<String> expectedItems() {
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= executions; i++) {
            for (int j = 0; j < eventsPerExecution; j++) {
                items.add("event:" + executionId(i) + ":" + seq(j));
            }
        }
        for (int r = 1; r <= runs; r++) {
            items.add("run:" + runId(r));
        }
        return items;
    }

    static String executionId(int i) {
        return "exec_ha_" + i;
    }

    static String runId(int r) {
        return "run_ha_" + r;
    }

    private static long seq(int j) {
        return 2L * j + 1;
    }

    private long executionStart(int i) {
        return t0 + (i - 1) * executionStartGapMs + 50;
    }

    private long runStart(int r) {
        return t0 + (r - 1) * runStartGapMs + 25;
    }

    private static long runDuration(int r) {
        return 400 + (r * 7L % 5) * 700;
    }

    @Override
    public String getName() {
        return "velt-stream-simulator";
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        String path = serveEvent.getRequest().getUrl();
        long now = System.currentTimeMillis();
        try {
            JsonNode data = json.readTree(serveEvent.getRequest().getBodyAsString()).path("data");
            Object result = switch (path) {
                case "/v2/workflow/executions/list" -> listExecutions(data, now);
                case "/v2/workflow/executions/getEvents" -> getEvents(data, now);
                case "/v2/agents/execution/list" -> listRuns(data, now);
                case "/v2/agents/execution/get" -> getRun(data, now);
                default -> null;
            };
            if (result == null) {
                return error(404, "NOT_FOUND", "no such resource: " + path + " " + data);
            }
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(json.writeValueAsString(Map.of("result", result))).build();
        } catch (IOException | RuntimeException e) {
            return error(400, "INVALID_ARGUMENT", e.toString());
        }
    }

    private ResponseDefinition error(int httpStatus, String status, String message) {
        try {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(httpStatus)
                    .withHeader("Content-Type", "application/json")
                    .withBody(json.writeValueAsString(Map.of("error", Map.of("status", status, "message", message))))
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean begun() {
        return t0 >= 0;
    }

    private Map<String, Object> listExecutions(JsonNode data, long now) {
        if (!DEFINITION_ID.equals(data.path("definitionId").asText())) {
            throw new IllegalArgumentException("unexpected definitionId " + data);
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = executions; begun() && i >= 1; i--) { // newest first
            if (executionStart(i) <= now) {
                items.add(execution(i, now));
            }
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("nextCursor", null);
        return page;
    }

    private Map<String, Object> execution(int i, long now) {
        long completedAt = executionStart(i) + (eventsPerExecution - 1) * eventGapMs;
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("executionId", executionId(i));
        view.put("definitionId", DEFINITION_ID);
        view.put("definitionVersion", 1);
        view.put("status", completedAt <= now ? "completed" : "running");
        view.put("startedAt", executionStart(i));
        if (completedAt <= now) {
            view.put("completedAt", completedAt);
        }
        view.put("correlationId", "corr_" + i);
        view.put("steps", List.of());
        return view;
    }

    private Map<String, Object> getEvents(JsonNode data, long now) {
        String executionId = data.path("executionId").asText();
        int i = indexOf(executionId, "exec_ha_", executions);
        if (!begun() || i < 0 || executionStart(i) > now) {
            return null;
        }
        long sinceSeq = data.path("sinceSeq").asLong(0);
        int pageSize = data.path("pageSize").asInt(100);
        List<Map<String, Object>> visible = new ArrayList<>();
        for (int j = 0; j < eventsPerExecution; j++) {
            long at = executionStart(i) + j * eventGapMs;
            if (at <= now && seq(j) > sinceSeq) {
                visible.add(event(i, j, at));
            }
        }
        List<Map<String, Object>> page = visible.subList(0, Math.min(pageSize, visible.size()));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("executionId", executionId);
        result.put("events", page);
        result.put("nextCursor", page.isEmpty() ? sinceSeq : (long) page.get(page.size() - 1).get("seq"));
        result.put("hasMore", visible.size() > page.size());
        return result;
    }

    private Map<String, Object> event(int i, int j, long at) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", "evt_" + i + "_" + seq(j));
        event.put("seq", seq(j));
        event.put("type", j == 0 ? "execution.dispatched"
                : j == eventsPerExecution - 1 ? "execution.completed" : "step.completed");
        if (j > 0 && j < eventsPerExecution - 1) {
            event.put("stepId", "step_" + j);
            event.put("data", Map.of("agentId", AGENT_ID));
        } else {
            event.put("data", j == 0 ? Map.of("definitionId", DEFINITION_ID, "definitionVersion", 1) : null);
        }
        event.put("timestamp", at);
        event.put("correlationId", "corr_" + i);
        return event;
    }

    private Map<String, Object> listRuns(JsonNode data, long now) {
        if (!AGENT_ID.equals(data.path("agentId").asText())) {
            throw new IllegalArgumentException("unexpected filter " + data);
        }
        List<Integer> started = new ArrayList<>();
        for (int r = 1; begun() && r <= runs; r++) {
            if (runStart(r) <= now) {
                started.add(r);
            }
        }
        started.sort(Comparator.comparingLong(this::runStart).reversed()); // newest first
        int pageSize = data.path("pageSize").asInt(20);
        int offset = data.hasNonNull("pageToken") ? Integer.parseInt(data.path("pageToken").asText()) : 0;
        List<Map<String, Object>> page = new ArrayList<>();
        for (int k = offset; k < Math.min(started.size(), offset + pageSize); k++) {
            page.add(run(started.get(k), now));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("executions", page);
        if (offset + pageSize < started.size()) {
            body.put("nextPageToken", String.valueOf(offset + pageSize));
        }
        return Map.of("status", "success", "message", "Agent executions retrieved", "data", body);
    }

    private Map<String, Object> getRun(JsonNode data, long now) {
        int r = indexOf(data.path("executionId").asText(), "run_ha_", runs);
        if (!begun() || r < 0 || runStart(r) > now) {
            return null;
        }
        return Map.of("status", "success", "message", "Agent execution retrieved",
                "data", Map.of("execution", run(r, now)));
    }

    private Map<String, Object> run(int r, long now) {
        long completedAt = runStart(r) + runDuration(r);
        boolean finished = completedAt <= now;
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", runId(r));
        run.put("agentId", AGENT_ID);
        run.put("agentName", "HA agent");
        run.put("status", !finished ? "running" : r % 4 == 0 ? "failed" : "passed");
        run.put("startedAt", runStart(r));
        if (finished) {
            run.put("completedAt", completedAt);
            run.put("durationMs", runDuration(r));
        }
        run.put("trigger", "api");
        return run;
    }

    private static int indexOf(String id, String prefix, int count) {
        if (id == null || !id.startsWith(prefix)) {
            return -1;
        }
        try {
            int i = Integer.parseInt(id.substring(prefix.length()));
            return i >= 1 && i <= count ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
