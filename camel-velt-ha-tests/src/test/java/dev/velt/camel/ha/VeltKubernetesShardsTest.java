package dev.velt.camel.ha;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import dev.velt.camel.component.events.ExecutionShards;
import dev.velt.camel.ha.HaCluster.LeaseTimes;
import dev.velt.camel.ha.HaCluster.Processed;
import dev.velt.camel.ha.HaCluster.Replica;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sharded {@code velt:events} over replicas that are separate JVMs running {@code ha/shard-replica.yaml}: K = 6
 * shards of definition {@code def_ha}, each the consumer of a master namespace {@code velt-def_ha-<n>} with a Lease of
 * its own, spread by Camel's {@code RebalancingCamelClusterService} over {@code KubernetesClusterService} (fabric8's
 * mock API server, CRUD mode; lease 6 s, renew deadline 5 s, retry period 1 s), positions, hand-over lists and push
 * inboxes in PostgreSQL. The simulator pushes every event through a round-robin load balancer over all replicas'
 * push receivers (no health checks), so most pushes land on a replica that does not own their shard. Three replicas
 * share the six shards evenly (2 each) while the stream begins; a fourth joins (its Pod turns Ready) and they
 * rebalance (1 or 2 each); the owner of two is SIGKILLed (and its Pod marked not Ready, as the kubelet does) and its
 * shards move to the others (2 each again). In the end every event was processed, in seq order per execution; each
 * shard's events were processed by its successive Lease holders only, in that order; the only repeats are events in
 * flight on the killed replica, at most one per shard it held; and the push inboxes are empty.
 */
class VeltKubernetesShardsTest {

    private static final Logger LOG = LoggerFactory.getLogger(VeltKubernetesShardsTest.class);
    private static final LeaseTimes TIMES = LeaseTimes.TESTS;
    /** {@code shards} in shard-replica.yaml. */
    private static final int SHARDS = 6;
    private static final String LEASE_PREFIX = "velt-shards-velt-def-ha-";
    private static final int EXECUTIONS = 40;
    private static final int EVENTS_PER_EXECUTION = 10;
    private static final String SECRET = "ha_shard_push_secret_0123456789";

    @Test
    void shardsSpreadMoveWhenAReplicaDiesAndRebalanceWhenOneJoinsWithNothingLost() throws Exception {
        // an execution starts every second for 40 s, each publishing 10 events 300 ms apart: events flow throughout
        Map<String, Integer> ports = new ConcurrentHashMap<>();
        KubernetesApi kubernetes = new KubernetesApi();
        try (PushLoadBalancer balancer = new PushLoadBalancer(ports);
                HaCluster cluster = new HaCluster("k8s-shards",
                        new HaStream(EXECUTIONS, EVENTS_PER_EXECUTION, 1000, 300, 0, 1000, balancer.url(), SECRET),
                        kubernetes, TIMES, "classpath:ha/shard-replica.yaml", Map.of())) {
            HaStream stream = cluster.stream();
            cluster.receivePushes(SECRET);
            HolderSampler holders = new HolderSampler(kubernetes);
            long start = System.currentTimeMillis();
            Replica a = cluster.launch("a");
            Replica b = cluster.launch("b");
            Replica c = cluster.launch("c");
            Replica d = cluster.launch("d");
            // members once their Pods turn Ready (their readiness probes pass): a, b and c together, d later; every
            // replica's push receiver takes pushes from its start, member or not
            cluster.awaitStartedNotReady(a, b, c, d);
            ports.putAll(cluster.webhookPorts());
            for (Replica replica : List.of(a, b, c)) {
                kubernetes.podReady(replica.id());
            }
            long ready = System.currentTimeMillis();
            Map<Integer, String> three = awaitBalanced(cluster, kubernetes, List.of(a, b, c), ready);
            long balanced = System.currentTimeMillis();
            stream.begin();
            int total = stream.expectedItems().size();
            awaitProcessed(cluster, total / 5);

            kubernetes.podReady(d.id());
            long joined = System.currentTimeMillis();
            Map<Integer, String> four = awaitBalanced(cluster, kubernetes, List.of(a, b, c, d), joined);
            long rebalanced = System.currentTimeMillis();
            awaitProcessed(cluster, total / 2);

            String victim = four.values().stream().filter(owner -> count(four, owner) == 2).findFirst().orElseThrow();
            long killedAt = cluster.kill(cluster.replica(victim));
            kubernetes.podNotReady(victim);
            List<Replica> survivors = new ArrayList<>(List.of(a, b, c, d));
            survivors.removeIf(replica -> replica.id().equals(victim));
            Map<Integer, String> afterKill = awaitBalanced(cluster, kubernetes, survivors, killedAt);
            long recovered = System.currentTimeMillis();

            await("all " + total + " events processed").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.processedCount() == total);
            await("positions final").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertFinalPositions(cluster));

