package dev.velt.camel.component.shards;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.component.events.ExecutionShards;
import dev.velt.camel.component.events.VeltEventsConsumer;
import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.Recorder;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Seeded random sharded set-ups: 2 to 4 shards from a route template in one CamelContext sharing one repository;
 * executions starting, progressing (with seq gaps) and ending at random; shard routes stopped and started again;
 * outages of the writes of shard 0's keys (hand-over lists, discovery state) and of the reads of the hand-over lists.
 * The routes have {@code sinceTime} (the simulator's clock may lag the consumers' by more than an execution that starts
 * and ends at once lasts: without it, such an execution counts as ended before the first start and is rightly skipped).
 * In the end every event of every execution was delivered exactly once, in seq order, by the route of its shard, and
 * the hand-over lists are empty with no position key left. A failure names its seed and what happened;
 * {@code -Dvelt.shards.seeds=N} plays N seeds (default 8) from {@code -Dvelt.shards.from} (default 1),
 * {@code -Dvelt.shards.seed=S} the one seed S.
 */
class VeltShardedHistoriesTest extends ConsumerTestSupport {

    private static final String DEFINITION = "def_hist";

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
        CamelContext context = startShards(shards);
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
        } finally {
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
        for (int i = 1; i <= count; i++) {
            long seq = (seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1)) + 1 + random.nextInt(2);
            boolean terminal = end && i == count;
            velt.addEvent(id, seq, terminal ? (random.nextBoolean() ? "execution.completed" : "execution.failed")
                    : "step.completed");
            seqs.add(seq);
        }
        if (end) {
            ended.add(id);
            story.add("end " + id);
        }
    }

    private CamelContext startShards(int shards) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("positions", new ReadFailing(repository, () -> readOutage));
        configure(context);
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                routeTemplate("velt-shard").templateParameter("shard")
                        .from("velt:events?definitionId=" + DEFINITION + "&shards=" + shards
                              + "&shard={{shard}}&stateRepository=#positions&pageSize=20&sinceTime=1&" + fast())
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
