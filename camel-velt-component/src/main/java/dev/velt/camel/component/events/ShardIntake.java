package dev.velt.camel.component.events;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.velt.camel.component.state.ShardHandOverStore;

/**
 * The owner's side of a sharded {@code velt:events} (the consumer of shard n, n from 1): at every poll it reads the
 * list the consumer of shard 0 keeps for it in the state repository ({@link ShardHandOver}) and watches each listed
 * execution it does not watch yet, from its stored position; it makes no Velt call for that. A listed execution whose
 * stored position is terminal ended (this consumer delivered its terminal event, in this run or an earlier one) and is
 * waiting for shard 0 to take it off the list; one with no position key ended and was forgotten. Either is not read
 * again while the list holds it. A read that throws propagates (the poll fails and the next one reads again). Poll
 * thread only.
 */
public final class ShardIntake {

    private final ShardHandOverStore keys;
    private final int shard;
    private final ExecutionPositions live;
    /** Listed executions known to have ended: a subset of the last list read. */
    private Set<String> settled = new HashSet<>();

    public ShardIntake(ShardHandOverStore keys, int shard, ExecutionPositions live) {
        this.keys = keys;
        this.shard = shard;
        this.live = live;
    }

    /** Reads this shard's list and watches what it lists that is neither watched nor ended. */
    public void readOn() {
        List<String> listed = keys.read(shard);
        Set<String> nowSettled = new HashSet<>();
        for (String executionId : listed) {
            if (live.isLive(executionId)) {
                continue;
            }
            if (settled.contains(executionId) || !live.watchStored(executionId)) {
                nowSettled.add(executionId);
            }
        }
        settled = nowSettled;
    }

    /** How many ended executions this side remembers, for the memory bound checks. */
    public int size() {
        return settled.size();
    }
}
