package dev.velt.camel.component.shards;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.component.events.ExecutionShards;
import dev.velt.camel.component.events.ShardPushConsumer;
import dev.velt.camel.component.events.VeltEventsConsumer;
import dev.velt.camel.component.state.ShardPushStore;
import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.Recorder;
import dev.velt.camel.test.Webhooks;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pushes of a sharded {@code velt:events} landing on any replica: three CamelContexts in one JVM ("replicas" a, b and
 * c), each with its own HTTP server and push receiver, sharing one state repository; the consumer of each shard runs in
 * one of them (as {@code master:} would choose). Unless a test says otherwise, the events exist only in the pushes
 * (the simulator's getEvents never shows them), so whatever the routes receive came by push, locally or through a
 * shard's inbox.
 */
class VeltShardedPushTest extends ConsumerTestSupport {

    private static final String DEFINITION = "def_push_shards";
    private static final int SHARDS = 3;
    private static final String SECRET = "push_secret_0123456789";
    private static final String PATH = "/velt/shard-push";

    private final SharedTestRepository repository = new SharedTestRepository();
    /** Keys {@code <executionId>#<seq>@<context>/<routeId>/<push|poll>} of the exchanges that completed. */
    private final Recorder recorder = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                                                        + e.getMessage().getHeader(VeltConstants.EVENT_SEQ) + "@"
                                                        + e.getContext().getName() + "/" + e.getFromRouteId() + "/"
                                                        + e.getMessage().getHeader(VeltConstants.DELIVERED_BY))
            .withoutExchanges();
    /** What reached a receiver's own route: must stay empty. */
    private final List<Object> receiverRoutes = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Replica> replicas = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private record Replica(CamelContext context, int port) {
    }

    @AfterEach
    void stopReplicas() {
        replicas.values().forEach(replica -> replica.context().stop());
    }

    @Test
    void everyPushIsDeliveredOnceInOrderByItsOwnerWhicheverReplicaItLandsOn() throws Exception {
        startReplica("a", 0, 1);
        startReplica("b", 2);
        startReplica("c");
        List<String> executions = executions(3);
        awaitWatchedByOwners(executions);

        Random random = new Random(7);
        List<String> names = List.copyOf(replicas.keySet());
        Map<String, Long> next = new LinkedHashMap<>();
        executions.forEach(id -> next.put(id, 1L));
        // each execution's pushes in seq order, the executions interleaved, each push to a replica at random; as with
        // Velt, getEvents shows an event once it is pushed (a push on the owner's replica ahead of one still in the
        // inbox has the event in between read with getEvents)
        while (!next.isEmpty()) {
            String id = List.copyOf(next.keySet()).get(random.nextInt(next.size()));
            long seq = next.get(id);
            velt.addEvent(id, seq, "step.completed");
            assertThat(push(names.get(random.nextInt(names.size())), id, seq)).as("push %s#%s", id, seq)
                    .isEqualTo(200);
            if (seq == 5) {
                next.remove(id);
            } else {
                next.put(id, seq + 1);
            }
        }

        awaitDelivered(executions, 5);
        assertOnceInOrderByOwner(executions, 5, false);
        assertThat(receiver("c").getPushesRecorded()).as("pushes recorded by c, which runs no shard").isPositive();
        assertThat(receiver("a").getPushesHanded()).as("pushes a handed to its own consumers").isPositive();
        await().untilAsserted(() -> assertThat(inboxes()).allSatisfy(events -> assertThat(events).isEmpty()));
        assertThat(receiverRoutes).isEmpty();
    }

    @Test
    void aPushRecordedWhileNoOwnerRunsIsDeliveredOnceTheOwnerStarts() throws Exception {
        startReplica("a", 0, 1);
        startReplica("b", 2);
        startReplica("c");
        List<String> ofTwo = executions(2).stream().filter(id -> ExecutionShards.of(id, SHARDS) == 2).toList();
        awaitWatchedByOwners(ofTwo);
        replicas.get("b").context().getRouteController().stopRoute("shard-2");

        for (String id : ofTwo) {
            for (long seq = 1; seq <= 3; seq++) {
                assertThat(push(seq % 2 == 0 ? "a" : "b", id, seq)).isEqualTo(200);
            }
        }
        assertThat(inbox(2)).hasSize(ofTwo.size() * 3);
        assertThat(recorder.processed()).isEmpty();

        replicas.get("b").context().getRouteController().startRoute("shard-2");
        awaitDelivered(ofTwo, 3);
        assertOnceInOrderByOwner(ofTwo, 3, true);
        await().untilAsserted(() -> assertThat(inbox(2)).isEmpty());
    }

    @Test
    void anOwnerStoppedBetweenDeliveringAndRemovingLosesAndRepeatsNothing() throws Exception {
        startReplica("a", 0, 1);
        startReplica("b", 2);
        startReplica("c");
        List<String> ofTwo = executions(2).stream().filter(id -> ExecutionShards.of(id, SHARDS) == 2).toList();
        awaitWatchedByOwners(ofTwo);
        replicas.get("b").context().getRouteController().stopRoute("shard-2");
        for (String id : ofTwo) {
            for (long seq = 1; seq <= 3; seq++) {
                assertThat(push("c", id, seq)).isEqualTo(200);
            }
        }

        // the owner delivers what was recorded, but cannot remove it from the inbox, and stops
        repository.failWrites(key -> key.startsWith("velt.events.push."));
        replicas.get("b").context().getRouteController().startRoute("shard-2");
        awaitDelivered(ofTwo, 3);
        await().until(() -> repository.failedWrites() >= 1);
        replicas.get("b").context().getRouteController().stopRoute("shard-2");
        assertThat(inbox(2)).hasSize(ofTwo.size() * 3);

        // back: what it delivered is at or below the positions: dropped from the inbox, not delivered again
        repository.failWrites(key -> false);
        replicas.get("b").context().getRouteController().startRoute("shard-2");
        await().untilAsserted(() -> assertThat(inbox(2)).isEmpty());
        for (String id : ofTwo) {
            assertThat(push("a", id, 4)).isEqualTo(200);
        }
        awaitDelivered(ofTwo, 4);
        assertOnceInOrderByOwner(ofTwo, 4, true);
    }

    @Test
    void aFullInboxAnswers503AndTheOtherShardsGoOn() throws Exception {
        startReplica("a", 0, 1);
        startReplica("c");
        List<String> executions = executions(1);
        String ofTwo = executions.stream().filter(id -> ExecutionShards.of(id, SHARDS) == 2).findFirst().orElseThrow();
        String ofOne = executions.stream().filter(id -> ExecutionShards.of(id, SHARDS) == 1).findFirst().orElseThrow();
        StringBuilder full = new StringBuilder("{\"shards\":3,\"events\":[");
        for (int i = 0; i < ShardPushStore.MAX_EVENTS; i++) {
            full.append(i == 0 ? "" : ",").append("{\"executionId\":\"other\",\"seq\":").append(i + 1).append('}');
        }
        repository.setStateIfAhead("velt.events.push." + DEFINITION + ".2", full.append("]}").toString(), 1);

        HttpResponse<String> refused = post("c", ofTwo, 1);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).isEqualTo("Too many pushes wait for the consumer of their shard; retry later");
        assertThat(inbox(2)).hasSize(ShardPushStore.MAX_EVENTS);

        awaitWatchedByOwners(List.of(ofOne));
        assertThat(push("c", ofOne, 1)).isEqualTo(200);
        awaitDelivered(List.of(ofOne), 1);
    }

    @Test
    void aRecordedPushThatNeverGoesThroughIsRemovedAfterSomePolls() throws Exception {
        String ghost = IntStream.range(0, 100).mapToObj(i -> "ghost_" + i)
                .filter(id -> ExecutionShards.of(id, SHARDS) == 0).findFirst().orElseThrow();
        // recorded for shard 0: an execution of the definition that Velt does not know (its getExecution answers 404)
        new ShardPushStore(repository, DEFINITION, SHARDS).append(0,
                new ObjectMapper().createObjectNode().put("event", "step.completed").put("executionId", ghost)
                        .put("definitionId", DEFINITION).put("seq", 1),
                System.nanoTime() + 10_000_000_000L);
        assertThat(inbox(0)).containsExactly(ghost + "#1");

        startReplica("a", 0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(inbox(0)).isEmpty());
        assertThat(requestsFor("/v2/workflow/executions/get", ghost)).isGreaterThanOrEqualTo(5);
        assertThat(recorder.processed()).isEmpty();
    }

    /** {@code perShard} executions of each shard, listed by Velt as running, with no event getEvents shows. */
    private List<String> executions(int perShard) {
        List<String> ids = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            int of = shard;
            IntStream.range(0, 1000).mapToObj(i -> "exec_" + i).filter(id -> ExecutionShards.of(id, SHARDS) == of)
                    .limit(perShard).forEach(ids::add);
        }
        long now = System.currentTimeMillis();
        ids.forEach(id -> velt.addExecution(id, DEFINITION, "running", now));
        return ids;
    }

    /** Starts a replica: its HTTP server, its push receiver, and the consumers of {@code shards}. */
    private void startReplica(String name, int... shards) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName(name);
        int port = AvailablePortFinder.getNextAvailable();
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(server));
        context.getRegistry().bind("positions", repository);
        configure(context);
        String stream = "velt:events?definitionId=" + DEFINITION + "&shards=" + SHARDS + "&stateRepository=#positions";
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from(stream + "&webhookPath=" + PATH + "&webhookSecret=" + SECRET).routeId("receiver")
                        .process(receiverRoutes::add);
                routeTemplate("velt-shard").templateParameter("shard")
                        .from(stream + "&shard={{shard}}&" + fast()).process(recorder);
            }
        });
        for (int shard : shards) {
            TemplatedRouteBuilder.builder(context, "velt-shard").routeId("shard-" + shard)
                    .parameter("shard", String.valueOf(shard)).add();
        }
        replicas.put(name, new Replica(context, port));
        context.start();
    }

    private ShardPushConsumer receiver(String replica) {
        return (ShardPushConsumer) replicas.get(replica).context().getRoute("receiver").getConsumer();
    }

    /** Waits until the consumer of each execution's shard watches it (shard 0 discovered it, handed it over). */
    private void awaitWatchedByOwners(List<String> executions) {
        await().atMost(Duration.ofSeconds(30)).until(() -> executions.stream().allMatch(id -> {
            String route = "shard-" + ExecutionShards.of(id, SHARDS);
            return replicas.values().stream().map(replica -> replica.context().getRoute(route))
                    .filter(r -> r != null && r.getConsumer() instanceof VeltEventsConsumer)
                    .anyMatch(r -> ((VeltEventsConsumer) r.getConsumer()).tracked().containsKey(id));
        }));
    }

    private int push(String replica, String executionId, long seq) throws Exception {
        return post(replica, executionId, seq).statusCode();
    }

    private HttpResponse<String> post(String replica, String executionId, long seq) throws Exception {
        byte[] body = """
                {"event":"step.completed","executionId":"%s","definitionId":"%s","seq":%d,\
                "timestamp":"2026-11-30T10:15:30.250Z","data":{"n":%d}}""".formatted(executionId, DEFINITION, seq, seq)
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest
                .newBuilder(URI.create("http://localhost:" + replicas.get(replica).port() + PATH))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("x-velt-event-id", "evt-" + executionId + "-" + seq)
                .header("x-velt-signature", Webhooks.signature(SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void awaitDelivered(List<String> executions, long upTo) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> delivered = recorder.processed().stream().map(key -> key.substring(0, key.indexOf('@')))
                    .toList();
            for (String id : executions) {
                for (long seq = 1; seq <= upTo; seq++) {
                    assertThat(delivered).as("stored %s", repository.contents()).contains(id + "#" + seq);
                }
            }
        });
    }

    /**
     * Each execution's events 1 to {@code upTo} delivered exactly once, in seq order, by its shard's route (by push
     * only, when {@code pushed}).
     */
    private void assertOnceInOrderByOwner(List<String> executions, long upTo, boolean pushed) {
        List<String> processed = recorder.processed();
        assertThat(processed).doesNotHaveDuplicates();
        for (String id : executions) {
            int shard = ExecutionShards.of(id, SHARDS);
            String owner = shard == 2 ? "b" : "a";
            List<String> expected = new ArrayList<>();
            for (long seq = 1; seq <= upTo; seq++) {
                expected.add(id + "#" + seq + "@" + owner + "/shard-" + shard + "/");
            }
            List<String> delivered = processed.stream().filter(key -> key.startsWith(id + "#")).toList();
            assertThat(delivered.stream().map(key -> key.substring(0, key.lastIndexOf('/') + 1)).toList())
                    .as("events of %s", id).containsExactlyElementsOf(expected);
            if (pushed) {
                assertThat(delivered).as("events of %s", id).allMatch(key -> key.endsWith("/push"));
            }
        }
    }

    private List<List<String>> inboxes() {
        List<List<String>> all = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            all.add(inbox(shard));
        }
        return all;
    }

    /** The {@code <executionId>#<seq>} recorded in shard n's inbox. */
    private List<String> inbox(int shard) {
        return new ShardPushStore(repository, DEFINITION, SHARDS).read(shard).stream()
                .map(event -> ShardPushStore.executionId(event) + "#" + ShardPushStore.seq(event)).toList();
    }
}
