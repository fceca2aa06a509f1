package dev.velt.camel.component.shards;

import java.util.stream.IntStream;

import dev.velt.camel.component.events.ExecutionShards;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sharded {@code velt:agentExecutions} when a run handed over cannot be delivered at once: its exchange fails, or Velt
 * no longer knows it. The run's owner reads it by id again, and nothing stays behind on its list.
 */
class VeltShardedAgentRunFailuresTest extends AgentShardsTestSupport {

    @Test
    void aFindingWhoseExchangeFailedIsDeliveredAgainAfterAnotherReadOfItsRun() throws Exception {
        split = true;
        running("a", 6);
        String run = IntStream.range(0, 6).mapToObj(i -> "a_" + i).filter(id -> ExecutionShards.of(id, SHARDS) == 1)
                .findFirst().orElseThrow();
        CamelContext context = startShards();
        await().until(() -> requestsTo(LIST) >= 2);

        context.getRouteController().stopRoute("shard-1");
        finish("a", 6);
        String second = expected.get(run).get(1) + "@shard-1";
        recorder.failTimes(second, 2);
        context.getRouteController().startRoute("shard-1");

        awaitAllDelivered();
        assertOnceByOwner();
        assertThat(recorder.attempts().stream().filter(second::equals)).hasSize(3);
        // one read for each poll that delivered some of it: the first finding and a failure, a failure, the rest
        assertThat(requestsFor(GET, run)).isEqualTo(3);
        awaitNothingLeftBehind();
    }

    @Test
    void aRunVeltNoLongerKnowsLeavesItsShardsList() throws Exception {
        String gone = IntStream.range(0, 100).mapToObj(i -> "gone_" + i).filter(id -> ExecutionShards.of(id, SHARDS) == 1)
                .findFirst().orElseThrow();
        // as shard 0 hands a run over: its progress key first, then the list
        repository.setStateIfAhead("velt.agentExecutions.agentId:" + AGENT + ".run." + gone,
                "{\"findings\":0,\"done\":false}", 0);
        repository.setState(SHARD_KEYS + "agentId:" + AGENT + ".1", "{\"shards\":3,\"live\":[\"" + gone + "\"]}");
        running("a", 6);
        startShards();
        await().until(() -> requestsTo(LIST) >= 2);
        finish("a", 6);

        awaitAllDelivered();
        assertOnceByOwner();
        assertThat(requestsFor(GET, gone)).isPositive();
        awaitNothingLeftBehind();
    }
}
