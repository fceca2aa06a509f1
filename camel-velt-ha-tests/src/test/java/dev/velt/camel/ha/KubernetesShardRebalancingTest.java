package dev.velt.camel.ha;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.velt.camel.ha.HaCluster.LeaseTimes;
import dev.velt.camel.ha.HaCluster.Processed;
import dev.velt.camel.ha.HaCluster.Replica;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine shards will run on: Camel's {@code RebalancingCamelClusterService} over {@code KubernetesClusterService}
 * (fabric8's mock API server, CRUD mode; lease 6 s, renew deadline 5 s, retry period 1 s), in replicas that are
 * separate
 * JVMs running {@code ha/shard-replica.yaml}: K = 6 master namespaces {@code velt-def_ha-0..5}, one Lease each, each
 * with a timer consumer that records its ticks with the replica's id. Three replicas share the six evenly (2 each); a
 * fourth joins (its Pod turns Ready) and they rebalance (1 or 2 each); the owner of two is SIGKILLed (and its Pod
 * marked not Ready, as the
 * kubelet does) and its shards move to the others (2 each again). Throughout, each shard's consumer runs on one replica
 * at a time, and the Leases' holders are the replicas whose consumers run.
 */
class KubernetesShardRebalancingTest {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesShardRebalancingTest.class);
    private static final LeaseTimes TIMES = LeaseTimes.TESTS;
    private static final int SHARDS = 6;
    /** The timers' period in shard-replica.yaml. */
    private static final long TICK_MS = 500;
    /** A replica's ticks of one shard further apart than this are two terms of ownership, not one. */
    private static final long TERM_GAP_MS = 3 * TICK_MS;

    @Test
    void shardsSpreadEvenlyMoveWhenAReplicaDiesAndRebalanceWhenOneJoins() throws Exception {
        KubernetesApi kubernetes = new KubernetesApi();
        try (HaCluster cluster = new HaCluster("k8s-shards", null, kubernetes, TIMES, "classpath:ha/shard-replica.yaml",
                Map.of())) {
            long start = System.currentTimeMillis();
            Replica a = cluster.launch("a");
            Replica b = cluster.launch("b");
            Replica c = cluster.launch("c");
            Replica d = cluster.launch("d");
            // members once their Pods turn Ready (their readiness probes pass): a, b and c together, d later
            cluster.awaitStartedNotReady(a, b, c, d);
            for (Replica replica : List.of(a, b, c)) {
                kubernetes.podReady(replica.id());
            }
            long started = System.currentTimeMillis();
            Map<Integer, String> three = awaitBalanced(cluster, kubernetes, List.of(a, b, c), started);
            long balanced = System.currentTimeMillis();

            kubernetes.podReady(d.id());
            long joined = System.currentTimeMillis();
            Map<Integer, String> four = awaitBalanced(cluster, kubernetes, List.of(a, b, c, d), joined);
            long rebalanced = System.currentTimeMillis();

            String victim = four.values().stream().filter(owner -> count(four, owner) == 2).findFirst().orElseThrow();
            long killedAt = cluster.kill(cluster.replica(victim));
            kubernetes.podNotReady(victim);
            List<Replica> survivors = new ArrayList<>(List.of(a, b, c, d));
            survivors.removeIf(replica -> replica.id().equals(victim));
            Map<Integer, String> afterKill = awaitBalanced(cluster, kubernetes, survivors, killedAt);
            long recovered = System.currentTimeMillis();

            List<Processed> ticks = cluster.processedRows("tick:");
            assertOneOwnerAtATime(ticks);
            Map<Integer, Long> moved = new TreeMap<>();
            four.forEach((shard, owner) -> {
                if (owner.equals(victim)) {
                    long firstTick = ticks.stream()
                            .filter(tick -> tick.item().equals(tickOf(shard)) && tick.at() > killedAt
                                    && !tick.replica().equals(victim))
                            .mapToLong(Processed::at).min().orElseThrow();
                    moved.put(shard, firstTick - killedAt);
                }
            });
            Set<String> used = HaAssertions.assertAllowedByDocumentedRole(kubernetes.replicaRequests());

            LOG.info(String
                    .format("[ha] shards: 3 replicas %s balanced %d ms after their Pods turned Ready (%d ms after launch)%n"
                            + "[ha] shards: with a fourth %s, rebalanced %d ms after its Pod turned Ready%n"
                            + "[ha] shards: %s SIGKILLed (Pod not Ready at once): its shards' first ticks elsewhere "
                            + "after %s ms, all balanced %s after %d ms%n[ha] shards: API requests used %s; logs in %s%n",
                            three, balanced - started, balanced - start, four, rebalanced - joined, victim, moved, afterKill,
                            recovered - killedAt, used, cluster.logDir()));
            for (long took : moved.values()) {
                // a retry period (with jitter) to see the pod gone, a rebalancing round (one retry period), the lease
                // duration the new owner waits, camel-master's 1 s, a tick, and room for loaded cores
                assertTrue(took < TIMES.longestRetryMs() + TIMES.retryPeriodMs() + TIMES.leaseDurationMs() + 1000 + TICK_MS
                        + 10_000,
                        "a shard of " + victim + " moved after " + took + " ms");
            }
        }
    }

    /**
     * Waits until the shards are spread as evenly as they can be over the live replicas: each shard's Lease held by a
     * live replica, each replica holding K/n rounded down or up of them, and each shard's latest tick since {@code since}
     * its holder's (the holder runs the consumer); and that it stays so for a second. Returns the holders.
     */
    private static Map<Integer, String> awaitBalanced(HaCluster cluster, KubernetesApi kubernetes, List<Replica> live,
            long since) {
        Set<String> ids = live.stream().map(Replica::id).collect(Collectors.toSet());
        int least = SHARDS / ids.size();
        int most = (SHARDS + ids.size() - 1) / ids.size();
        Map<Integer, String> seen = new TreeMap<>();
        Map<Integer, String> seenTicking = new TreeMap<>();
        try {
            await("shards balanced over " + ids).atMost(Duration.ofSeconds(90)).during(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofMillis(250)).until(() -> {
                        Map<Integer, String> holders = leaseHolders(kubernetes);
                        Map<Integer, String> ticking = latestTicks(cluster, since);
                        seen.clear();
                        seen.putAll(holders);
                        seenTicking.clear();
                        seenTicking.putAll(ticking);
                        return holders.size() == SHARDS && ids.containsAll(holders.values()) && ticking.equals(holders)
                                && ids.stream().allMatch(id -> count(holders, id) >= least && count(holders, id) <= most);
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("shards not balanced over " + ids + ": Lease holders " + seen + ", latest ticks "
                                     + seenTicking + "; logs in " + cluster.logDir(),
                    e);
        }
        return new TreeMap<>(seen);
    }

    /** Each shard whose consumer ticked since {@code since}, with the replica of its latest tick. */
    private static Map<Integer, String> latestTicks(HaCluster cluster, long since) throws Exception {
        Map<Integer, String> latest = new HashMap<>();
        for (Processed tick : cluster.processedRows("tick:")) {
            if (tick.at() >= since) {
                latest.put(shardOf(tick.item()), tick.replica());
            }
        }
        return latest;
    }

    private static Map<Integer, String> leaseHolders(KubernetesApi kubernetes) {
        Map<Integer, String> holders = new HashMap<>();
        kubernetes.leaseHolders().forEach((lease, holder) -> {
            if (lease.startsWith("velt-shards-velt-def-ha-")) {
                holders.put(Integer.parseInt(lease.substring("velt-shards-velt-def-ha-".length())), holder);
            }
        });
        return holders;
    }

    /**
     * No shard's consumer ran on two replicas at once: per shard, each replica's ticks grouped into terms (ticks less
     * than {@link #TERM_GAP_MS} apart), no two terms of different replicas overlap.
     */
    private static void assertOneOwnerAtATime(List<Processed> ticks) {
        Map<String, List<long[]>> terms = new TreeMap<>();
        Map<String, long[]> open = new HashMap<>();
        for (Processed tick : ticks) {
            String key = tick.item() + "|" + tick.replica();
            long[] term = open.get(key);
            if (term != null && tick.at() - term[1] <= TERM_GAP_MS) {
                term[1] = tick.at();
            } else {
                term = new long[]{tick.at(), tick.at()};
                open.put(key, term);
                terms.computeIfAbsent(key, k -> new ArrayList<>()).add(term);
            }
        }
        for (int shard = 0; shard < SHARDS; shard++) {
            String prefix = tickOf(shard) + "|";
            List<Map.Entry<String, List<long[]>>> byReplica = terms.entrySet().stream()
                    .filter(entry -> entry.getKey().startsWith(prefix)).toList();
            assertTrue(!byReplica.isEmpty(), "shard " + shard + " never ran");
            for (Map.Entry<String, List<long[]>> one : byReplica) {
                for (Map.Entry<String, List<long[]>> other : byReplica) {
                    if (one.getKey().compareTo(other.getKey()) >= 0) {
                        continue;
                    }
                    for (long[] x : one.getValue()) {
                        for (long[] y : other.getValue()) {
                            assertTrue(x[1] < y[0] || y[1] < x[0], "shard " + shard + " ran on two replicas at once: "
                                                                   + one.getKey() + " " + x[0] + ".." + x[1] + " and "
                                                                   + other.getKey() + " " + y[0] + ".." + y[1]);
                        }
                    }
                }
            }
        }
    }

    private static long count(Map<Integer, String> owners, String replica) {
        return owners.values().stream().filter(replica::equals).count();
    }

    private static String tickOf(int shard) {
        return "tick:velt-shard-" + shard;
    }

    private static int shardOf(String tick) {
        return Integer.parseInt(tick.substring(tick.lastIndexOf('-') + 1));
    }
}
