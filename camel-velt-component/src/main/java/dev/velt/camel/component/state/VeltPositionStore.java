package dev.velt.camel.component.state;

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
import org.apache.camel.support.processor.state.FileStateRepository;

/**
 * The consumers' positions in a {@link StateRepository}. Keys and values are a stable, documented format (in this
 * package's documentation), because users keep these files across upgrades; values written by earlier releases are
 * read and rewritten in the current form. Positions never move back where the repository writes conditionally
 * ({@link OrderedStateRepository}).
 */
public class VeltPositionStore {

    public static final String EVENTS_PREFIX = "velt.events.execution.";
    public static final String DISCOVERY_PREFIX = "velt.events.discovery.";
    public static final String AGENT_RUNS_PREFIX = "velt.agentExecutions.";
    public static final String SHARD_PREFIX = "velt.events.shard.";
    public static final String PUSH_PREFIX = "velt.events.push.";
    public static final String AGENT_SHARD_PREFIX = "velt.agentExecutions.shard.";

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final StateRepository<String, String> repository;
    /** Encoded keys of the executions being written to; an ended execution's is dropped. */
    private final Map<String, String> executionKeys = new ConcurrentHashMap<>();
    /** The epoch this store claimed for each scan state key, and the writes made under it. */
    private final Map<String, long[]> epochs = new ConcurrentHashMap<>();

    public VeltPositionStore(StateRepository<String, String> repository) {
        this.repository = repository;
    }

    /** Where a workflow execution's event stream was left. */
    public record ExecutionPosition(long seq, boolean terminal) {

        public static final ExecutionPosition START = new ExecutionPosition(0, false);
    }

    /** What a newest-first scan has seen: the newest {@code startedAt}, the ids in the lookback window. */
    public abstract static class ScanState {

        public Long watermark;
        public Map<String, Long> window;
        /** Only in older values: the ids started at {@code watermark}. */
        public List<String> seen;
        /** When the consumer first started (epoch ms). */
        public Long firstStart;
        /** Whether the first pass (which finds what was live at the first start) has ended. */
        public Boolean firstPassDone;
        /**
         * Ended items whose position keys are removed once this state is stored; a consumer that starts removes them
         * again, in case a removal was cut short (a process killed between the two writes). Absent when none.
         */
        public List<String> forget;

        /** Reads an older value in the current form. */
        public void migrate() {
            if (window == null) {
                window = new LinkedHashMap<>();
                if (seen != null && watermark != null) {
                    seen.forEach(id -> window.put(id, watermark));
                }
                if (firstPassDone == null) {
                    firstPassDone = watermark != null || seen != null;
                }
            }
            seen = null;
            if (firstPassDone == null) {
                firstPassDone = false;
            }
        }
    }

    /** What discovery through {@code workflow/executions/list} has seen. */
    public static class DiscoveryState extends ScanState {

        public List<String> live = new ArrayList<>();
        /** With a status filter: the executions running or pending at the last scan, with their startedAt. */
        public Map<String, Long> open;
    }

    /** What the agent runs consumer has seen and still owes. */
    public static class AgentRunsState extends ScanState {

        public Map<String, Integer> pending = new LinkedHashMap<>();
    }

    /** The stored position of an execution, or null when it was never stored. */
    public ExecutionPosition loadExecution(String executionId) {
        return read(EVENTS_PREFIX + encode(executionId), ExecutionPosition.class);
    }

    /** Runs once per delivered event, so the documented one-line value is written without a JSON library. */
    public void saveExecution(String executionId, ExecutionPosition position) {
        String key = executionKeys.computeIfAbsent(executionId, id -> EVENTS_PREFIX + encode(id));
        String value = "{\"seq\":" + position.seq() + ",\"terminal\":" + position.terminal() + "}";
        if (repository instanceof OrderedStateRepository ordered) {
            // refused when the stored position is ahead: it stays, positions never move back
            ordered.setStateIfAhead(key, value, position.seq() * 2 + (position.terminal() ? 1 : 0));
        } else {
            repository.setState(key, value);
        }
        if (position.terminal()) {
            executionKeys.remove(executionId);
        }
    }

    /**
     * Writes an execution's position at its start ({@code {"seq":0,"terminal":false}}) unless one is stored: the
     * consumer of shard 0 does so before it lists the execution for the consumer of its shard. Conditional where the
     * repository writes conditionally; elsewhere read first (only the consumer of shard 0 writes a start, and the owner
     * writes nothing before the execution is listed).
     */
    public void startExecution(String executionId) {
        String key = EVENTS_PREFIX + encode(executionId);
        String value = "{\"seq\":0,\"terminal\":false}";
        if (repository instanceof OrderedStateRepository ordered) {
            ordered.setStateIfAhead(key, value, 0);
        } else if (repository.getState(key) == null) {
            repository.setState(key, value);
        }
    }

    /**
     * Forgets an ended execution's key where the repository can remove keys; elsewhere its terminal marker stays (and
     * is never read again).
     */
    public void forgetExecution(String executionId) {
        executionKeys.remove(executionId);
        remove(EVENTS_PREFIX + encode(executionId));
    }

