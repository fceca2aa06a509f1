package dev.velt.camel.component.shards;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import dev.velt.camel.component.consumer.VeltPollingConsumer;
import org.apache.camel.CamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Seeded random sharded set-ups of {@code velt:agentExecutions}: 2 to 4 shards, with {@code splitFindings} or without,
 * from a route template in one CamelContext sharing one repository; runs starting and finishing at random (with 0 to
 * 3 findings), the first exchange of some failing once; shard routes stopped and started again; outages of the writes
 * of shard 0's keys (hand-over lists, runs state) and of the reads of the hand-over lists. In the end every run (every
 * finding) was delivered exactly once, by the route of its shard, the hand-over lists are empty and no progress key is
 * left. A failure names its seed and what happened; {@code -Dvelt.shards.seeds=N} plays N seeds (default 8) from
 * {@code -Dvelt.shards.from} (default 1), {@code -Dvelt.shards.seed=S} the one seed S.
 */
class VeltShardedAgentHistoriesTest extends AgentShardsTestSupport {

    static LongStream seeds() {
        Long one = Long.getLong("velt.shards.seed");
        long from = Long.getLong("velt.shards.from", 1);
        return one != null ? LongStream.of(one)
                : LongStream.range(from, from + Long.getLong("velt.shards.seeds", 8));
    }

    private final List<String> story = new ArrayList<>();
    private final Set<String> finished = new HashSet<>();
    private volatile boolean writeOutage;
    private volatile boolean readOutage;

    @Override
    String story() {
        return story.toString();
    }

    @Override
    Object positions() {
        return new ReadFailing(repository, () -> readOutage);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyRunOnceByItsOwner(long seed) throws Exception {
        Random random = new Random(seed);
        shards = 2 + random.nextInt(3);
        split = random.nextBoolean();
        // the simulator's clock may lag the consumers': a run that starts and ends at once is not skipped as ended
        // before the first start
        options = "&sinceTime=1";
        story.add("shards=" + shards + ", splitFindings=" + split);
        String runsState = "velt.agentExecutions.agentId:" + AGENT;
        repository.failWrites(key -> writeOutage && (key.startsWith(SHARD_KEYS) || key.equals(runsState)));
        CamelContext context = startShards();
        boolean[] stopped = new boolean[shards];
        int next = 0;
        for (int round = 0; round < 10; round++) {
            for (int i = random.nextInt(4); i > 0; i--) {
                String id = "r" + next++;
                running(id, System.currentTimeMillis());
                story.add("start " + id);
            }
            for (String id : List.copyOf(startedAt.keySet())) {
                if (!finished.contains(id) && random.nextInt(3) == 0) {
                    finish(id, random);
                }
            }
            act(context, random, stopped);
            awaitPolls(context, stopped);
        }
        story.add("end: outages over, every route started, every run finishes");
        writeOutage = false;
        readOutage = false;
        for (int shard = 0; shard < shards; shard++) {
            if (stopped[shard]) {
                context.getRouteController().startRoute("shard-" + shard);
            }
        }
        for (String id : List.copyOf(startedAt.keySet())) {
            if (!finished.contains(id)) {
                finish(id, random);
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(undelivered())
                .as("seed %s: %s; stored %s; attempts %s", seed, story, repository.contents(), recorder.attempts())
                .isEmpty());
        assertThat(recorder.processed()).as("seed %s: %s", seed, story).doesNotHaveDuplicates();
        assertOnceByOwner();
        awaitNothingLeftBehind();
    }

    /** The run finishes with 0 to 3 findings; its first exchange fails once, one time in four. */
    private void finish(String id, Random random) {
        String[] severities = new String[random.nextInt(4)];
        Arrays.fill(severities, "high");
        List<String> findings = severities.length == 0 ? List.of()
                : velt.putFindings(id, "https://example.com/" + id, severities);
        finish(id, findings);
        finished.add(id);
        story.add("finish " + id + " with " + findings.size() + " findings");
        List<String> items = expected.get(id);
        if (!items.isEmpty() && random.nextInt(4) == 0) {
            recorder.failTimes(items.get(0) + "@shard-" + ownerOf(items.get(0)), 1);
            story.add("the first exchange of " + id + " fails once");
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
                // a consumer of shard 0 claims its lists at start: not during an outage
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
        List<VeltPollingConsumer> running = new ArrayList<>();
        List<Long> before = new ArrayList<>();
        for (int shard = 0; shard < stopped.length; shard++) {
            if (!stopped[shard]) {
                VeltPollingConsumer consumer = (VeltPollingConsumer) context.getRoute("shard-" + shard).getConsumer();
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
}
