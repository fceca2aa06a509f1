package dev.velt.camel.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.velt.camel.component.VeltConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

/**
 * Push → exchange latency through a round-robin load balancer ({@link PushBalancer}) over three replicas, side by side
 * in one run, on the stub ({@link ShardWorld}) with the replicas and their shared PostgreSQL of {@link ShardReplicas}:
 * <ul>
 * <li><b>sharded</b>: each replica runs the push receiver and the consumer of one of {@value #SHARDS} shards; a push
 * landing on another replica than its owner's is recorded in the shard's inbox and delivered at the owner's next
 * poll;</li>
 * <li><b>one leader</b>: each replica has the route with {@code webhookPath}, only the leader's started (as
 * {@code master:} leaves the followers' consumers stopped, their paths registered): followers answer 503 and the
 * balancer retries after Velt's 2 s.</li>
 * </ul>
 * {@value #LIVE} running executions per side; every {@value #TICK_MS} ms one of them (the same on both sides) gains an
 * event, visible at once to {@code getEvents} and pushed. Events pushed over {@link #SPAN_MS} ms after a warm-up are
 * timed from their first POST to their exchange; pushing goes on for {@value #COOL_DOWN_MS} ms after, so that every
 * timed event has later ones in its execution, as in a steady stream.
 */
final class ShardPushBenchmark {

    static final int SHARDS = 3;
    static final int LIVE = 30;
    static final long DELAY_MS = Long.getLong("bench.shardpush.delay", 20);
    static final long SPAN_MS = Long.getLong("bench.shardpush.span", 20_000);
    static final long WARMUP_MS = 2_000;
    static final long COOL_DOWN_MS = 10_000;
    static final long TICK_MS = 50;
    static final String PATH = "/velt/shard-push";
    static final String OPTIONS = "delay=" + DELAY_MS + "&pageSize=100";

    Map<String, Object> run(StubServer stub) throws Exception {
        ShardWorld world = new ShardWorld();
        stub.handler(world);
        String sharded = "def_push_k3";
        String led = "def_push_leader";
        List<ShardWorld.Execution> shardeds = new ArrayList<>();
        List<ShardWorld.Execution> leds = new ArrayList<>();
        long startedBase = System.currentTimeMillis() - 60_000;
        for (int i = 0; i < LIVE; i++) {
            shardeds.add(world.start(sharded, ShardWorld.idOfShard("pk3", i, i % SHARDS, SHARDS), startedBase + i * 1000L,
                    ShardingBenchmark.TOTAL, 1));
            leds.add(world.start(led, "lead_" + i, startedBase + i * 1000L, ShardingBenchmark.TOTAL, 1));
        }
        Map<String, LongAdder> by = new ConcurrentHashMap<>();
        ShardTally tallySharded = new ShardTally(world, 0);
        ShardTally tallyLed = new ShardTally(world, 0);
        try (ShardReplicas replicas = new ShardReplicas(stub)) {
            List<Integer> shardedPorts = new ArrayList<>();
            List<Integer> ledPorts = new ArrayList<>();
            String stream = "velt:events?definitionId=" + sharded + "&shards=" + SHARDS + "&stateRepository=#positions";
            for (int r = 0; r < SHARDS; r++) {
                CamelContext camel = replicas.withHttp(sharded, port(shardedPorts));
                addRoute(camel, "receiver", stream + "&webhookPath=" + PATH, true, counting(by, "receiver", null));
                addRoute(camel, "shard-" + r, stream + "&shard=" + r + "&" + OPTIONS, true,
                        counting(by, "sharded", tallySharded));
            }
            for (int r = 0; r < SHARDS; r++) {
                CamelContext camel = replicas.withHttp(led, port(ledPorts));
                // the followers' routes are not started, as under master:: their endpoints (and paths) exist
                addRoute(camel, "leader", "velt:events?definitionId=" + led + "&stateRepository=#positions&" + OPTIONS
                                          + "&webhookPath=" + PATH,
                        r == 0, counting(by, "leader", tallyLed));
            }
            Bench.await("the first event of every execution on both sides", Duration.ofMinutes(1),
                    () -> shardeds.stream().allMatch(e -> tallySharded.has(e.id, 1))
                            && leds.stream().allMatch(e -> tallyLed.has(e.id, 1)));
            return measure(world, shardeds, leds, tallySharded, tallyLed, shardedPorts, ledPorts, by);
        }
    }

