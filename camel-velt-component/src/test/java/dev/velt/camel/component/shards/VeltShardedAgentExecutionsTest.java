package dev.velt.camel.component.shards;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.component.agents.VeltAgentExecutionsConsumer;
import dev.velt.camel.component.agents.VeltAgentShardConsumer;
import dev.velt.camel.component.events.ExecutionShards;
import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.Recorder;
import dev.velt.camel.model.AgentFinding;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
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
class VeltShardedAgentExecutionsTest extends ConsumerTestSupport {

    private static final String AGENT = "agent_shards";
    private static final String LIST = "/v2/agents/execution/list";
    private static final String GET = "/v2/agents/execution/get";
    private static final int SHARDS = 3;
    private static final String SHARD_KEYS = "velt.agentExecutions.shard.";

    private final SharedTestRepository repository = new SharedTestRepository();
    /** Keys {@code <runId>#<findingId or run>@<routeId>} of the exchanges that completed. */
    private final Recorder recorder = new Recorder(VeltShardedAgentExecutionsTest::key).withoutExchanges();
    /** What each run is expected to deliver: {@code <runId>#<findingId or run>}. */
    private final Map<String, List<String>> expected = new LinkedHashMap<>();
    private final Map<String, Long> startedAt = new LinkedHashMap<>();
    private final List<CamelContext> shardContexts = new ArrayList<>();
    private boolean split;

    @AfterEach
    void stopShards() throws Exception {
        for (CamelContext context : shardContexts) {
            context.stop();
        }
    }

    private static String key(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        String item = body instanceof AgentFinding finding ? finding.getId() : "run";
        return exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#" + item + "@" + exchange.getFromRouteId();
    }

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

    /** {@code count} runs {@code <prefix>_<i>} of the agent, started now and running. */
    private void running(String prefix, int count) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            startedAt.put(prefix + "_" + i, now - 1_000 + i);
            velt.putRun(prefix + "_" + i, AGENT, "running", now - 1_000 + i, null);
        }
    }

    /** The runs {@code <prefix>_<i>} finish, each with three findings (two on the first page, one on the second). */
    private void finish(String prefix, int count) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            String id = prefix + "_" + i;
            List<String> findings = new ArrayList<>(velt.putFindings(id, "https://example.com/" + i, "high", "low"));
            findings.addAll(velt.putFindings(id, "https://example.com/" + i + "/about", "critical"));
            velt.putRun(id, AGENT, "failed", startedAt.get(id), now);
            expected.put(id, split ? findings.stream().map(f -> id + "#" + f).toList() : List.of(id + "#run"));
        }
    }

    private CamelContext startShards() throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("positions", repository);
        configure(context);
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                routeTemplate("velt-agent-shard").templateParameter("shard")
                        .from("velt:agentExecutions?agentId=" + AGENT + "&shards=" + SHARDS
                              + "&shard={{shard}}&stateRepository=#positions&pageSize=50&splitFindings=" + split + "&"
                              + fast())
                        .process(recorder);
            }
        });
        for (int shard = 0; shard < SHARDS; shard++) {
            TemplatedRouteBuilder.builder(context, "velt-agent-shard").routeId("shard-" + shard)
                    .parameter("shard", String.valueOf(shard)).add();
        }
        shardContexts.add(context); // stopped after the test even when it fails to start
        context.start();
        assertThat(context.getRoutes()).as("routes %s", context.getRoutes()).hasSize(SHARDS);
        return context;
    }

    private void awaitAllDelivered() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(undelivered())
                .as("delivered %s, stored %s", recorder.processed(), repository.contents()).isEmpty());
    }

    /** The expected {@code <runId>#<item>} not delivered yet. */
    private List<String> undelivered() {
        List<String> delivered = recorder.processed().stream().map(key -> key.substring(0, key.indexOf('@'))).toList();
        List<String> missing = new ArrayList<>();
        expected.values().forEach(items -> items.stream().filter(key -> !delivered.contains(key)).forEach(missing::add));
        return missing;
    }

    private static int ownerOf(String key) {
        return ExecutionShards.of(key.substring(0, key.indexOf('#')), SHARDS);
    }

    private long deliveredBy(String routeId) {
        return recorder.processed().stream().filter(key -> key.endsWith("@" + routeId)).count();
    }

    /** Each run's items delivered exactly once, in order, each by the route of its run's shard. */
    private void assertOnceByOwner() {
        List<String> processed = recorder.processed();
        assertThat(processed).doesNotHaveDuplicates();
        expected.forEach((id, items) -> {
            String owner = "@shard-" + ExecutionShards.of(id, SHARDS);
            assertThat(processed.stream().filter(key -> key.startsWith(id + "#")).toList()).as("items of %s", id)
                    .containsExactlyElementsOf(items.stream().map(item -> item + owner).toList());
        });
        assertThat(processed).hasSize(expected.values().stream().mapToInt(List::size).sum());
    }

    /** The runs on the stored hand-over lists. */
    private List<String> handedOver() {
        List<String> runs = new ArrayList<>();
        repository.contents().forEach((key, value) -> {
            if (key.startsWith(SHARD_KEYS)) {
                expected.keySet().stream().filter(id -> value.contains("\"" + id + "\"")).forEach(runs::add);
            }
        });
        return runs;
    }

    /** Every run delivered: the hand-over lists are empty and no run's progress key is left. */
    private void awaitNothingLeftBehind() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, String> stored = repository.contents();
            assertThat(stored.keySet()).as("stored %s", stored).noneMatch(key -> key.contains(".run."));
            stored.forEach((key, value) -> {
                if (key.startsWith(SHARD_KEYS)) {
                    assertThat(value).as(key).isIn("", "{\"shards\":3,\"live\":[]}");
                }
            });
            assertThat(stored.keySet()).as("stored %s", stored).filteredOn(key -> key.startsWith(SHARD_KEYS))
                    .hasSize(SHARDS - 1);
        });
    }
}
