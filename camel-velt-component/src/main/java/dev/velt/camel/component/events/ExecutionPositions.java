package dev.velt.camel.component.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.velt.camel.component.state.VeltPositionStore;
import dev.velt.camel.component.state.VeltPositionStore.ExecutionPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live executions of a {@code velt:events} consumer and their committed positions (the last seq whose exchange
 * completed). Thread-safe without a lock: the poll thread, push threads and the route threads that complete exchanges
 * all go through here, and every write to the state repository happens before the position in memory moves, never under
 * a lock. A position only moves forward. An execution that ended (or that Velt does not know) leaves the map, and the
 * consumer is told at once, on that thread, so that it releases what else it kept for the execution.
 */
public final class ExecutionPositions {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionPositions.class);

    private final VeltPositionStore store;
    private final Map<String, Long> live = new ConcurrentHashMap<>();
    /** Positions of completed exchanges whose write failed, to write again; never delivered again meanwhile. */
    private final Map<String, ExecutionPosition> unsaved = new ConcurrentHashMap<>();
    private final Consumer<String> ended;
    private final Runnable committed;

    /**
     * @param ended told of each execution that ended or was dropped, once, on the thread that ended it
     * @param committed told of each position written
     */
    public ExecutionPositions(VeltPositionStore store, Consumer<String> ended, Runnable committed) {
        this.store = store;
        this.ended = ended;
        this.committed = committed;
    }

    /** The committed position of a live execution; null when it is not watched (ended, dropped, never seen). */
    public Long position(String executionId) {
        return live.get(executionId);
    }

    public boolean isLive(String executionId) {
        return live.containsKey(executionId);
    }

    /**
     * Starts watching an execution from its stored position (read first: a read that throws leaves it unwatched), unless
     * it is watched already or its stored position says it ended.
     *
     * @return true when the execution is watched now
     */
    public boolean watch(String executionId) {
        if (live.containsKey(executionId)) {
            return true;
        }
        ExecutionPosition stored = store.loadExecution(executionId);
        if (stored != null && stored.terminal()) {
            return false;
        }
        live.putIfAbsent(executionId, stored == null ? 0L : stored.seq());
        return true;
    }

    /**
     * Starts watching an execution that has a stored position which is not terminal (a sharded execution handed over:
     * without a position key it ended and was forgotten). A read that throws leaves it unwatched.
     *
     * @return true when the execution is watched now
     */
    public boolean watchStored(String executionId) {
        if (live.containsKey(executionId)) {
            return true;
        }
        ExecutionPosition stored = store.loadExecution(executionId);
        if (stored == null || stored.terminal()) {
            return false;
        }
        live.putIfAbsent(executionId, stored.seq());
        return true;
    }

    /** True when the stored position of the execution says it ended (it is not watched again). */
    public boolean endedBefore(String executionId) {
        ExecutionPosition stored = store.loadExecution(executionId);
        return stored != null && stored.terminal();
    }

    /**
     * Moves an execution's position forward to {@code seq} and writes it; a write that throws leaves the position where it
     * was and propagates. Runs on whichever thread completed the exchange; the in-flight rule keeps two commits of one
     * execution from running at once.
     */
    public void commit(String executionId, long seq, boolean terminal) {
        Long current = live.get(executionId);
        if (current == null || seq <= current) {
            return; // ended or dropped meanwhile, or not forward
        }
        ExecutionPosition position = new ExecutionPosition(seq, terminal);
        try {
            store.saveExecution(executionId, position);
        } catch (RuntimeException e) {
            // the exchange completed: it is not delivered again in this process; the write is retried by the next poll
            unsaved.merge(executionId, position, (was, now) -> now.seq() > was.seq() ? now : was);
            advance(executionId, seq, terminal);
            throw e;
        }
        // a newer position written supersedes one whose write failed: the retry must not move it back
        unsaved.computeIfPresent(executionId, (id, was) -> was.seq() <= seq ? null : was);
        committed.run();
        advance(executionId, seq, terminal);
    }

    private void advance(String executionId, long seq, boolean terminal) {
        if (terminal) {
            if (live.remove(executionId) != null) {
                ended.accept(executionId);
                LOG.debug("Execution {} ended at seq {}; no longer polled", executionId, seq);
            }
            return;
        }
        live.computeIfPresent(executionId, (id, was) -> Math.max(was, seq));
    }

    /**
     * Writes the positions whose write failed after their exchange completed; the first that fails again propagates
     * (the rest wait for the next try).
     */
    public void retryUnsaved() {
        for (Map.Entry<String, ExecutionPosition> entry : List.copyOf(unsaved.entrySet())) {
            store.saveExecution(entry.getKey(), entry.getValue());
            unsaved.remove(entry.getKey(), entry.getValue());
            committed.run();
        }
    }

    /** How many positions wait for their write to be retried. */
    public int unsavedCount() {
        return unsaved.size();
    }

    /** Stops watching an execution (Velt does not know it). */
    public void drop(String executionId) {
        if (live.remove(executionId) != null) {
            ended.accept(executionId);
        }
    }

    /** The live execution ids, in no particular order. */
    public List<String> ids() {
        return new ArrayList<>(live.keySet());
    }

    /** The live execution ids, sorted, starting at {@code rotation} (modulo their number): each takes its turn first. */
    public List<String> idsFrom(int rotation) {
        List<String> ids = ids();
        ids.sort(null);
        if (ids.isEmpty()) {
            return ids;
        }
        int start = Math.floorMod(rotation, ids.size());
        List<String> rotated = new ArrayList<>(ids.subList(start, ids.size()));
        rotated.addAll(ids.subList(0, start));
        return rotated;
    }

    public int size() {
        return live.size();
    }

    /** A copy of the live executions and their positions, sorted by id, for the dev console. */
    public Map<String, Long> snapshot() {
        return new java.util.TreeMap<>(live);
    }

    public void clear() {
        live.clear();
    }
}
