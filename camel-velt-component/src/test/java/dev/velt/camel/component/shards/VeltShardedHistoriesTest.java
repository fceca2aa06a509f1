package dev.velt.camel.component.shards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.component.events.ExecutionShards;
import dev.velt.camel.component.events.VeltEventsConsumer;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Seeded random sharded set-ups: 2 to 4 shards from a route template in one CamelContext sharing one repository;
 * executions starting, progressing (with seq gaps) and ending at random; shard routes stopped and started again;
 * outages of the writes of shard 0's keys (hand-over lists, discovery state) and of the reads of the hand-over lists;
 * the new events of some progress steps pushed, in order, to one of two replicas at random: the shards' own context,
 * or a second context that runs only the push receiver (each with its own HTTP server, the same repository). A push is
 * answered 200, or 500 or 503 (then, as Velt gives up after its retries, polling has to deliver it). The steps not
 * pushed stand for pushes Velt gave up on: with {@code reconcileDelay=100} the reconcile reads deliver them in time.
 * The routes have {@code sinceTime} (the simulator's clock may lag the consumers' by more than an execution that starts
 * and ends at once lasts: without it, such an execution counts as ended before the first start and is rightly skipped).
 * In the end every event of every execution was delivered exactly once, in seq order, by the route of its shard, and
 * the hand-over lists and the push inboxes are empty with no position key left. A failure names its seed and what
 * happened;
 * {@code -Dvelt.shards.seeds=N} plays N seeds (default 8) from {@code -Dvelt.shards.from} (default 1),
 * {@code -Dvelt.shards.seed=S} the one seed S.
 */
class VeltShardedHistoriesTest extends ConsumerTestSupport {

    private static final String DEFINITION = "def_hist";
    private static final String SECRET = "push_secret_0123456789";
    private static final String PATH = "/velt/hist-push";

    static LongStream seeds() {
        Long one = Long.getLong("velt.shards.seed");
        long from = Long.getLong("velt.shards.from", 1);
        return one != null ? LongStream.of(one)
                : LongStream.range(from, from + Long.getLong("velt.shards.seeds", 8));
    }

