package dev.velt.camel.component.shards;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.component.events.ExecutionShards;
import dev.velt.camel.component.events.VeltEventsConsumer;
import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.Recorder;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code velt:events} with {@code shards}: one consumer per shard from a route template, in one CamelContext, all
 * sharing one state repository, against the simulator over HTTP. Every event of every execution is delivered once, in
 * seq order, by the consumer of the execution's shard; only the consumer of shard 0 lists the definition.
 */
class VeltShardedEventsConsumerTest extends ConsumerTestSupport {

    private static final String DEFINITION = "def_shards";
    private static final String LIST = "/v2/workflow/executions/list";
    private static final int SHARDS = 3;
    private static final String TERMINAL = "execution.completed";

    private final SharedTestRepository repository = new SharedTestRepository();
    /** Keys {@code <executionId>#<seq>@<routeId>} of the exchanges that completed. */
    private final Recorder recorder = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                                                        + e.getMessage().getHeader(VeltConstants.EVENT_SEQ) + "@"
                                                        + e.getFromRouteId())
            .withoutExchanges();
    /** What each execution's events are expected to be, in order: seq numbers. */
    private final Map<String, List<Long>> expected = new LinkedHashMap<>();
    private final List<CamelContext> shardContexts = new ArrayList<>();

    @AfterEach
    void stopShards() throws Exception {
        for (CamelContext context : shardContexts) {
            context.stop();
        }
    }

    @Test
    void everyEventIsDeliveredOnceInOrderByItsOwnerAndOnlyShardZeroListsTheDefinition() throws Exception {
        executions("a", 12, 1, 1, false);
        CamelContext context = startShards();
        awaitAllDelivered();

        executions("a", 12, 2, 4, true); // the first ones go on and end
        executions("b", 12, 1, 3, true); // new ones start, and end
        awaitAllDelivered();
        assertOnceInOrderByOwner();
        for (int shard = 0; shard < SHARDS; shard++) {
            assertThat(deliveredBy("shard-" + shard)).as("shard %s delivered some", shard).isPositive();
        }

        // idle: the list is read once per poll interval by shard 0 (plus the running and pending listings every 12
        // passes), not once per shard
        VeltEventsConsumer zero = consumer(context, 0);
        VeltEventsConsumer one = consumer(context, 1);
        long polls = zero.getVeltPolls();
        long pollsOfOne = one.getVeltPolls();
        int lists = requestsTo(LIST);
        await().until(() -> zero.getVeltPolls() >= polls + 40 && one.getVeltPolls() >= pollsOfOne + 40);
        int listed = requestsTo(LIST) - lists;
        long polled = zero.getVeltPolls() - polls;
        assertThat(listed).as("list requests over %s polls of shard 0", polled).isBetween(1, (int) (polled * 1.3) + 3);

        // every execution ended: the hand-over lists are empty and the position keys forgotten
        await().untilAsserted(() -> assertThat(handOverKeysAndPositions()).allSatisfy(
                (key, value) -> assertThat(value).contains("\"live\":[]")));
    }

    @Test
    void aShardStoppedForAWhileLosesNothingOnceRestarted() throws Exception {
        executions("a", 12, 1, 1, false);
        CamelContext context = startShards();
        awaitAllDelivered();

        context.getRouteController().stopRoute("shard-1");
        executions("a", 12, 2, 3, true); // shard 1's end while it is stopped
        executions("b", 12, 1, 2, false);
        await().until(() -> undelivered().stream().allMatch(key -> ownerOf(key) == 1));
        assertThat(undelivered()).isNotEmpty();

        context.getRouteController().startRoute("shard-1");
        executions("b", 12, 3, 4, true);
        awaitAllDelivered();
        assertOnceInOrderByOwner();
    }

    @Test
    void withShardZeroStoppedTheOthersGoOnAndItsReturnHandsOverWhatStartedMeanwhile() throws Exception {
        executions("a", 12, 1, 1, false);
        CamelContext context = startShards();
        awaitAllDelivered();

        context.getRouteController().stopRoute("shard-0");
        int lists = requestsTo(LIST);
        executions("a", 12, 2, 2, false); // handed over already: shards 1 and 2 deliver theirs
        executions("b", 12, 1, 2, false); // new: nobody discovers them while shard 0 is stopped
        await().until(() -> undelivered().stream().allMatch(key -> ownerOf(key) == 0 || key.startsWith("b")));
        assertThat(undelivered()).anyMatch(key -> key.startsWith("b") && ownerOf(key) != 0);
        assertThat(requestsTo(LIST)).as("no list request without shard 0").isEqualTo(lists);

        context.getRouteController().startRoute("shard-0");
        executions("a", 12, 3, 3, true);
        executions("b", 12, 3, 3, true);
        awaitAllDelivered();
        assertOnceInOrderByOwner();
    }

    @Test
    void aStateRepositoryThatFailsDuringTheHandOverLosesNothingEvenWhenShardZeroStopsThen() throws Exception {
        executions("a", 12, 1, 1, false);
        CamelContext context = startShards();
        awaitAllDelivered();

        // the hand-over lists cannot be written: the new executions' position keys are, then the list write throws
        repository.failWrites(key -> key.startsWith("velt.events.shard."));
        executions("b", 12, 1, 2, false);
        await().until(() -> repository.failedWrites() >= 3);
        assertThat(recorder.processed()).noneMatch(key -> key.startsWith("b") && ownerOf(key) != 0);
        // the position key of an execution being handed over was written before its list write failed
        assertThat(repository.contents().keySet()).anyMatch(key -> key.startsWith("velt.events.execution.b_"));
        // shard 0 stops between the two writes of a hand-over, and comes back in a new context once writes work again
        stop(context);
        shardContexts.remove(context);
        repository.failWrites(key -> false);
        startShards();
        executions("b", 12, 3, 3, true);
        executions("a", 12, 2, 2, true);
        awaitAllDelivered();
        assertOnceInOrderByOwner();
    }

    @Test
    void anExecutionVeltDoesNotKnowLeavesItsShardsList() throws Exception {
        String gone = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "gone_" + i)
                .filter(id -> ExecutionShards.of(id, SHARDS) == 1).findFirst().orElseThrow();
        // as shard 0 hands an execution over: its position key first, then the list
        repository.setStateIfAhead("velt.events.execution." + gone, "{\"seq\":0,\"terminal\":false}", 0);
        repository.setState("velt.events.shard." + DEFINITION + ".1", "{\"shards\":3,\"live\":[\"" + gone + "\"]}");
        startShards();
        executions("a", 6, 1, 1, false);
        awaitAllDelivered();
        executions("a", 6, 2, 2, true);

        awaitAllDelivered();
        await().untilAsserted(() -> assertThat(handOverKeysAndPositions()).allSatisfy(
                (key, value) -> assertThat(value).contains("\"live\":[]")));
        assertOnceInOrderByOwner();
    }

    @Test
    void anotherNumberOfShardsThanTheStoredOneIsRefusedNamingBoth() {
        repository.setState("velt.events.shard." + DEFINITION + ".1", "{\"shards\":2,\"live\":[]}");

        assertThatThrownBy(this::startShards).hasStackTraceContaining("handed over with shards=2")
                .hasStackTraceContaining("this consumer has shards=3");
    }

    /**
     * {@code count} executions {@code <prefix>_<i>}, started now on their first event, with events {@code from} to
     * {@code to}, the last one terminal when {@code end}.
     */
    private void executions(String prefix, int count, long from, long to, boolean end) {
        for (int i = 0; i < count; i++) {
            String id = prefix + "_" + i;
            if (!expected.containsKey(id)) {
                velt.addExecution(id, DEFINITION, "running", System.currentTimeMillis());
            }
            for (long seq = from; seq <= to; seq++) {
                velt.addEvent(id, seq, end && seq == to ? TERMINAL : "step.completed");
                expected.computeIfAbsent(id, k -> new ArrayList<>()).add(seq);
            }
        }
    }

    private CamelContext startShards() throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("positions", repository);
        configure(context);
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                routeTemplate("velt-shard").templateParameter("shard")
                        .from("velt:events?definitionId=" + DEFINITION + "&shards=" + SHARDS
                              + "&shard={{shard}}&stateRepository=#positions&pageSize=50&" + fast())
                        .process(recorder);
            }
        });
        for (int shard = 0; shard < SHARDS; shard++) {
            TemplatedRouteBuilder.builder(context, "velt-shard").routeId("shard-" + shard)
                    .parameter("shard", String.valueOf(shard)).add();
        }
        shardContexts.add(context); // stopped after the test even when it fails to start
        context.start();
        assertThat(context.getRoutes()).as("routes %s", context.getRoutes()).hasSize(SHARDS);
        return context;
    }

    private static VeltEventsConsumer consumer(CamelContext context, int shard) {
        return (VeltEventsConsumer) context.getRoute("shard-" + shard).getConsumer();
    }

    private void awaitAllDelivered() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(undelivered())
                .as("delivered %s, stored %s", recorder.processed(), repository.contents()).isEmpty());
    }

    /** The expected {@code <executionId>#<seq>} not delivered yet. */
    private List<String> undelivered() {
        List<String> delivered = recorder.processed().stream().map(key -> key.substring(0, key.indexOf('@'))).toList();
        List<String> missing = new ArrayList<>();
        expected.forEach((id, seqs) -> seqs.stream().map(seq -> id + "#" + seq).filter(key -> !delivered.contains(key))
                .forEach(missing::add));
        return missing;
    }

    private static int ownerOf(String key) {
        return ExecutionShards.of(key.substring(0, key.indexOf('#')), SHARDS);
    }

    private long deliveredBy(String routeId) {
        return recorder.processed().stream().filter(key -> key.endsWith("@" + routeId)).count();
    }

    /** Each execution's events delivered exactly once, in seq order, each by the route of its shard. */
    private void assertOnceInOrderByOwner() {
        List<String> processed = recorder.processed();
        assertThat(processed).doesNotHaveDuplicates();
        expected.forEach((id, seqs) -> {
            List<String> delivered = processed.stream().filter(key -> key.startsWith(id + "#")).toList();
            String owner = "@shard-" + ExecutionShards.of(id, SHARDS);
            assertThat(delivered).as("events of %s", id)
                    .containsExactlyElementsOf(seqs.stream().map(seq -> id + "#" + seq + owner).toList());
        });
        assertThat(processed).hasSize(expected.values().stream().mapToInt(List::size).sum());
    }

    /** The hand-over keys and the position keys still stored. */
    private Map<String, String> handOverKeysAndPositions() {
        Map<String, String> kept = new LinkedHashMap<>();
        repository.contents().forEach((key, value) -> {
            if (key.startsWith("velt.events.shard.") || key.startsWith("velt.events.execution.")) {
                kept.put(key, value);
            }
        });
        return kept;
    }
}