    /**
     * Reads the discovery state and, where the repository writes conditionally, claims the next epoch for it: from now
     * on a write of an earlier epoch (a replica that lost its leadership) is refused.
     */
    public DiscoveryState loadDiscovery(String definitionId, String status) {
        String key = discoveryKey(definitionId, status);
        claimEpoch(key);
        return migrated(read(key, DiscoveryState.class));
    }

    void claimEpoch(String key) {
        if (!(repository instanceof OrderedStateRepository ordered)) {
            return;
        }
        while (true) {
            Long stored = ordered.getOrder(key);
            long epoch = (stored == null ? 0 : stored >>> 32) + 1;
            String value = repository.getState(key);
            // a key with nothing stored yet is claimed too (an empty value reads as none), so that a consumer that
            // loads later always holds the later epoch
            if (ordered.setStateIfAhead(key, value == null ? "" : value, epoch << 32)) {
                epochs.put(key, new long[]{epoch, 0});
                return;
            }
        }
    }

    private static <T extends ScanState> T migrated(T state) {
        if (state != null) {
            state.migrate();
            if (state instanceof DiscoveryState discovery && discovery.live == null) {
                discovery.live = new ArrayList<>();
            }
            if (state instanceof AgentRunsState runs && runs.pending == null) {
                runs.pending = new LinkedHashMap<>();
            }
        }
        return state;
    }

    /** Writes the discovery state; false when the repository refused it (a consumer of a later epoch wrote since). */
    public boolean saveDiscovery(String definitionId, String status, DiscoveryState state) {
        return write(discoveryKey(definitionId, status), state);
    }

    /** Reads an agent runs state and claims the next epoch for it, as {@link #loadDiscovery}. */
    public AgentRunsState loadAgentRuns(String scope) {
        claimEpoch(AGENT_RUNS_PREFIX + scope);
        return migrated(read(AGENT_RUNS_PREFIX + scope, AgentRunsState.class));
    }

    /** Writes an agent runs state; false when the repository refused it (a consumer of a later epoch wrote since). */
    public boolean saveAgentRuns(String scope, AgentRunsState state) {
        return write(AGENT_RUNS_PREFIX + scope, state);
    }

    /** How far the delivery of one agent run got: findings delivered, and whether its last exchange completed. */
    public record RunProgress(int findings, boolean done) {
    }

    /** The stored progress of an agent run, or null when none was stored. */
    public RunProgress loadAgentRun(String scope, String runId) {
        return read(runKey(scope, runId), RunProgress.class);
    }

    /** Writes an agent run's progress; it only moves forward where the repository writes conditionally. */
    public void saveAgentRun(String scope, String runId, RunProgress progress) {
        String key = runKey(scope, runId);
        String value = "{\"findings\":" + progress.findings() + ",\"done\":" + progress.done() + "}";
        if (repository instanceof OrderedStateRepository ordered) {
            ordered.setStateIfAhead(key, value, progress.findings() * 2L + (progress.done() ? 1 : 0));
        } else {
            repository.setState(key, value);
        }
    }

    /**
     * Writes an agent run's progress at its start ({@code {"findings":0,"done":false}}) unless one is stored: the
     * consumer of shard 0 does so before it lists the run for the consumer of its shard. Conditional where the
     * repository writes conditionally; elsewhere read first, as {@link #startExecution}.
     */
    public void startAgentRun(String scope, String runId) {
        String key = runKey(scope, runId);
        String value = "{\"findings\":0,\"done\":false}";
        if (repository instanceof OrderedStateRepository ordered) {
            ordered.setStateIfAhead(key, value, 0);
        } else if (repository.getState(key) == null) {
            repository.setState(key, value);
        }
    }

    /** Forgets a delivered run's progress key, once the runs state no longer lists it as pending. */
    public void forgetAgentRun(String scope, String runId) {
        remove(runKey(scope, runId));
    }

    private static String runKey(String scope, String runId) {
        return AGENT_RUNS_PREFIX + scope + ".run." + encode(runId);
    }

    private void remove(String key) {
        if (repository instanceof RemovableStateRepository removable) {
            removable.removeState(key);
        } else if (repository instanceof FileStateRepository file) {
            file.getCache().remove(key);
        }
    }

    /**
     * The key part naming an agent runs filter: the set filters in a fixed order, e.g. {@code agentId:abc,status:failed}.
     */
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

    public static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    <T> T read(String key, Class<T> type) {
        String value = repository.getState(key);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return JSON.readValue(value, type);
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable consumer position under key '" + key + "' in the stateRepository: "
                                            + e.getMessage(),
                    e);
        }
    }

    boolean write(String key, Object value) {
        String json;
        try {
            json = JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write consumer position under key '" + key + "'", e);
        }
        long[] epoch = epochs.get(key);
        if (epoch != null && repository instanceof OrderedStateRepository ordered) {
            long order;
            synchronized (epoch) {
                order = (epoch[0] << 32) | ++epoch[1];
            }
            return ordered.setStateIfAhead(key, json, order);
        }
        repository.setState(key, json);
        return true;
    }
}
