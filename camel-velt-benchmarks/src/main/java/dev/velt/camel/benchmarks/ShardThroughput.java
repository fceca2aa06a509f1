package dev.velt.camel.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velt.camel.component.events.VeltEventsConsumer;

/**
 * Throughput of a slow route, the second half of the sharding scenario: {@value #EXECUTIONS} executions of
 * {@value #EVENTS} events (10 executions of each shard) appear at once, after the consumers' first polls, and a route
 * that spends {@value #WORK_MS} ms per event ({@link Thread#sleep}, a simulated call to another system) takes them.
 * Three
 * set-ups, each on a definition of its own: one unsharded consumer; one replica running the three shard routes; three
 * replicas running one shard each. Events/s from the executions' appearance to the last exchange; the set-ups' order
 * rotates round by round, and each figure is the median of {@link #ROUNDS} rounds.
 */
final class ShardThroughput {

    static final int EXECUTIONS = 30;
    static final int EVENTS = 20;
    static final long WORK_MS = 20;
    static final int ROUNDS = Integer.getInteger("bench.sharding.rounds", 3);
    static final String OPTIONS = "delay=200&pageSize=100";
    private static final String[] SETUPS = {"unsharded", "1_replica", "3_replicas"};

    private final ShardWorld world;
    private final ShardReplicas replicas;

    ShardThroughput(ShardWorld world, ShardReplicas replicas) {
        this.world = world;
        this.replicas = replicas;
    }

    Map<String, Object> run(Map<String, Object> detail) throws Exception {
        double[][] rates = new double[SETUPS.length][ROUNDS];
        List<String> rounds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            StringBuilder line = new StringBuilder();
            for (int turn = 0; turn < SETUPS.length; turn++) {
                int setup = (turn + round) % SETUPS.length;
                rates[setup][round] = once(setup, round);
                line.append(turn > 0 ? ", " : "").append(SETUPS[setup]).append(' ').append(Math.round(rates[setup][round]));
            }
            rounds.add(line.toString());
            Bench.log("sharding throughput round %d (events/s): %s", round + 1, line);
        }
        double unsharded = Bench.median(rates[0]);
        double oneReplica = Bench.median(rates[1]);
        double threeReplicas = Bench.median(rates[2]);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("sharding_events_per_s_unsharded", Bench.round(unsharded, 1));
        result.put("sharding_events_per_s_1_replica", Bench.round(oneReplica, 1));
        result.put("sharding_events_per_s_3_replicas", Bench.round(threeReplicas, 1));
        result.put("sharding_throughput_ratio_3_vs_1_replica", Bench.round(threeReplicas / oneReplica, 3));
        result.put("sharding_throughput_ratio_3_replicas_vs_unsharded", Bench.round(threeReplicas / unsharded, 3));
        Map<String, Object> throughput = new LinkedHashMap<>();
        throughput.put("executions", EXECUTIONS);
        throughput.put("events_each", EVENTS);
        throughput.put("route_ms_per_event", WORK_MS);
        throughput.put("consumer_options", OPTIONS);
        throughput.put("rounds", rounds);
        throughput.put("ceiling_events_per_s_one_thread", 1000.0 / WORK_MS);
        detail.put("throughput", throughput);
        return result;
    }

    /** One set-up on a definition of its own: starts it, lets the executions appear, returns events/s. */
    private double once(int setup, int round) throws Exception {
        String definitionId = "def_tp_" + round + "_" + setup;
        ShardTally tally = new ShardTally(world, WORK_MS);
        List<VeltEventsConsumer> consumers = setup == 0
                ? List.of(replicas.unsharded(definitionId, OPTIONS, tally))
                : replicas.sharded(definitionId, ShardingBenchmark.SHARDS, setup == 1 ? 1 : ShardingBenchmark.SHARDS,
                        OPTIONS, tally);
        try {
            // the first start's listings done, so the executions below are found by a scan, as they would be in service
            Bench.await(SETUPS[setup] + " consumers' first polls", Duration.ofMinutes(1),
                    () -> consumers.stream().allMatch(c -> c.getVeltPolls() >= 2));
            long total = (long) EXECUTIONS * EVENTS;
            long started = System.nanoTime();
            long now = System.currentTimeMillis();
            for (int i = 0; i < EXECUTIONS; i++) {
                String id = ShardWorld.idOfShard("tp" + round + setup, i, i % ShardingBenchmark.SHARDS,
                        ShardingBenchmark.SHARDS);
                world.start(definitionId, id, now, EVENTS, EVENTS);
            }
            Bench.await(total + " events through " + SETUPS[setup], Duration.ofMinutes(2),
                    () -> tally.delivered() >= total);
            double seconds = (tally.lastNanos() - started) / 1e9;
            Thread.sleep(300); // a repeat would show
            if (tally.distinct() != total || tally.repeated() != 0) {
                throw new IllegalStateException(SETUPS[setup] + ": " + tally.distinct() + " distinct events of " + total
                                                + ", " + tally.repeated() + " repeated");
            }
            return total / seconds;
        } finally {
            replicas.stopAll();
        }
    }
}
