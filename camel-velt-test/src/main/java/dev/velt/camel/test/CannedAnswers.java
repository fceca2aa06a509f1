package dev.velt.camel.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Fixed answers, served byte for byte: for a path and the id a request names ({@code executionId}, else
 * {@code agentId}, else {@code definitionId}), and for {@code agents/execution/get} whether it asks
 * {@code includeResults}. They come before what the simulator would answer itself.
 */
final class CannedAnswers {

    /** The examples of the API's reference pages, with the ids they use. */
    static final String PAGE_EXECUTION_ID = "exec_1777374504255_xzy43k9q";
    static final String PAGE_AGENT_RUN_ID = "exec_1711900000000_abc123def456";
    static final String PAGE_AGENT_ID = "abc123def456";

    private record Matching(String path, Predicate<JsonNode> data, int status, String body) {
    }

    private final Map<String, String> answers = new HashMap<>();
    private final List<Matching> matching = new ArrayList<>();

    /** Forgets every canned answer. */
    synchronized void clear() {
        answers.clear();
        matching.clear();
    }

    /** A fixed answer for the requests to {@code path} whose {@code data} matches. */
    synchronized void put(String path, Predicate<JsonNode> data, int status, String body) {
        matching.add(new Matching(Paths.normalize(path), data, status, body));
    }

    /** The status and body of a matching answer for this request, or null. */
    synchronized Map.Entry<Integer, String> findMatching(String path, JsonNode data) {
        return matching.stream().filter(m -> m.path().equals(path) && m.data().test(data))
                .map(m -> Map.entry(m.status(), m.body())).findFirst().orElse(null);
    }

    synchronized void put(String path, String id, boolean includeResults, String body) {
        answers.put(key(Paths.normalize(path), id, includeResults), body);
    }

    /** The canned body for this request, or null. */
    synchronized String find(String path, JsonNode data) {
        String id = text(data, "executionId");
        if (id == null) {
            id = text(data, "agentId");
        }
        if (id == null) {
            id = text(data, "definitionId");
        }
        return id == null ? null : answers.get(key(path, id, data.path("includeResults").asBoolean(false)));
    }

    /** Loads the reference pages' examples: an execution and its events, an agent run (with and without results). */
    void putApiPageExamples(boolean legacyAgentList) {
        put(Paths.GET_EXECUTION, PAGE_EXECUTION_ID, false, resource("workflow-executions-get.json"));
        put(Paths.GET_EVENTS, PAGE_EXECUTION_ID, false, resource("workflow-executions-getEvents.json"));
        put(Paths.GET_AGENT_RUN, PAGE_AGENT_RUN_ID, false, resource("agents-execution-get.json"));
        put(Paths.GET_AGENT_RUN, PAGE_AGENT_RUN_ID, true, resource("agents-execution-get-with-results.json"));
        if (legacyAgentList) {
            put(Paths.LIST_AGENT_RUNS, PAGE_AGENT_ID, false, resource("agents-execution-list-legacy.json"));
        }
    }

    private static String key(String path, String id, boolean includeResults) {
        return path + " " + id + (Paths.GET_AGENT_RUN.equals(path) && includeResults ? " +results" : "");
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static String resource(String name) {
        try (InputStream in = CannedAnswers.class.getResourceAsStream("api-pages/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource api-pages/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
