package dev.velt.camel.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.velt.camel.component.events.ExecutionShards;
import dev.velt.camel.component.events.VeltEventsConsumer;

/**
 * Sharding ({@code velt:events?definitionId=D&shards=3&shard=n}) against one unsharded consumer, side by side in one
 * run, on the stub ({@link ShardWorld}) with the replicas and their shared store of {@link ShardReplicas}.
 * <p>
 * Requests: two definitions with the same workload, {@value #LIVE} running executions (10 of each shard), one event
 * every {@value #TICK_MS} ms in an execution drawn by a seeded random (the same one in both), and every
 * {@value #NEW_EVERY_TICKS} ticks instead the oldest execution ends and a new one starts; one followed by an unsharded
 * consumer, the other by three replicas running one shard each, both at {@code delay} {@link #DELAY_MS} ms, at the
 * same time. Over {@link #SPAN_MS} ms the stub counts list and {@code getEvents} requests per definition; each side
 * times its events from their appearance to their exchange, so the lag of shard 0's hand-over shows on the first
 * events of new executions. Then {@link ShardThroughput}.
 */
final class ShardingBenchmark {

    static final int SHARDS = 3;
    static final int LIVE = 30;
    static final long DELAY_MS = Long.getLong("bench.sharding.delay", 250);
    static final long SPAN_MS = Long.getLong("bench.sharding.span", 20_000);
    static final long WARMUP_MS = 2_000;
    static final long TICK_MS = 50;
    static final int NEW_EVERY_TICKS = 20;
    /** Events an execution may have, more than a run gives it: executions end only by {@link ShardWorld#finish}. */
    static final int TOTAL = 1_000;
    static final String OPTIONS = "delay=" + DELAY_MS + "&pageSize=100";

