package dev.velt.camel.component.push;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running consumers of a sharded {@code velt:events} in one CamelContext, by definition, number of shards and
 * shard: where the push receiver of that stream hands a push whose shard's consumer runs in this JVM. A consumer is
 * here from its start to its stop.
 */
public final class ShardOwners {

    private final Map<String, PushedEventSink> running = new ConcurrentHashMap<>();

    private static String key(String definitionId, int shards, int shard) {
        return shards + "/" + shard + "/" + definitionId;
    }

    /** Registers the consumer of a shard; one at a time per shard and context. */
    public void register(String definitionId, int shards, int shard, PushedEventSink owner) {
        PushedEventSink before = running.putIfAbsent(key(definitionId, shards, shard), owner);
        if (before != null && before != owner) {
            throw new IllegalStateException("Run one velt:events consumer per shard in a CamelContext: shard " + shard
                                            + " of definitionId " + definitionId + " already has one");
        }
    }

    /** Unregisters the consumer of a shard, if it is the one registered. */
    public void unregister(String definitionId, int shards, int shard, PushedEventSink owner) {
        running.remove(key(definitionId, shards, shard), owner);
    }

    /** The running consumer of a shard in this context, or null. */
    public PushedEventSink find(String definitionId, int shards, int shard) {
        return running.get(key(definitionId, shards, shard));
    }
}
