package dev.velt.camel.component.events;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.velt.camel.component.state.ShardHandOverStore;
import dev.velt.camel.component.state.VeltPositionStore;
import dev.velt.camel.component.state.VeltPositionStore.ExecutionPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The discovery shard's side of a sharded {@code velt:events} (the consumer of shard 0): each execution its discovery
 * finds that belongs to another shard ({@link ExecutionShards}) is handed to that shard's consumer through the shared
 * state repository instead of being watched here, and taken off the list once its owner stored its terminal position
 * and this consumer forgot its position key.
 * <p>
 * Hand-over order, so that nothing handed over is lost whatever write fails or wherever the consumer dies: the
 * execution's position key is written first (at seq 0 when it has none), then the shard's list with the execution
 * added; only once that list is stored does the discovery go on as if the execution were watched (the scan window
 * admits it, the discovery state is written later). A write that throws propagates, the scan stops at that execution
 * and finds it again. What is kept in memory is a copy of each stored list, replaced only after a write succeeded:
 * bounded by the executions handed over and not yet ended. Poll thread only (and the start, before the first poll); no
 * lock is held across a repository call.
 */
public final class ShardHandOver {

    private static final Logger LOG = LoggerFactory.getLogger(ShardHandOver.class);

    private final ShardHandOverStore keys;
    private final VeltPositionStore store;
    private final int shards;
    /** Per shard (index 1 to shards - 1): the executions its stored list holds. */
    private final List<Set<String>> listed = new ArrayList<>();

    public ShardHandOver(ShardHandOverStore keys, VeltPositionStore store, int shards) {
        this.keys = keys;
        this.store = store;
        this.shards = shards;
    }

    /** Reads every other shard's list and claims it (a consumer of shard 0 that started earlier can no longer write). */
    public void load() {
        listed.clear();
        listed.add(Set.of()); // shard 0 lists nothing: its executions are watched by this consumer
        for (int shard = 1; shard < shards; shard++) {
            listed.add(new LinkedHashSet<>(keys.claim(shard)));
        }
    }

    /** True when the execution belongs to shard 0, the shard of this consumer. */
    public boolean isLocal(String executionId) {
        return ExecutionShards.of(executionId, shards) == 0;
    }

    /**
     * Hands an execution of another shard to its owner: writes its position key when it has none, then its shard's list
     * with it. A write that throws propagates and changes nothing here.
     *
     * @return true when the execution is listed for its owner (now or before); false when its stored position says it
     * ended, or when the repository refused the list (a later consumer of shard 0 writes it now)
     */
    public boolean handOver(String executionId) {
        int shard = ExecutionShards.of(executionId, shards);
        Set<String> current = listed.get(shard);
        if (current.contains(executionId)) {
            return true;
        }
        ExecutionPosition stored = store.loadExecution(executionId);
        if (stored != null && stored.terminal()) {
            return false;
        }
        if (stored == null) {
            store.startExecution(executionId);
        }
        List<String> next = new ArrayList<>(current);
        next.add(executionId);
        if (!keys.write(shard, next)) {
            LOG.warn("The hand-over list of shard {} was written by a later consumer of shard 0 (another replica took "
                     + "over); execution {} is left to it",
                    shard, executionId);
            return false;
        }
        listed.set(shard, new LinkedHashSet<>(next));
        LOG.debug("Execution {} handed over to shard {}", executionId, shard);
        return true;
    }

    /**
     * Reads the positions of the executions handed over (one repository read each, no Velt call): those whose owner
     * stored the terminal position are returned, for the discovery to forget their position keys once its state is
     * stored; those whose key is gone (forgotten so) are taken off their lists. An execution so stays listed until its
     * key is forgotten, and a consumer of shard 0 that stops in between finds it again at its next start. A list whose
     * write fails keeps them, to try again at the next poll (the failure propagates after the other lists were
     * written).
     *
     * @return the executions that ended, whose position keys may be forgotten
     */
    public List<String> collectEnded() {
        List<String> ended = new ArrayList<>();
        RuntimeException failure = null;
        for (int shard = 1; shard < shards; shard++) {
            List<String> gone = new ArrayList<>();
            for (String executionId : listed.get(shard)) {
                ExecutionPosition stored = store.loadExecution(executionId);
                if (stored == null) {
                    gone.add(executionId);
                } else if (stored.terminal()) {
                    ended.add(executionId);
                }
            }
            if (gone.isEmpty()) {
                continue;
            }
            List<String> next = new ArrayList<>(listed.get(shard));
            next.removeAll(gone);
            try {
                if (keys.write(shard, next)) {
                    listed.set(shard, new LinkedHashSet<>(next));
                }
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return ended;
    }

    /** How many executions the lists hold, for the memory bound checks. */
    public int size() {
        return listed.stream().mapToInt(Set::size).sum();
    }
}