    private final SharedTestRepository repository = new SharedTestRepository();
    private final Recorder recorder = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                                                        + e.getMessage().getHeader(VeltConstants.EVENT_SEQ) + "@"
                                                        + e.getFromRouteId())
            .withoutExchanges();
    /** Per execution, the seqs of its events in order, and whether it ended. */
    private final Map<String, List<Long>> expected = new LinkedHashMap<>();
    private final Set<String> ended = new HashSet<>();
    private final List<String> story = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** The HTTP ports of the replicas: the shards' context, then the one with only the push receiver. */
    private final List<Integer> ports = new ArrayList<>();
    /** Which progress steps are pushed, and where: apart from the set-ups' own draws, which stay those of the seed. */
    private Random pushes;
    private final AtomicInteger receiverExchanges = new AtomicInteger();
    private volatile boolean writeOutage;
    private volatile boolean readOutage;

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyEventOnceInOrderByItsOwner(long seed) throws Exception {
        Random random = new Random(seed);
        int shards = 2 + random.nextInt(3);
        story.add("shards=" + shards);
        repository.failWrites(key -> writeOutage
                && (key.startsWith("velt.events.shard.") || key.startsWith("velt.events.discovery.")));
        pushes = new Random(seed * 7919 + 17);
        CamelContext context = startShards(shards);
        CamelContext receiverOnly = startReplica(new DefaultCamelContext(), shards);
        receiverOnly.start();
        boolean[] stopped = new boolean[shards];
        try {
            int next = 0;
            for (int round = 0; round < 10; round++) {
                for (int i = random.nextInt(4); i > 0; i--) {
                    start("x" + next++, random);
                }
                for (String id : List.copyOf(expected.keySet())) {
                    if (!ended.contains(id) && random.nextInt(3) == 0) {
                        progress(id, random, random.nextInt(4) == 0);
                    }
                }
                act(context, random, stopped);
                awaitPolls(context, stopped);
            }
            story.add("end: outages over, every route started, every execution ends");
            writeOutage = false;
            readOutage = false;
            for (int shard = 0; shard < shards; shard++) {
                if (stopped[shard]) {
                    context.getRouteController().startRoute("shard-" + shard);
                }
            }
            for (String id : List.copyOf(expected.keySet())) {
                if (!ended.contains(id)) {
                    progress(id, random, true);
                }
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(undelivered())
                    .as("seed %s: %s; stored %s; tracked %s; attempts %s", seed, story, repository.contents(),
                            tracked(context, shards), recorder.attempts())
                    .isEmpty());
            assertOnceInOrderByOwner(seed, shards);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(leftOver())
                    .as("seed %s: hand-over lists and position keys after every execution ended; %s", seed, story)
                    .allSatisfy((key, value) -> assertThat(value).contains("\"live\":[]")));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(inboxes())
                    .as("seed %s: push inboxes after every execution ended; %s", seed, story)
                    .allSatisfy((key, value) -> assertThat(value).contains("\"events\":[]")));
            assertThat(receiverExchanges).as("exchanges of the receivers' routes").hasValue(0);
        } finally {
            receiverOnly.stop();
            context.stop();
        }
    }

    private void act(CamelContext context, Random random, boolean[] stopped) throws Exception {
        int shard = random.nextInt(stopped.length);
        switch (random.nextInt(6)) {
            case 0 -> {
                if (!stopped[shard]) {
                    story.add("stop shard " + shard);
                    context.getRouteController().stopRoute("shard-" + shard);
                    stopped[shard] = true;
                }
            }
            case 1 -> {
                // a consumer of shard 0 reads its lists at start: not during an outage
                if (stopped[shard] && !writeOutage && !readOutage) {
                    story.add("start shard " + shard);
                    context.getRouteController().startRoute("shard-" + shard);
                    stopped[shard] = false;
                }
            }
            case 2 -> {
                writeOutage = !writeOutage;
                story.add(writeOutage ? "writes of shard 0's keys fail" : "writes work again");
            }
            case 3 -> {
                readOutage = !readOutage;
                story.add(readOutage ? "reads of the hand-over lists fail" : "reads work again");
            }
            default -> {
                // nothing happens to the routes
            }
        }
    }

    /** Lets every running route poll a few times. */
    private void awaitPolls(CamelContext context, boolean[] stopped) {
        List<VeltEventsConsumer> running = new ArrayList<>();
        List<Long> before = new ArrayList<>();
        for (int shard = 0; shard < stopped.length; shard++) {
            if (!stopped[shard]) {
                VeltEventsConsumer consumer = (VeltEventsConsumer) context.getRoute("shard-" + shard).getConsumer();
                running.add(consumer);
                before.add(consumer.getVeltPolls());
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int i = 0; i < running.size(); i++) {
                if (running.get(i).getVeltPolls() < before.get(i) + 2) {
                    return false;
                }
            }
            return true;
        });
    }

    private void start(String id, Random random) {
        velt.addExecution(id, DEFINITION, "running", System.currentTimeMillis());
        expected.put(id, new ArrayList<>());
        story.add("start " + id);
        progress(id, random, false);
    }

    /** One to three events more, with seq gaps, the last one terminal when {@code end}. */
    private void progress(String id, Random random, boolean end) {
        List<Long> seqs = expected.get(id);
        int count = 1 + random.nextInt(3);
        Map<Long, String> added = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            long seq = (seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1)) + 1 + random.nextInt(2);
            boolean terminal = end && i == count;
            String type = terminal ? (random.nextBoolean() ? "execution.completed" : "execution.failed")
                    : "step.completed";
            velt.addEvent(id, seq, type);
            seqs.add(seq);
            added.put(seq, type);
        }
        if (end) {
            ended.add(id);
            story.add("end " + id);
        }
        push(id, added);
    }

    /** Pushes the new events, in seq order, to one replica chosen at random; or not (half the time). */
    private void push(String id, Map<Long, String> added) {
        if (pushes.nextBoolean()) {
            return;
        }
        int replica = pushes.nextInt(ports.size());
        added.forEach((seq, type) -> {
            int status = post(replica, id, seq, type);
            story.add("push " + id + "#" + seq + " to " + (replica == 0 ? "the shards' context" : "the other") + ": "
                      + status);
            assertThat(status).as("push of %s#%s: %s", id, seq, story).isIn(200, 500, 503);
        });
    }

    private int post(int replica, String executionId, long seq, String type) {
        byte[] body = """
                {"event":"%s","executionId":"%s","definitionId":"%s","seq":%d,"timestamp":"2026-11-30T10:15:30.250Z"}"""
                .formatted(type, executionId, DEFINITION, seq).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + ports.get(replica) + PATH))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("x-velt-signature", Webhooks.signature(SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pushing", e);
        }
    }

    /**
     * Adds to {@code context} an HTTP server of its own, the shared repository (as {@code positions}, its hand-over
     * lists' reads failing during read outages) and the push receiver of the sharded stream.
     */
    private CamelContext startReplica(CamelContext context, int shards) throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(server));
        ports.add(port);
        context.getRegistry().bind("positions", new ReadFailing(repository, () -> readOutage));
        configure(context);
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                from("velt:events?definitionId=" + DEFINITION + "&shards=" + shards + "&stateRepository=#positions"
                     + "&webhookPath=" + PATH + "&webhookSecret=" + SECRET).routeId("receiver")
                        .process(exchange -> receiverExchanges.incrementAndGet());
            }
        });
        return context;
    }

    private CamelContext startShards(int shards) throws Exception {
        CamelContext context = startReplica(new DefaultCamelContext(), shards);
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                routeTemplate("velt-shard").templateParameter("shard")
                        .from("velt:events?definitionId=" + DEFINITION + "&shards=" + shards
                              + "&shard={{shard}}&stateRepository=#positions&pageSize=20&sinceTime=1&reconcileDelay=100&"
                              + fast())
                        .process(recorder);
            }
        });
        for (int shard = 0; shard < shards; shard++) {
            TemplatedRouteBuilder.builder(context, "velt-shard").routeId("shard-" + shard)
                    .parameter("shard", String.valueOf(shard)).add();
        }
        context.start();
        return context;
    }

    private List<String> undelivered() {
        Set<String> delivered = new HashSet<>();
        recorder.processed().forEach(key -> delivered.add(key.substring(0, key.indexOf('@'))));
        List<String> missing = new ArrayList<>();
        expected.forEach((id, seqs) -> seqs.stream().map(seq -> id + "#" + seq).filter(key -> !delivered.contains(key))
                .forEach(missing::add));
        return missing;
    }

    private void assertOnceInOrderByOwner(long seed, int shards) {
        List<String> processed = recorder.processed();
        assertThat(processed).as("seed %s: %s", seed, story).doesNotHaveDuplicates();
        expected.forEach((id, seqs) -> {
            String owner = "@shard-" + ExecutionShards.of(id, shards);
            assertThat(processed.stream().filter(key -> key.startsWith(id + "#")).toList())
                    .as("seed %s, events of %s: %s", seed, id, story)
                    .containsExactlyElementsOf(seqs.stream().map(seq -> id + "#" + seq + owner).toList());
        });
    }

    /** What each shard's consumer watches (execution to position), for a failure's message. */
    private static List<Map<String, ?>> tracked(CamelContext context, int shards) {
        List<Map<String, ?>> tracked = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            tracked.add(((VeltEventsConsumer) context.getRoute("shard-" + shard).getConsumer()).tracked());
        }
        return tracked;
    }

    /** The push inboxes stored. */
    private Map<String, String> inboxes() {
        Map<String, String> kept = new LinkedHashMap<>();
        repository.contents().forEach((key, value) -> {
            if (key.startsWith("velt.events.push.")) {
                kept.put(key, value);
            }
        });
        return kept;
    }

    private Map<String, String> leftOver() {
        Map<String, String> kept = new LinkedHashMap<>();
        repository.contents().forEach((key, value) -> {
            if (key.startsWith("velt.events.shard.") || key.startsWith("velt.events.execution.")) {
                kept.put(key, value);
            }
        });
        return kept;
    }
}
