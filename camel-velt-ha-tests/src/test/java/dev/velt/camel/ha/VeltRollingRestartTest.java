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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rolling restart of three replicas (separate JVMs, {@code master:} with the file-lock cluster service, positions in
 * PostgreSQL) while the stream grows: each replica in turn is stopped gracefully (SIGTERM) and started again. Whenever
 * the leader goes another replica takes over from the shared positions; every item is processed, repeats only for what
 * was in flight when the leader stopped, and never two replicas poll at once.
 */
class VeltRollingRestartTest {

    private static final Logger LOG = LoggerFactory.getLogger(VeltRollingRestartTest.class);

    @Test
    void everyReplicaRestartedInTurnWhileTheStreamGrows() throws Exception {
        HaStream stream = new HaStream(4, 30, 2000, 300, 12, 1200);
        try (HaCluster cluster = new HaCluster("rolling", stream)) {
            Replica a = cluster.launch("a");
            Replica b = cluster.launch("b");
            Replica c = cluster.launch("c");
            cluster.awaitStarted(a, b, c);
            await("a first leader polls").atMost(Duration.ofSeconds(30)).until(() -> cluster.currentPoller() != null);
            stream.begin();
            int total = stream.expectedItems().size();
            await("processing under way").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> cluster.processedCount() >= 10);

            // the leader first (the usual case: it was started first), then the others
            for (Replica old : List.of(cluster.replica(cluster.currentPoller()), a, b, c)) {
                if (!old.process().isAlive()) {
                    continue; // already restarted (the leader was one of a, b, c)
                }
                cluster.stopGracefully(old);
                Replica fresh = cluster.launch(old.id().split("-")[1]);
                cluster.awaitStarted(fresh);
            }

            await("all " + total + " items processed").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.processedCount() == total);
            await("positions final").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> HaAssertions.assertFinalPositions(cluster, 4, 59));

            List<Term> terms = HaAssertions.assertOnePollerAtATime(cluster);
            assertTrue(terms.size() >= 2, "the leader was restarted, so leadership moved: " + terms);
            List<Long> handovers = HaAssertions.handoverTimes(cluster, terms);
            Map<String, List<String>> duplicates = HaAssertions.assertAllProcessed(cluster);
            HaAssertions.assertEventsInSeqOrder(cluster);

            LOG.info(String.format("[ha] rolling restart: terms %s%n[ha] rolling restart: SIGTERM -> first poll of the new "
                                   + "leader: %s ms; items %d; processed twice: %d %s; logs in %s%n",
                    terms, handovers, total, duplicates.size(), duplicates, cluster.logDir()));
            // a graceful stop under master: does not wait for the exchange in flight (camel-master stops the
            // delegated consumer at once; the exchange then fails with RejectedExecutionException and is not committed),
            // so, as with a kill, the item in flight may be processed again by the next leader
            HaAssertions.assertRepeatsOnlyInFlightAtHandovers(duplicates, terms);
        }
    }
}
