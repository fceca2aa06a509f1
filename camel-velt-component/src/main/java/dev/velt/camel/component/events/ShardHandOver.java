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
 * The listing shard's side of a sharded consumer (the consumer of shard 0): each execution (a workflow execution of
 * {@code velt:events}, an agent run of {@code velt:agentExecutions}) it finds that belongs to another shard
 * ({@link ExecutionShards}) is handed to that shard's consumer through the shared state repository instead of being
 * delivered here, and taken off the list once its owner stored its end in the execution's own key ({@link ItemKeys})
 * and this consumer forgot that key.
 * <p>
 * Hand-over order, so that nothing handed over is lost whatever write fails or wherever the consumer dies: the
 * execution's own key is written first (at its start when it has none), then the shard's list with the execution
 * added; only once that list is stored does the consumer go on as if the execution were its own (for
 * {@code velt:events} the scan window admits it, the discovery state is written later). A write that throws
 * propagates to the caller, which finds or hands over the execution again later. What is kept in memory is a copy of
 * each stored list, replaced only after a write succeeded: bounded by the executions handed over and not yet ended.
 * Poll thread only (and the start, before the first poll); no lock is held across a repository call.
 */
public final class ShardHandOver {

    private static final Logger LOG = LoggerFactory.getLogger(ShardHandOver.class);

    /** What an execution's own key says: none (never handed over, or ended and forgotten), live, or ended. */
    public enum Stored {
        NONE, LIVE, ENDED
    }

    /** An execution's own key, where its owner records how far its delivery got. */
    public interface ItemKeys {

        /** What the execution's key says (one repository read). */
        Stored stored(String executionId);

        /** Writes the execution's key at its start, unless one is stored. */
        void start(String executionId);
    }

    private final ShardHandOverStore keys;
    private final ItemKeys items;
    private final int shards;
    /** Per shard (index 1 to shards - 1): the executions its stored list holds. */
    private final List<Set<String>> listed = new ArrayList<>();

    public ShardHandOver(ShardHandOverStore keys, ItemKeys items, int shards) {
        this.keys = keys;
        this.items = items;
        this.shards = shards;
    }

    /** The position keys of {@code velt:events}: ended once the terminal position is stored. */
    public static ItemKeys executionPositions(VeltPositionStore store) {
        return new ItemKeys() {

            @Override
            public Stored stored(String executionId) {
                ExecutionPosition stored = store.loadExecution(executionId);
                return stored == null ? Stored.NONE : stored.terminal() ? Stored.ENDED : Stored.LIVE;
            }

            @Override
            public void start(String executionId) {
                store.startExecution(executionId);
            }
        };
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

    /** True when the execution is on its shard's stored list. */
    public boolean isListed(String executionId) {
        return listed.get(ExecutionShards.of(executionId, shards)).contains(executionId);
    }

    /**
     * Hands an execution of another shard to its owner: writes its own key when it has none, then its shard's list with
     * it. A write that throws propagates and changes nothing here.
     *
     * @return true when the execution is listed for its owner (now or before); false when its key says it ended, or
     * when the repository refused the list (a later consumer of shard 0 writes it now)
     */
    public boolean handOver(String executionId) {
        int shard = ExecutionShards.of(executionId, shards);
        Set<String> current = listed.get(shard);
        if (current.contains(executionId)) {
            return true;
        }
        Stored stored = items.stored(executionId);
        if (stored == Stored.ENDED) {
            return false;
        }
        if (stored == Stored.NONE) {
            items.start(executionId);
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
     * Reads the keys of the executions handed over (one repository read each, no Velt call): those whose owner stored
     * their end are returned, for this consumer to forget their keys once its state is stored; those whose key is gone
     * (forgotten so) are taken off their lists. An execution so stays listed until its
     * key is forgotten, and a consumer of shard 0 that stops in between finds it again at its next start. A list whose
     * write fails keeps them, to try again at the next poll (the failure propagates after the other lists were
     * written).
     *
     * @return the executions that ended, whose keys may be forgotten
     */
    public List<String> collectEnded() {
        List<String> ended = new ArrayList<>();
        RuntimeException failure = null;
        for (int shard = 1; shard < shards; shard++) {
            List<String> gone = new ArrayList<>();
            for (String executionId : listed.get(shard)) {
                Stored stored = items.stored(executionId);
                if (stored == Stored.NONE) {
                    gone.add(executionId);
                } else if (stored == Stored.ENDED) {
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
