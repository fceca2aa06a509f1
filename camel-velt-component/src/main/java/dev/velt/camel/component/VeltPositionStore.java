package dev.velt.camel.component;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.spi.StateRepository;

/**
 * The consumers' positions in a {@link StateRepository}. Keys and values are a stable, documented format, because users
 * keep these files across upgrades. Values are one-line JSON; ids inside keys are URL-encoded (so {@code =} and
 * newlines, which {@code FileStateRepository} forbids, cannot occur).
 * <ul>
 * <li>{@code velt.events.execution.<executionId>}: the last seq of that workflow execution whose
 * exchange completed (or that was skipped by {@code types}), as {@code {"seq":12,"terminal":false}}; {@code {"seq":57,"terminal":true}} once its terminal
 * event completed, after which the execution is never polled again.</li>
 * <li>{@code velt.events.discovery.<definitionId>[.<status>]} = {@code {"watermark":..,"seen":[..],"live":[..]}}: the
 * newest {@code startedAt} a discovery scan has seen, the ids started at exactly that time, and the discovered
 * executions not yet terminal.</li>
 * <li>{@code velt.agentExecutions.<filter>} (filter e.g. {@code agentId:abc,documentId:doc_1}) =
 * {@code {"watermark":..,"seen":[..],"pending":{"<runId>":<findings delivered>}}}: the newest {@code startedAt} seen,
 * the ids started at that time, and the runs seen but not yet delivered (still running, or whose exchange failed).</li>
 * </ul>
 * Memory and storage stay bounded by the live executions and pending runs: finished ones leave the in-memory state;
 * only the one-line {@code terminal} marker per execution remains in the repository.
 */
public class VeltPositionStore {

    static final String EVENTS_PREFIX = "velt.events.execution.";
    static final String DISCOVERY_PREFIX = "velt.events.discovery.";
    static final String AGENT_RUNS_PREFIX = "velt.agentExecutions.";

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final StateRepository<String, String> repository;
    /** Encoded keys of the executions being written to; an ended execution's is dropped. */
    private final Map<String, String> executionKeys = new ConcurrentHashMap<>();

    public VeltPositionStore(StateRepository<String, String> repository) {
        this.repository = repository;
    }

    /** Where a workflow execution's event stream was left. */
    public record ExecutionPosition(long seq, boolean terminal) {
        public static final ExecutionPosition START = new ExecutionPosition(0, false);
    }

    /** What discovery through {@code workflow/executions/list} has seen. */
    public static class DiscoveryState {
        public Long watermark;
        public List<String> seen = new ArrayList<>();
        public List<String> live = new ArrayList<>();
    }

    /** What the agent runs consumer has seen and still owes. */
    public static class AgentRunsState {
        public Long watermark;
        public List<String> seen = new ArrayList<>();
        public Map<String, Integer> pending = new LinkedHashMap<>();
    }

    /** The stored position of an execution, or null when it was never stored. */
    public ExecutionPosition loadExecution(String executionId) {
        return read(EVENTS_PREFIX + encode(executionId), ExecutionPosition.class);
    }

    /** Runs once per delivered event, so the documented one-line value is written without a JSON library. */
    public void saveExecution(String executionId, ExecutionPosition position) {
        repository.setState(executionKeys.computeIfAbsent(executionId, id -> EVENTS_PREFIX + encode(id)),
                "{\"seq\":" + position.seq() + ",\"terminal\":" + position.terminal() + "}");
        if (position.terminal()) {
            executionKeys.remove(executionId);
        }
    }

    public DiscoveryState loadDiscovery(String definitionId, String status) {
        return read(discoveryKey(definitionId, status), DiscoveryState.class);
    }

    public void saveDiscovery(String definitionId, String status, DiscoveryState state) {
        write(discoveryKey(definitionId, status), state);
    }

    public AgentRunsState loadAgentRuns(String scope) {
        return read(AGENT_RUNS_PREFIX + scope, AgentRunsState.class);
    }

    public void saveAgentRuns(String scope, AgentRunsState state) {
        write(AGENT_RUNS_PREFIX + scope, state);
    }

    /** The key part naming an agent runs filter: the set filters in a fixed order, e.g. {@code agentId:abc,status:failed}. */
    public static String agentRunsScope(String agentId, String organizationId, String documentId, String status) {
        StringJoiner scope = new StringJoiner(",");
        add(scope, "agentId", agentId);
        add(scope, "organizationId", organizationId);
        add(scope, "documentId", documentId);
        add(scope, "status", status);
        return scope.toString();
    }

    private static void add(StringJoiner scope, String name, String value) {
        if (value != null && !value.isEmpty()) {
            scope.add(name + ":" + encode(value));
        }
    }

    private static String discoveryKey(String definitionId, String status) {
        return DISCOVERY_PREFIX + encode(definitionId) + (status == null || status.isEmpty() ? "" : "." + encode(status));
    }

    static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private <T> T read(String key, Class<T> type) {
        String value = repository.getState(key);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return JSON.readValue(value, type);
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable consumer position under key '" + key + "' in the stateRepository: "
                                            + e.getMessage(), e);
        }
    }

    private void write(String key, Object value) {
        try {
            repository.setState(key, JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write consumer position under key '" + key + "'", e);
        }
    }
}
