package dev.velt.camel.examples.springboot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A stateful stand-in for the Velt workflow API in WireMock: it answers {@code workflow/executions/list},
 * {@code workflow/executions/get} and {@code workflow/executions/getEvents} from executions and events the test adds,
 * and only for requests carrying the expected API key and auth token (anything else gets Velt's PERMISSION_DENIED).
 */
public final class VeltStub {

    private static final String TRANSFORMER = "velt-stub";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ObjectNode> executions = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> events = new ConcurrentHashMap<>();
    private final WireMockServer server;

    /** Starts WireMock on a free port, answering as Velt for the given credentials. */
    public VeltStub(String apiKey, String authToken) {
        server = new WireMockServer(wireMockConfig().dynamicPort().extensions(new Transformer()));
        server.start();
        server.stubFor(post(urlPathMatching("/v2/.*")).atPriority(1)
                .withHeader("x-velt-api-key", equalTo(apiKey))
                .withHeader("x-velt-auth-token", equalTo(authToken))
                .willReturn(aResponse().withTransformers(TRANSFORMER)));
        server.stubFor(post(urlPathMatching("/v2/.*")).atPriority(10)
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"invalid API key or auth token\",\"status\":\"PERMISSION_DENIED\"}}")));
    }

    public WireMockServer server() {
        return server;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public void stop() {
        server.stop();
    }

    /** Adds or replaces an execution (its status as {@code workflow/executions/get} and {@code list} report it). */
    public void putExecution(String executionId, String definitionId, String status, long startedAt) {
        ObjectNode execution = JSON.createObjectNode();
        execution.put("executionId", executionId);
        execution.put("status", status);
        execution.put("startedAt", startedAt);
        if (List.of("completed", "failed", "cancelled").contains(status)) {
            execution.put("completedAt", startedAt + 1_000);
        } else {
            execution.putNull("completedAt");
        }
        execution.putNull("cancelledAt");
        execution.put("definitionId", definitionId);
        execution.put("definitionVersion", 1);
        execution.put("correlationId", "corr_" + executionId);
        execution.putNull("failureReason");
        execution.putArray("steps");
        executions.put(executionId, execution);
    }

    public void addEvent(String executionId, long seq, String type) {
        ObjectNode event = JSON.createObjectNode();
        event.put("eventId", "evt_" + executionId + "_" + seq);
        event.put("seq", seq);
        event.put("type", type);
        event.put("stepId", "step_" + seq);
        event.put("timestamp", 1777374504364L + seq);
        event.put("correlationId", "corr_" + executionId);
        event.putObject("data");
        events.computeIfAbsent(executionId, k -> new CopyOnWriteArrayList<>()).add(event);
    }

    private final class Transformer implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return TRANSFORMER;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            JsonNode data;
            try {
                data = JSON.readTree(serveEvent.getRequest().getBodyAsString()).path("data");
            } catch (IOException e) {
                return error(400, "INVALID_ARGUMENT", "body is not JSON");
            }
            Object result = switch (serveEvent.getRequest().getUrl()) {
                case "/v2/workflow/executions/list" -> list(data);
                case "/v2/workflow/executions/get" -> executions.get(data.path("executionId").asText());
                case "/v2/workflow/executions/getEvents" -> events(data);
                default -> null;
            };
            if (result == null) {
                return error(404, "NOT_FOUND", "not found");
            }
            try {
                return responseDefinition().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(JSON.writeValueAsString(Map.of("result", result))).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static ResponseDefinition error(int httpStatus, String status, String message) {
        return responseDefinition().withStatus(httpStatus).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"" + message + "\",\"status\":\"" + status + "\"}}").build();
    }

    private Object list(JsonNode data) {
        String definitionId = data.path("definitionId").asText(null);
        int pageSize = data.path("pageSize").asInt(50);
        int offset = data.hasNonNull("cursor") ? Integer.parseInt(data.path("cursor").asText()) : 0;
        List<ObjectNode> matching = executions.values().stream()
                .filter(e -> definitionId == null || definitionId.equals(e.path("definitionId").asText()))
                .sorted(Comparator.comparingLong((ObjectNode e) -> e.path("startedAt").asLong()).reversed())
                .toList();
        List<ObjectNode> page = matching.subList(Math.min(offset, matching.size()), Math.min(offset + pageSize, matching.size()));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("items", page);
        result.put("nextCursor", offset + pageSize < matching.size() ? String.valueOf(offset + pageSize) : null);
        return result;
    }

    private Object events(JsonNode data) {
        String executionId = data.path("executionId").asText();
        if (!executions.containsKey(executionId)) {
            return null;
        }
        long since = data.path("sinceSeq").asLong(0);
        int pageSize = data.path("pageSize").asInt(100);
        List<ObjectNode> after = new ArrayList<>(events.getOrDefault(executionId, List.of())).stream()
                .filter(e -> e.path("seq").asLong() > since)
                .sorted(Comparator.comparingLong(e -> e.path("seq").asLong()))
                .toList();
        List<ObjectNode> page = after.subList(0, Math.min(pageSize, after.size()));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("executionId", executionId);
        result.put("events", page);
        result.put("nextCursor", page.isEmpty() ? since : page.get(page.size() - 1).path("seq").asLong());
        result.put("hasMore", after.size() > page.size());
        return result;
    }
}
