package dev.velt.camel.component.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The hand-over keys of a sharded consumer ({@code velt.events.shard.<definitionId>.<n>} for {@code velt:events},
 * {@code velt.agentExecutions.shard.<filter>.<n>} for {@code velt:agentExecutions}; formats in this
 * package's documentation): the ids of shard n that the consumer of shard 0 hands to the consumer of shard n. The
 * consumer of shard 0 claims each key's next epoch when it loads it, so that a late write of a consumer of shard 0 that
 * lost its leadership is refused where the repository writes conditionally.
 */
public final class ShardHandOverStore {

    /** The value of a hand-over key. */
    public static class HandOver {

        /** The number of shards of the consumer that wrote it. */
        public Integer shards;
        public List<String> live = new ArrayList<>();
    }

    private final VeltPositionStore store;
    /** The keys' common start, the shard number follows. */
    private final String keyPrefix;
    private final int shards;

    private ShardHandOverStore(VeltPositionStore store, String keyPrefix, int shards) {
        this.store = store;
        this.keyPrefix = keyPrefix;
        this.shards = shards;
    }

    /** The hand-over keys of a sharded {@code velt:events} of one definition. */
    public static ShardHandOverStore forEvents(VeltPositionStore store, String definitionId, int shards) {
        return new ShardHandOverStore(store, VeltPositionStore.SHARD_PREFIX + VeltPositionStore.encode(definitionId) + ".",
                shards);
    }

    /**
     * The hand-over keys of a sharded {@code velt:agentExecutions} of one filter (as
     * {@link VeltPositionStore#agentRunsScope}).
     */
    public static ShardHandOverStore forAgentRuns(VeltPositionStore store, String scope, int shards) {
        return new ShardHandOverStore(store, VeltPositionStore.AGENT_SHARD_PREFIX + scope + ".", shards);
    }

    /** The key of shard {@code n}'s hand-over list. */
    public String key(int shard) {
        return keyPrefix + shard;
    }

    /** Reads shard {@code n}'s list and claims the next epoch for it: for the consumer of shard 0, on start. */
    public List<String> claim(int shard) {
        store.claimEpoch(key(shard));
        return read(shard);
    }

    /**
     * Reads shard {@code n}'s list (empty when none is stored).
     *
     * @throws IllegalStateException when it was written with another number of shards
     */
    public List<String> read(int shard) {
        HandOver stored = store.read(key(shard), HandOver.class);
        if (stored == null) {
            return new ArrayList<>();
        }
        if (stored.shards != null && stored.shards != shards) {
            throw new IllegalStateException("The stateRepository holds executions handed over with shards="
                                            + stored.shards + " under '" + key(shard) + "', this consumer has shards="
                                            + shards + ": the number of shards cannot change once positions are stored");
        }
        return stored.live == null ? new ArrayList<>() : new ArrayList<>(stored.live);
    }

    /** Writes shard {@code n}'s list; false when the repository refused it (a consumer of a later epoch wrote since). */
    public boolean write(int shard, List<String> live) {
        HandOver value = new HandOver();
        value.shards = shards;
        value.live = live;
        return store.write(key(shard), value);
    }
}
