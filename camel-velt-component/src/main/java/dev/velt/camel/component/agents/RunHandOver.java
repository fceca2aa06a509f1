package dev.velt.camel.component.agents;

import java.util.List;
import java.util.Queue;

import dev.velt.camel.component.events.ShardHandOver;
import dev.velt.camel.component.state.ShardHandOverStore;
import dev.velt.camel.component.state.VeltPositionStore;
import dev.velt.camel.component.state.VeltPositionStore.RunProgress;

/**
 * The consumer of shard 0 of a sharded {@code velt:agentExecutions}: it lists the runs for every shard, and a run of
 * another shard that finished is handed to that shard's consumer ({@link VeltAgentShardConsumer}) through the state
 * repository ({@link ShardHandOver}: the run's progress key first, then the shard's list, under this consumer's epoch)
 * instead of being delivered here. Once the owner stored the run {@code done}, this consumer forgets the progress key
 * with its next runs state and then takes the run off the list. Poll thread only (and the start).
 */
final class RunHandOver {

    private final ShardHandOver handOver;
    private final VeltPositionStore store;
    private final String scope;
    /** The first hand-over write that threw in this poll, the others suppressed in it. */
    private RuntimeException failure;

    RunHandOver(VeltPositionStore store, String scope, int shards) {
        this.store = store;
        this.scope = scope;
        this.handOver = new ShardHandOver(ShardHandOverStore.forAgentRuns(store, scope, shards),
                new AgentRunKeys(store, scope), shards);
    }

    /** Reads every other shard's list and claims it (a consumer of shard 0 that started earlier can no longer write). */
    void load() {
        handOver.load();
    }

    /** True when the run belongs to shard 0, delivered by this consumer. */
    boolean isOwn(String runId) {
        return handOver.isLocal(runId);
    }

    /** True when the run is on its owner's list: handed over already, its owner delivers it. */
    boolean isListed(String runId) {
        return handOver.isListed(runId);
    }

    /**
     * Hands a finished run of another shard to its owner. A write that throws is kept for {@link #throwFailure} (the
     * run stays owed here and is handed over at a later poll), so that the runs of shard 0 are delivered meanwhile.
     *
     * @param done where a run goes whose progress says it was delivered already (its key is forgotten then)
     * @return true when the run is no longer this consumer's to deliver: listed for its owner, or delivered already;
     * false when the repository refused the list (a later consumer of shard 0 took over)
     */
    boolean handOver(String runId, Queue<String> done) {
        RunProgress progress;
        try {
            if (handOver.handOver(runId)) {
                return true;
            }
            progress = store.loadAgentRun(scope, runId);
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
            return false;
        }
        if (progress != null && progress.done()) {
            done.add(runId);
            return true;
        }
        return false;
    }

    /**
     * The runs whose owner stored them {@code done}, for this consumer to forget their progress keys; runs whose key
     * is gone are taken off the lists ({@link ShardHandOver#collectEnded}). Called first in a poll. A list write that
     * throws is kept for {@link #throwFailure} and the lists are read again at the next poll.
     */
    List<String> collectDelivered() {
        failure = null;
        try {
            return handOver.collectEnded();
        } catch (RuntimeException e) {
            failure = e;
            return List.of();
        }
    }

    /** Throws the first hand-over write that failed since {@link #collectDelivered}, if any (the poll fails then). */
    void throwFailure() {
        RuntimeException thrown = failure;
        failure = null;
        if (thrown != null) {
            throw thrown;
        }
    }
}
