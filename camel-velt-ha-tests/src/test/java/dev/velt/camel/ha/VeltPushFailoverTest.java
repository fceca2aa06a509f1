package dev.velt.camel.ha;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.velt.camel.ha.HaCluster.Replica;
import dev.velt.camel.ha.HaCluster.Term;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link VeltFailoverTest} with pushes: the Velt simulator also pushes every event as a signed webhook, through a load
 * balancer that hands each push to the next replica in turn ({@link PushLoadBalancer}), to the {@code webhookPath} of
 * the replicas' HTTP servers. Followers answer 503 and Velt retries; the leader delivers and answers 2xx; the leader is
 * SIGKILLed mid-stream, twice, with pushes in flight. In the end every event and run is processed, events in seq order,
 * repeats only for what was in flight at a kill, and never two replicas calling Velt at once.
 */
class VeltPushFailoverTest {

    static final String SECRET = "ha_push_secret_0123456789";

    @Test
    void killedLeaderIsReplacedAndNothingPushedIsLost() throws Exception {
        Map<String, Integer> ports = new java.util.concurrent.ConcurrentHashMap<>();
        try (PushLoadBalancer balancer = new PushLoadBalancer(ports);
                HaCluster cluster = new HaCluster("push-failover",
                        new HaStream(4, 24, 1500, 250, 10, 1000, balancer.url(), SECRET))) {
            HaStream stream = cluster.stream();
            cluster.receivePushes(SECRET);
            Replica a = cluster.launch("a");
            Replica b = cluster.launch("b");
            Replica c = cluster.launch("c");
            cluster.awaitStarted(a, b, c);
            ports.putAll(cluster.webhookPorts());
            // the first leader's consumers have started (their first start is on record) before anything exists
            await("a first leader polls").atMost(Duration.ofSeconds(30)).until(() -> cluster.currentPoller() != null);
            stream.begin();
            int total = stream.expectedItems().size();

            String first = killLeaderAfter(cluster, total * 3 / 10);
            String second = killLeaderAfter(cluster, total * 65 / 100);

            await("all " + total + " items processed").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.processedCount() == total);
            // the last leader goes on polling; let it reach the end of every stream (all positions terminal)
            await("positions final").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> HaAssertions.assertFinalPositions(cluster, 4, 47));

            List<Term> terms = HaAssertions.assertOnePollerAtATime(cluster);
            assertEquals(3, terms.size(), "two kills, three terms: " + terms);
            assertEquals(first, terms.get(0).replica());
            assertEquals(second, terms.get(1).replica());
            List<Long> failovers = HaAssertions.handoverTimes(cluster, terms);
            Map<String, List<String>> duplicates = HaAssertions.assertAllProcessed(cluster);
            HaAssertions.assertEventsInSeqOrder(cluster);

            List<dev.velt.camel.test.WebhookAttempt> attempts = stream.simulator().webhooks().attempts();
            assertTrue(attempts.stream().anyMatch(dev.velt.camel.test.WebhookAttempt::delivered), "pushes delivered");
            assertTrue(attempts.stream().anyMatch(attempt -> attempt.status() == 503), "pushes answered 503 by followers");
            for (long failover : failovers) {
                // stale after 3 x 500 ms heartbeats, next lock attempt within 500 ms, master's 1 s start delay
                assertTrue(failover < 15_000, "failover took " + failover + " ms");
            }
            // only what was in flight at a kill: at most one exchange per consumer (events, runs) per kill
            HaAssertions.assertRepeatsOnlyInFlightAtHandovers(duplicates, terms);
        }
    }

    /** Waits until {@code items} are processed, SIGKILLs the replica polling now, waits for the next to poll. */
    private static String killLeaderAfter(HaCluster cluster, int items) throws Exception {
        await(items + " items processed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> cluster.processedCount() >= items);
        String leader = cluster.currentPoller();
        cluster.kill(cluster.replica(leader));
        await("a new leader polls after " + leader + " was killed").atMost(Duration.ofSeconds(30))
                .until(() -> !leader.equals(cluster.currentPoller()));
        return leader;
    }
}