            await("push inboxes empty").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertInboxesEmpty(cluster));
            List<dev.velt.camel.test.WebhookAttempt> attempts = stream.simulator().webhooks().attempts();
            Map<Integer, Long> answers = attempts.stream().collect(Collectors.groupingBy(
                    dev.velt.camel.test.WebhookAttempt::status, TreeMap::new, Collectors.counting()));
            assertTrue(answers.getOrDefault(200, 0L) >= total / 2, "pushes answered 200: " + answers);
            Map<String, Integer> deliveredBy = cluster.deliveredBy();
            assertTrue(deliveredBy.getOrDefault("push", 0) > 0, "events delivered by push: " + deliveredBy);
            Map<Integer, Long> moved = firstProcessedElsewhere(cluster, victim, four, killedAt);
            Map<String, List<String>> duplicates = HaAssertions.assertAllProcessed(cluster);
            HaAssertions.assertEventsInSeqOrder(cluster);
            holders.stop();
            Map<Integer, List<String>> owners = assertProcessedByTheHoldersInTurn(cluster, holders.transitions());
            assertRepeatsOnlyInFlightOnTheVictim(duplicates, victim, four, afterKill);
            Set<String> used = HaAssertions.assertAllowedByDocumentedRole(kubernetes.replicaRequests());

            LOG.info(String.format("[ha] shards: 3 replicas %s balanced %d ms after their Pods turned Ready (%d ms after "
                                   + "launch)%n[ha] shards: with a fourth %s, rebalanced %d ms after its Pod turned Ready%n"
                                   + "[ha] shards: %s SIGKILLed (Pod not Ready at once): Leases all held by the others %s "
                                   + "after %d ms; its shards' first events processed elsewhere after %s ms%n"
                                   + "[ha] shards: %d events, processed twice %d %s; processing replicas per shard %s%n"
                                   + "[ha] shards: pushes answered %s; events delivered by %s%n[ha] shards: API requests used %s; logs in %s%n",
                    three, balanced - ready, balanced - start, four, rebalanced - joined, victim, afterKill,
                    recovered - killedAt, moved, total, duplicates.size(), duplicates, owners, answers, deliveredBy, used,
                    cluster.logDir()));
            for (long took : moved.values()) {
                // a retry period (with jitter) to see the pod gone, a rebalancing round (one retry period), the lease
                // duration the new owner waits, camel-master's 1 s, a poll, and room for loaded cores
                assertTrue(took < TIMES.longestRetryMs() + TIMES.retryPeriodMs() + TIMES.leaseDurationMs() + 1000 + 300
                        + 15_000,
                        "a shard of " + victim + " moved after " + took + " ms");
            }
        }
    }

    /**
     * For each shard the victim held, how long after the kill another replica first processed one of its events (for
     * the shards that had events left).
     */
    private static Map<Integer, Long> firstProcessedElsewhere(HaCluster cluster, String victim,
            Map<Integer, String> four, long killedAt) throws Exception {
        Map<Integer, Long> moved = new TreeMap<>();
        for (Processed row : cluster.processedRows("event:")) {
            int shard = shardOf(row.item());
            if (victim.equals(four.get(shard)) && row.at() > killedAt && !row.replica().equals(victim)) {
                moved.putIfAbsent(shard, row.at() - killedAt);
            }
        }
        return moved;
    }

    private static void awaitProcessed(HaCluster cluster, int events) {
        await(events + " events processed").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.processedCount() >= events);
    }

    /**
     * Waits until the shards are spread as evenly as they can be over the live replicas: each shard's Lease held by a
     * live replica, each replica holding K/n rounded down or up of them, every event processed since {@code since}
     * for a while processed by its shard's holder; and that it stays so for a second. Returns the holders.
     */
    private static Map<Integer, String> awaitBalanced(HaCluster cluster, KubernetesApi kubernetes, List<Replica> live,
            long since) {
        Set<String> ids = live.stream().map(Replica::id).collect(Collectors.toSet());
        int least = SHARDS / ids.size();
        int most = (SHARDS + ids.size() - 1) / ids.size();
        Map<Integer, String> seen = new TreeMap<>();
        Map<Integer, String> seenProcessing = new TreeMap<>();
        try {
            await("shards balanced over " + ids).atMost(Duration.ofSeconds(90)).during(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofMillis(250)).until(() -> {
                        Map<Integer, String> holders = leaseHolders(kubernetes);
                        Map<Integer, String> processing = latestProcessing(cluster, since);
                        seen.clear();
                        seen.putAll(holders);
                        seenProcessing.clear();
                        seenProcessing.putAll(processing);
                        return holders.size() == SHARDS && ids.containsAll(holders.values())
                                && processing.entrySet().stream()
                                        .allMatch(entry -> entry.getValue().equals(holders.get(entry.getKey())))
                                && ids.stream().allMatch(id -> count(holders, id) >= least && count(holders, id) <= most);
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("shards not balanced over " + ids + ": Lease holders " + seen
                                     + ", latest processing " + seenProcessing + "; logs in " + cluster.logDir(),
                    e);
        }
        return new TreeMap<>(seen);
    }

    /** Each shard with an event processed since {@code since}, with the replica of its latest. */
    private static Map<Integer, String> latestProcessing(HaCluster cluster, long since) throws Exception {
        Map<Integer, String> latest = new HashMap<>();
        for (Processed row : cluster.processedRows("event:")) {
            if (row.at() >= since) {
                latest.put(shardOf(row.item()), row.replica());
            }
        }
        return latest;
    }

    private static Map<Integer, String> leaseHolders(KubernetesApi kubernetes) {
        Map<Integer, String> holders = new HashMap<>();
        kubernetes.leaseHolders().forEach((lease, holder) -> {
            if (lease.startsWith(LEASE_PREFIX)) {
                holders.put(Integer.parseInt(lease.substring(LEASE_PREFIX.length())), holder);
            }
        });
        return holders;
    }

    /**
     * Each shard's events were processed by its successive Lease holders only, in turn: the replicas in processing
     * order, consecutive repeats collapsed, are a subsequence of the holders the Leases named one after the other. So no
     * shard was processed back and forth between two replicas, nor by a replica that did not hold it. (A replica starts
     * a shard's consumer a lease duration after taking its Lease, so every holder that processed is sampled.) Returns
     * the processing replicas per shard.
     */
    private static Map<Integer, List<String>> assertProcessedByTheHoldersInTurn(HaCluster cluster,
            Map<Integer, List<String>> holders) throws Exception {
        Map<Integer, List<String>> processing = new TreeMap<>();
        for (Processed row : cluster.processedRows("event:")) {
            List<String> replicas = processing.computeIfAbsent(shardOf(row.item()), shard -> new ArrayList<>());
            if (replicas.isEmpty() || !replicas.get(replicas.size() - 1).equals(row.replica())) {
                replicas.add(row.replica());
            }
        }
        processing.forEach((shard, replicas) -> {
            List<String> turns = holders.getOrDefault(shard, List.of());
            int next = 0;
            for (String replica : replicas) {
                while (next < turns.size() && !turns.get(next).equals(replica)) {
                    next++;
                }
                assertTrue(next < turns.size(), "shard " + shard + " processed by " + replicas
                                                + ", not by its Lease holders in turn " + turns);
            }
        });
        return processing;
    }

    /** Samples the shards' Lease holders every 100 ms while the test runs: each shard's holders one after the other. */
    private static final class HolderSampler {

        private final ScheduledExecutorService timer = Executors
                .newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, "lease-holder-sampler");
                    thread.setDaemon(true); // a failed test does not wait for it
                    return thread;
                });
        private final Map<Integer, List<String>> turns = new ConcurrentHashMap<>();
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

        HolderSampler(KubernetesApi kubernetes) {
            timer.scheduleWithFixedDelay(() -> {
                try {
                    leaseHolders(kubernetes).forEach(this::saw);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
        }

        private void saw(int shard, String holder) {
            List<String> seen = turns.computeIfAbsent(shard, s -> new CopyOnWriteArrayList<>());
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(holder)) {
                seen.add(holder);
            }
        }

        /** Stops sampling; fails when a sample could not be taken (a gap in what the test saw). */
        void stop() throws InterruptedException {
            timer.shutdown();
            assertTrue(timer.awaitTermination(10, TimeUnit.SECONDS), "sampler stopped");
            if (failure.get() != null) {
                throw new AssertionError("the Lease holders could not be sampled", failure.get());
            }
        }

        Map<Integer, List<String>> transitions() {
            return new TreeMap<>(turns);
        }
    }

    /**
     * Repeats are only events in flight on the killed replica: each processed twice, first by the victim, then by the
     * replica its shard moved to; at most one per shard the victim held (each shard's route handles one event at a
     * time).
     */
    private static void assertRepeatsOnlyInFlightOnTheVictim(Map<String, List<String>> duplicates, String victim,
            Map<Integer, String> four, Map<Integer, String> afterKill) {
        Map<Integer, Integer> perShard = new HashMap<>();
        duplicates.forEach((item, replicas) -> {
            int shard = shardOf(item);
            assertEquals(List.of(victim, afterKill.get(shard)), replicas, item + " of shard " + shard + " repeated");
            assertEquals(victim, four.get(shard), item + " repeated, but its shard was not the victim's");
            assertTrue(perShard.merge(shard, 1, Integer::sum) <= 1, "more than one event of shard " + shard
                                                                    + " repeated: " + duplicates);
        });
    }

    /**
     * The shared state at the end: every execution ended (its key removed, or terminal at its last seq), shard 0's
     * discovery lists nothing live, and no hand-over list names an execution.
     */
    private static void assertFinalPositions(HaCluster cluster) throws Exception {
        Map<String, String> positions = cluster.positions();
        long lastSeq = 2L * (EVENTS_PER_EXECUTION - 1) + 1;
        for (int i = 1; i <= EXECUTIONS; i++) {
            String position = positions.get("velt.events.execution." + HaStream.executionId(i));
            assertTrue(position == null || position.equals("{\"seq\":" + lastSeq + ",\"terminal\":true}"),
                    positions.toString());
        }
        String discovery = positions.get("velt.events.discovery." + HaStream.DEFINITION_ID);
        assertNotNull(discovery, positions.toString());
        assertTrue(discovery.contains("\"live\":[]"), discovery);
        for (int shard = 1; shard < SHARDS; shard++) {
            String handOver = positions.get("velt.events.shard." + HaStream.DEFINITION_ID + "." + shard);
            assertTrue(handOver == null || handOver.contains("\"live\":[]"), "shard " + shard + ": " + handOver);
        }
    }

    private static void assertInboxesEmpty(HaCluster cluster) throws Exception {
        Map<String, String> positions = cluster.positions();
        for (int shard = 0; shard < SHARDS; shard++) {
            String inbox = positions.get("velt.events.push." + HaStream.DEFINITION_ID + "." + shard);
            assertTrue(inbox == null || inbox.contains("\"events\":[]"), "push inbox of shard " + shard + ": " + inbox);
        }
    }

    private static long count(Map<Integer, String> owners, String replica) {
        return owners.values().stream().filter(replica::equals).count();
    }

    /** The shard of {@code event:<executionId>:<seq>}. */
    private static int shardOf(String item) {
        return ExecutionShards.of(item.split(":")[1], SHARDS);
    }
}
