package dev.velt.camel.component.agents;

import dev.velt.camel.component.events.ShardHandOver;
import dev.velt.camel.component.events.ShardHandOver.Stored;
import dev.velt.camel.component.state.VeltPositionStore;
import dev.velt.camel.component.state.VeltPositionStore.RunProgress;

/**
 * The progress keys of a sharded {@code velt:agentExecutions} as the hand-over sees them: a run ended once its owner
 * stored it {@code done}; a run is started at {@code {"findings":0,"done":false}}.
 */
final class AgentRunKeys implements ShardHandOver.ItemKeys {

    private final VeltPositionStore store;
    private final String scope;

    AgentRunKeys(VeltPositionStore store, String scope) {
        this.store = store;
        this.scope = scope;
    }

    @Override
    public Stored stored(String runId) {
        RunProgress progress = store.loadAgentRun(scope, runId);
        return progress == null ? Stored.NONE : progress.done() ? Stored.ENDED : Stored.LIVE;
    }

    @Override
    public void start(String runId) {
        store.startAgentRun(scope, runId);
    }
}
