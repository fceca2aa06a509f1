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
 * The consumers' positions in a {@link StateRepository}. Keys and values are a stable, documented format, because users
 * keep these files across upgrades; values written by earlier releases are read and rewritten in the current form.
 * Values are one-line JSON; ids inside keys are URL-encoded (so {@code =} and newlines, which
 * {@code FileStateRepository} forbids, cannot occur).
 * <ul>
 * <li>{@code velt.events.execution.<executionId>} = {@code {"seq":12,"terminal":false}}: the last seq of that workflow
 * execution whose exchange completed (or that was skipped by {@code types}, or a gap of internal events skipped), and
 * {@code {"seq":57,"terminal":true}} once its terminal event completed. A named execution keeps its terminal marker; a
 * discovered one's key is removed once the discovery state no longer lists it as live (where the repository can remove
 * keys: the default in-memory one, {@code FileStateRepository}'s cache, {@code JdbcStateRepository}).</li>
 * <li>{@code velt.events.discovery.<definitionId>[.<status>]} =
 * {@code {"watermark":..,"window":{"<id>":<startedAt>},"live":[..],"open":{..},"firstStart":..,"firstPassDone":true}}:
 * the newest {@code startedAt} seen, the ids seen within the lookback window, the discovered executions not yet
 * terminal, and (with a {@code status} filter) the executions running or pending at the last scan; {@code forget}
 * lists ended executions whose keys were being removed when it was written. With
 * {@code shards}, the consumer of shard 0 writes it, and {@code live} lists only the executions of shard 0.</li>
 * <li>{@code velt.events.shard.<definitionId>.<n>} = {@code {"shards":3,"live":["<executionId>",..]}} (with
 * {@code shards}, for each shard n from 1): the executions of shard n that the consumer of shard 0 discovered and
 * handed
 * to the consumer of shard n, until their owner stored the terminal position and shard 0 forgot their position key;
 * written by the consumer of shard 0 only, read
 * by the consumer of shard n at every poll. An execution is listed here only after its position key was written (at
 * {@code {"seq":0,"terminal":false}} when it had none), so a listed execution without a position key ended and was
 * forgotten. The shard of an execution is {@code CRC32(UTF-8 executionId) mod shards}.</li>
 * <li>{@code velt.events.push.<definitionId>.<n>} = {@code {"shards":3,"events":[{<webhook body>},..]}} (with
 * {@code shards} and a push receiver, for each shard n from 0): the pushes of executions of shard n that a replica's
 * push receiver recorded because the consumer of shard n did not run in its JVM, each the webhook body as received
 * (with the {@code x-velt-event-id} added as {@code eventId} when the body had none), in the order recorded, at most
 * {@value ShardPushStore#MAX_EVENTS} events and {@value ShardPushStore#MAX_CHARS} characters; appended by the receivers
 * of every replica, read by the consumer of shard n at
 * every poll, which removes each once it is delivered and committed (or at or below the execution's position). Its
 * order is a version, one more at each write (a compare-and-set: needs an {@link OrderedStateRepository}); the key
 * stays once empty.</li>
 * <li>{@code velt.agentExecutions.<filter>} (filter e.g. {@code agentId:abc,documentId:doc_1}) =
 * {@code {"watermark":..,"window":{..},"pending":{"<runId>":<findings
 * delivered>},"firstStart":..,"firstPassDone":true}}:
 * the same window, and the runs seen but not yet delivered (still running, or whose exchange failed); {@code forget} as
 * above, for delivered runs. With {@code shards}, the consumer of shard 0 writes it, and {@code pending} holds the runs
 * of every shard until they are delivered (shard 0's) or handed over (the others', once finished).</li>
 * <li>{@code velt.agentExecutions.<filter>.run.<runId>} = {@code {"findings":3,"done":false}}: how far the delivery of
 * a pending run got, written when its exchange (or a finding's) completed; removed once the runs state no longer lists
 * the run. With {@code shards}, a run of shard n from 1 gets it from the consumer of shard 0 (at
 * {@code {"findings":0,"done":false}} when it has none) before it is listed for shard n; its owner writes it as above
 * (and {@code done} for a run Velt no longer knows), and the consumer of shard 0 removes it once it says
 * {@code done}.</li>
 * <li>{@code velt.agentExecutions.shard.<filter>.<n>} = {@code {"shards":3,"live":["<runId>",..]}} (with
 * {@code shards}, for each shard n from 1): the finished runs of shard n that the consumer of shard 0 handed to the
 * consumer of shard n, until their owner stored them {@code done} and shard 0 removed their progress key; written by
 * the consumer of shard 0 only, read by the consumer of shard n at every poll. A listed run without a progress key was
 * delivered and forgotten. The shard of a run is {@code CRC32(UTF-8 runId) mod shards}.</li>
 * </ul>
 * Older values carried {@code "seen":[ids at the watermark]} instead of {@code window}; they are read as a window
 * holding those ids at the watermark.
 * <p>
 * Positions never move back: where the repository writes conditionally ({@link OrderedStateRepository}), an execution's
 * position is ordered by its seq, and a scan state by the epoch of the consumer that wrote it (each start takes the
 * next
 * epoch), then a counter; a late write of an overtaken thread or of a replica that lost its leadership is refused.
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