    private Map<String, Object> measure(ShardWorld world, List<ShardWorld.Execution> shardeds,
            List<ShardWorld.Execution> leds, ShardTally tallySharded, ShardTally tallyLed, List<Integer> shardedPorts,
            List<Integer> ledPorts, Map<String, LongAdder> by) throws Exception {
        String led = leds.get(0).definitionId;
        Random random = new Random(42);
        AtomicInteger ticks = new AtomicInteger();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try (PushBalancer toSharded = new PushBalancer(shardedPorts, PATH);
                PushBalancer toLed = new PushBalancer(ledPorts, PATH)) {
            ticker.scheduleAtFixedRate(() -> {
                ticks.incrementAndGet();
                int i = random.nextInt(LIVE);
                push(world, shardeds.get(i), toSharded);
                push(world, leds.get(i), toLed);
            }, 0, TICK_MS, TimeUnit.MILLISECONDS);
            Thread.sleep(WARMUP_MS);
            long[] before = {toSharded.answered2xx(), toSharded.answeredOther(), toLed.answered2xx(), toLed.answeredOther()};
            tallySharded.mark();
            tallyLed.mark();
            Thread.sleep(SPAN_MS);
            tallySharded.markEnd();
            tallyLed.markEnd();
            long[] during = {toSharded.answered2xx() - before[0], toSharded.answeredOther() - before[1],
                    toLed.answered2xx() - before[2], toLed.answeredOther() - before[3]};
            Map<ShardWorld.Execution, Integer> pushed = new LinkedHashMap<>();
            for (ShardWorld.Execution execution : concat(shardeds, leds)) {
                pushed.put(execution, execution.visible.get());
            }
            Thread.sleep(COOL_DOWN_MS);
            ticker.shutdownNow();
            Bench.await("every event pushed until the end of the span, on both sides", Duration.ofMinutes(2),
                    () -> pushed.entrySet().stream().allMatch(e -> {
                        ShardTally tally = e.getKey().definitionId.equals(led) ? tallyLed : tallySharded;
                        return java.util.stream.LongStream.rangeClosed(1, e.getValue())
                                .allMatch(seq -> tally.has(e.getKey().id, seq));
                    }));

            Map<String, Object> sharded = tallySharded.latency(s -> true);
            Map<String, Object> leader = tallyLed.latency(s -> true);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("sharding_push_latency_ms_p50_sharded", sharded.get("p50_ms"));
            result.put("sharding_push_latency_ms_p99_sharded", sharded.get("p99_ms"));
            result.put("sharding_push_latency_ms_p50_one_leader", leader.get("p50_ms"));
            result.put("sharding_push_latency_ms_p99_one_leader", leader.get("p99_ms"));
            result.put("sharding_push_answers_2xx_sharded", during[0]);
            result.put("sharding_push_answers_non_2xx_sharded", during[1]);
            result.put("sharding_push_answers_2xx_one_leader", during[2]);
            result.put("sharding_push_answers_non_2xx_one_leader", during[3]);

            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("consumer_options", OPTIONS);
            detail.put("reconcile_delay_ms", "60000 (default)");
            detail.put("live_executions_per_side", LIVE);
            detail.put("push_every_ms_per_side", TICK_MS);
            detail.put("span_ms", SPAN_MS);
            detail.put("warmup_ms", WARMUP_MS);
            detail.put("cool_down_ms", COOL_DOWN_MS);
            detail.put("retry_schedule_ms", PushBalancer.RETRY_MS);
            detail.put("ticks", ticks.get());
            detail.put("latency_sharded", sharded);
            detail.put("latency_one_leader", leader);
            detail.put("answers_whole_run_sharded", toSharded.answers());
            detail.put("answers_whole_run_one_leader", toLed.answers());
            detail.put("refusals_sharded", toSharded.refusals());
            detail.put("refusals_one_leader", toLed.refusals());
            detail.put("retries_scheduled_sharded", toSharded.retried());
            detail.put("retries_scheduled_one_leader", toLed.retried());
            Map<String, Long> delivered = new LinkedHashMap<>();
            by.forEach((key, count) -> delivered.put(key, count.sum()));
            detail.put("exchanges_by_route_and_delivered_by", delivered);
            detail.put("events_repeated_sharded", tallySharded.repeated());
            detail.put("events_repeated_one_leader", tallyLed.repeated());
            result.put("sharding_push", detail);
            Bench.log("sharding push (delay %d ms): sharded p50 %s p99 %s ms, %d 2xx / %d other; one leader p50 %s p99 %s"
                      + " ms, %d 2xx / %d other",
                    DELAY_MS, sharded.get("p50_ms"), sharded.get("p99_ms"), during[0], during[1], leader.get("p50_ms"),
                    leader.get("p99_ms"), during[2], during[3]);
            return result;
        } finally {
            ticker.shutdownNow();
        }
    }

    /** The execution's next event: visible to getEvents from now on, and pushed. */
    private static void push(ShardWorld world, ShardWorld.Execution execution, PushBalancer balancer) {
        world.advance(execution, 1);
        long seq = execution.visible.get();
        balancer.push(execution.definitionId, execution.id, seq, Bench.middleType(seq));
    }

    private static List<ShardWorld.Execution> concat(List<ShardWorld.Execution> a, List<ShardWorld.Execution> b) {
        List<ShardWorld.Execution> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static int port(List<Integer> ports) throws Exception {
        int port = PushBenchmark.freePort();
        ports.add(port);
        return port;
    }

    /** Counts the exchanges per side and {@code CamelVeltDeliveredBy}, then hands them to the tally (if any). */
    private static Processor counting(Map<String, LongAdder> by, String side, ShardTally tally) {
        return exchange -> {
            by.computeIfAbsent(side + "/" + exchange.getMessage().getHeader(VeltConstants.DELIVERED_BY),
                    k -> new LongAdder()).increment();
            if (tally != null) {
                tally.process(exchange);
            }
        };
    }

    private static void addRoute(CamelContext camel, String routeId, String uri, boolean start, Processor route)
            throws Exception {
        camel.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                from(uri).routeId(routeId).autoStartup(start).process(route);
            }
        });
    }
}
