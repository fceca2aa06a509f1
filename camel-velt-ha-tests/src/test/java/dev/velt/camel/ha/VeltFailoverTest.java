package dev.velt.camel.ha;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.velt.camel.ha.HaCluster.Replica;
import dev.velt.camel.ha.HaCluster.Term;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three replicas (separate JVMs) run {@code velt:events} and {@code velt:agentExecutions} under {@code master:} with
 * the
 * file-lock cluster service and positions in PostgreSQL. The leader is SIGKILLed mid-stream, twice: each time another
 * replica takes over within the lock's timeout and resumes from the shared positions; in the end every event and run
 * is processed, repeats only for what was in flight at a kill, and never two replicas polling at once.
 */
class VeltFailoverTest {

    private static final Logger LOG = LoggerFactory.getLogger(VeltFailoverTest.class);

    @Test
    void killedLeaderIsReplacedAndNothingIsLost() throws Exception {
        HaStream stream = new HaStream(4, 24, 1500, 250, 10, 1000);
        try (HaCluster cluster = new HaCluster("failover", stream)) {
            Replica a = cluster.launch("a");
            Replica b = cluster.launch("b");
            Replica c = cluster.launch("c");
            cluster.awaitStarted(a, b, c);
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

            LOG.info(String.format("[ha] failover: terms %s%n[ha] failover: SIGKILL -> first poll of the new leader: %s ms; "
                                   + "items %d; processed twice: %d %s; logs in %s%n",
                    terms, failovers, total, duplicates.size(), duplicates, cluster.logDir()));
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
