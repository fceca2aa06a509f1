package dev.velt.camel.component.shards;

import dev.velt.camel.component.agents.VeltAgentExecutionsConsumer;
import dev.velt.camel.component.agents.VeltAgentShardConsumer;
import dev.velt.camel.component.events.ExecutionShards;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code velt:agentExecutions} with {@code shards}: one consumer per shard from a route template, in one CamelContext,
 * all sharing one state repository, against the simulator over HTTP. Every finished run (with {@code splitFindings},
 * every finding) is delivered once, by the consumer of the run's shard; only the consumer of shard 0 lists the runs; at
 * the end the hand-over lists are empty and no run's progress key is left.
 */
class VeltShardedAgentExecutionsTest extends AgentShardsTestSupport {

    @ParameterizedTest(name = "splitFindings={0}")
    @ValueSource(booleans = {false, true})
    void everyRunIsDeliveredOnceByItsOwnerAndOnlyShardZeroListsTheRuns(boolean splitFindings) throws Exception {
        split = splitFindings;
        running("a", 12);
        CamelContext context = startShards();
        await().until(() -> requestsTo(LIST) >= 2);

        finish("a", 12);
        running("b", 12);
        finish("b", 12);
        awaitAllDelivered();
        assertOnceByOwner();
        for (int shard = 0; shard < SHARDS; shard++) {
            assertThat(deliveredBy("shard-" + shard)).as("shard %s delivered some", shard).isPositive();
        }
        // a run handed over is read by its owner once, by id; shard 0 reads none of them by id (all on its first page)
        expected.keySet().stream().filter(id -> ExecutionShards.of(id, SHARDS) != 0)
                .forEach(id -> assertThat(requestsFor(GET, id)).as("reads of %s", id).isEqualTo(1));

        // idle: the list is read once per poll of shard 0, not once per shard
        VeltAgentExecutionsConsumer zero = (VeltAgentExecutionsConsumer) context.getRoute("shard-0").getConsumer();
        VeltAgentShardConsumer one = (VeltAgentShardConsumer) context.getRoute("shard-1").getConsumer();
        long polls = zero.getVeltPolls();
        long pollsOfOne = one.getVeltPolls();
        int lists = requestsTo(LIST);
        await().until(() -> zero.getVeltPolls() >= polls + 40 && one.getVeltPolls() >= pollsOfOne + 40);
        int listed = requestsTo(LIST) - lists;
        long polled = zero.getVeltPolls() - polls;
        assertThat(listed).as("list requests over %s polls of shard 0", polled).isBetween((int) polled - 2,
                (int) polled + 2);

        awaitNothingLeftBehind();
        assertOnceByOwner();
        // the lists are empty: shard 1 remembers no run it delivered once it read its list again
        await().until(() -> one.heldStructures() == 0);
    }

    @Test
    void aShardStoppedWhileItsRunsFinishedDeliversThemOnceStarted() throws Exception {
        split = true;
        running("a", 12);
        CamelContext context = startShards();
        await().until(() -> requestsTo(LIST) >= 2);

        context.getRouteController().stopRoute("shard-1");
        finish("a", 12);
        await().until(() -> undelivered().stream().allMatch(key -> ownerOf(key) == 1));
        assertThat(undelivered()).isNotEmpty();
        // shard 1's runs wait on its list
        String waiting = undelivered().get(0);
        await().untilAsserted(() -> assertThat(repository.contents().get(SHARD_KEYS + "agentId:" + AGENT + ".1"))
                .contains("\"" + waiting.substring(0, waiting.indexOf('#')) + "\""));

        context.getRouteController().startRoute("shard-1");
        awaitAllDelivered();
        assertOnceByOwner();
        awaitNothingLeftBehind();
    }

    @Test
    void withShardZeroStoppedTheRunsHandedOverAreDeliveredWithoutAListRequest() throws Exception {
        running("a", 12);
        CamelContext context = startShards();
        await().until(() -> requestsTo(LIST) >= 2);

        // the runs finish while shards 1 and 2 are stopped: shard 0 hands them over, then stops too
        context.getRouteController().stopRoute("shard-1");
        context.getRouteController().stopRoute("shard-2");
        finish("a", 12);
        await().until(() -> undelivered().stream().allMatch(key -> ownerOf(key) != 0));
        await().until(() -> handedOver().size() == undelivered().size());
        context.getRouteController().stopRoute("shard-0");
        int lists = requestsTo(LIST);

        context.getRouteController().startRoute("shard-1");
        context.getRouteController().startRoute("shard-2");
        awaitAllDelivered();
        assertThat(requestsTo(LIST)).as("no list request without shard 0").isEqualTo(lists);

        context.getRouteController().startRoute("shard-0");
        running("b", 6);
        finish("b", 6);
        awaitAllDelivered();
        assertOnceByOwner();
        awaitNothingLeftBehind();
    }

    @Test
    void aHandOverWriteOutageThenRecoveryLosesAndRepeatsNothing() throws Exception {
        split = true;
        running("a", 12);
        CamelContext context = startShards();
        await().until(() -> requestsTo(LIST) >= 2);

        // the hand-over lists cannot be written: the runs' progress keys are, then the list write throws
        repository.failWrites(key -> key.startsWith(SHARD_KEYS));
        finish("a", 12);
        await().until(() -> repository.failedWrites() >= 3);
        // shard 0 goes on delivering its own runs
        await().until(() -> undelivered().stream().allMatch(key -> ownerOf(key) != 0));
        assertThat(recorder.processed()).noneMatch(key -> ownerOf(key) != 0);
        assertThat(repository.contents().keySet()).anyMatch(key -> key.contains(".run.a_"));
        // every shard stops between the two writes of a hand-over; they come back in a new context once writes work
        stop(context);
        shardContexts.remove(context);
        repository.failWrites(key -> false);
        startShards();
        awaitAllDelivered();
        assertOnceByOwner();
        awaitNothingLeftBehind();
    }

}