    Map<String, Object> run(StubServer stub) throws Exception {
        ShardWorld world = new ShardWorld();
        stub.handler(world);
        try (ShardReplicas replicas = new ShardReplicas(stub)) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("store", replicas.store());
            Map<String, Object> result = new LinkedHashMap<>(requests(world, replicas, detail));
            replicas.stopAll();
            result.putAll(new ShardThroughput(world, replicas).run(detail));
            result.put("sharding", detail);
            return result;
        }
    }

    private Map<String, Object> requests(ShardWorld world, ShardReplicas replicas, Map<String, Object> detail)
            throws Exception {
        String one = "def_shard_one";
        String sharded = "def_shard_k3";
        List<ShardWorld.Execution> ones = new CopyOnWriteArrayList<>();
        List<ShardWorld.Execution> shardeds = new CopyOnWriteArrayList<>();
        long startedBase = System.currentTimeMillis() - 60_000;
        for (int i = 0; i < LIVE; i++) {
            ones.add(world.start(one, "one_" + i, startedBase + i * 1000L, TOTAL, 1));
            shardeds.add(world.start(sharded, ShardWorld.idOfShard("k3", i, i % SHARDS, SHARDS), startedBase + i * 1000L,
                    TOTAL, 1));
        }
        ShardTally tallyOne = new ShardTally(world, 0);
        ShardTally tallySharded = new ShardTally(world, 0);
        VeltEventsConsumer single = replicas.unsharded(one, OPTIONS, tallyOne);
        List<VeltEventsConsumer> shards = replicas.sharded(sharded, SHARDS, SHARDS, OPTIONS, tallySharded);
        Bench.await("the first event of every execution on both sides", java.time.Duration.ofMinutes(1),
                () -> ones.stream().allMatch(e -> tallyOne.deliveredOf(e.id) > 0)
                        && shardeds.stream().allMatch(e -> tallySharded.deliveredOf(e.id) > 0));

        Random random = new Random(42);
        AtomicInteger ticks = new AtomicInteger();
        AtomicInteger next = new AtomicInteger(LIVE);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> {
            long now = System.currentTimeMillis();
            if (ticks.incrementAndGet() % NEW_EVERY_TICKS == 0) {
                world.finish(ones.remove(0));
                world.finish(shardeds.remove(0));
                int n = next.getAndIncrement();
                ones.add(world.start(one, "one_" + n, now, TOTAL, 1));
                shardeds.add(world.start(sharded, ShardWorld.idOfShard("k3", n, n % SHARDS, SHARDS), now, TOTAL, 1));
            } else {
                int i = random.nextInt(ones.size());
                world.advance(ones.get(i), 1);
                world.advance(shardeds.get(i), 1);
            }
        }, 0, TICK_MS, TimeUnit.MILLISECONDS);
        try {
            Thread.sleep(WARMUP_MS);
            tallyOne.mark();
            tallySharded.mark();
            long[] before = {world.lists(one), world.lists(sharded), world.getEvents(one), world.getEvents(sharded)};
            long singlePolls = single.getVeltPolls();
            long[] shardPolls = shards.stream().mapToLong(VeltEventsConsumer::getVeltPolls).toArray();
            Thread.sleep(SPAN_MS);
            long listsOne = world.lists(one) - before[0];
            long listsSharded = world.lists(sharded) - before[1];
            long getEventsOne = world.getEvents(one) - before[2];
            long getEventsSharded = world.getEvents(sharded) - before[3];
            singlePolls = single.getVeltPolls() - singlePolls;
            long[] polls = new long[SHARDS];
            for (int s = 0; s < SHARDS; s++) {
                polls[s] = shards.get(s).getVeltPolls() - shardPolls[s];
            }
            ticker.shutdownNow();
            Thread.sleep(2 * DELAY_MS + 500); // what appeared last is delivered, so no sample is cut short
            double intervals = (double) SPAN_MS / DELAY_MS;

            Map<String, Object> result = new LinkedHashMap<>();
            result.put("sharding_list_requests_ratio", Bench.round((double) listsSharded / listsOne, 3));
            result.put("sharding_list_requests_per_interval_one", Bench.round(listsOne / intervals, 3));
            result.put("sharding_list_requests_per_interval_sharded", Bench.round(listsSharded / intervals, 3));
            result.put("sharding_get_events_requests_ratio", Bench.round((double) getEventsSharded / getEventsOne, 3));
            Map<String, Object> firstOne = tallyOne.latency(s -> s.seq() == 1);
            Map<String, Object> firstOthers = tallySharded.latency(newIn(s -> s != 0));
            result.put("sharding_new_execution_lag_ms_p50_one", firstOne.get("p50_ms"));
            result.put("sharding_new_execution_lag_ms_p50_shard_0", tallySharded.latency(newIn(s -> s == 0)).get("p50_ms"));
            result.put("sharding_new_execution_lag_ms_p50_other_shards", firstOthers.get("p50_ms"));

            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("span_ms", SPAN_MS);
            counts.put("delay_ms", DELAY_MS);
            counts.put("consumer_options", OPTIONS);
            counts.put("live_executions", LIVE);
            counts.put("new_executions_warmup_and_span", next.get() - LIVE);
            counts.put("ticks", ticks.get());
            counts.put("list_requests_one", listsOne);
            counts.put("list_requests_sharded", listsSharded);
            counts.put("get_events_requests_one", getEventsOne);
            counts.put("get_events_requests_sharded", getEventsSharded);
            counts.put("polls_one", singlePolls);
            counts.put("polls_per_shard", polls);
            counts.put("list_requests_per_poll_one", Bench.round((double) listsOne / singlePolls, 3));
            counts.put("list_requests_per_poll_of_shard_0", Bench.round((double) listsSharded / polls[0], 3));
            counts.put("events_delivered_one", tallyOne.delivered());
            counts.put("events_delivered_sharded", tallySharded.delivered());
            counts.put("events_repeated_one", tallyOne.repeated());
            counts.put("events_repeated_sharded", tallySharded.repeated());
            counts.put("latency_one_all", tallyOne.latency(s -> true));
            counts.put("latency_one_new_executions_first_event", firstOne);
            for (int shard = 0; shard < SHARDS; shard++) {
                int owner = shard;
                counts.put("latency_sharded_shard_" + shard + "_later_events",
                        tallySharded.latency(s -> s.seq() > 1 && ExecutionShards.of(s.executionId(), SHARDS) == owner));
            }
            counts.put("latency_sharded_new_executions_first_event_shard_0", tallySharded.latency(newIn(s -> s == 0)));
            counts.put("latency_sharded_new_executions_first_event_other_shards", firstOthers);
            detail.put("requests", counts);
            Bench.log("sharding requests over %d ms at delay %d: list %d (one) vs %d (3 shards), getEvents %d vs %d;"
                      + " polls %d vs %s",
                    SPAN_MS, DELAY_MS, listsOne, listsSharded, getEventsOne, getEventsSharded,
                    singlePolls, java.util.Arrays.toString(polls));
            return result;
        } finally {
            ticker.shutdownNow();
        }
    }

    /** The first event of a new execution whose shard {@code shard} accepts. */
    private static Predicate<ShardTally.Sample> newIn(java.util.function.IntPredicate shard) {
        return s -> s.seq() == 1 && shard.test(ExecutionShards.of(s.executionId(), SHARDS));
    }
}
