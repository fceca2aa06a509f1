package dev.velt.camel.ha;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.velt.camel.ha.HaCluster.LeaseTimes;
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
 * Camel's {@code KubernetesClusterService} holding a {@code coordination.k8s.io} Lease on a Kubernetes API server
 * (fabric8's mock, CRUD mode), positions in PostgreSQL; lease 6 s, renew deadline 5 s, retry period 1 s. The Lease's
 * holder is the one replica polling Velt. The leader is SIGKILLed mid-stream; while its Pod still reads Ready, nobody
 * takes over (Camel's cluster service counts a leader valid while its pod is a Running and Ready member, whatever the
 * Lease's renew time says). Once the Pod is marked not Ready, as the kubelet does when the container has died, another
 * replica takes the Lease, waits one lease duration and starts the consumers from the shared positions. In the end
 * every event and run is processed, events in seq order per execution, repeats only for what was in flight at the
 * kill, never two replicas polling at once, and every request the replicas made to the API server is one the Role of
 * docs/high-availability.md allows.
 */
class VeltKubernetesFailoverTest {

    private static final Logger LOG = LoggerFactory.getLogger(VeltKubernetesFailoverTest.class);
    private static final LeaseTimes TIMES = LeaseTimes.TESTS;
    /**
     * How long the killed leader's Pod still reads Ready: a lease duration past its last renewal, and a retry period
     * (with jitter) more for the others to look.
     */
    private static final long DEAD_BUT_READY_MS = TIMES.leaseDurationMs() + TIMES.longestRetryMs() + 300;

    @Test
    void killedLeaderIsReplacedOnceItsPodIsNotReadyAndNothingIsLost() throws Exception {
        HaStream stream = new HaStream(3, 16, 1200, 250, 6, 1000);
        KubernetesApi kubernetes = new KubernetesApi();
        try (HaCluster cluster = new HaCluster("k8s-failover", stream, kubernetes, TIMES, HaCluster.KUBERNETES_ROUTES,
                Map.of())) {
            Replica a = cluster.launch("a");
            Replica b = cluster.launch("b");
            Replica c = cluster.launch("c");
            cluster.awaitStarted(a, b, c);
            // the first look at the pods builds the Kubernetes model's JSON readers: seconds, on busy cores
            await("a first leader polls").atMost(Duration.ofSeconds(60)).until(() -> cluster.currentPoller() != null);
            String first = cluster.currentPoller();
            assertEquals(Map.of("velt-ha-velt", first), kubernetes.leaseHolders(), "the Lease names the replica polling");
            stream.begin();
            int total = stream.expectedItems().size();

            await(total * 3 / 10 + " items processed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> cluster.processedCount() >= total * 3 / 10);
            long killedAt = cluster.kill(cluster.replica(first));
            // the Pod of the dead leader still reads Running and Ready (a kubelet that has not noticed yet, a lost node):
            // the Lease stays with it, its renew time expiring, and nobody polls
            await("no takeover while the dead leader's Pod is Ready").during(Duration.ofMillis(DEAD_BUT_READY_MS))
                    .atMost(Duration.ofMillis(DEAD_BUT_READY_MS + 5000)).pollInterval(Duration.ofMillis(100))
                    .until(() -> first.equals(cluster.currentPoller())
                            && first.equals(kubernetes.leaseHolders().get("velt-ha-velt")));
            long notReadyAt = System.currentTimeMillis();
            kubernetes.podNotReady(first);
            await("a new leader polls after " + first + "'s Pod was marked not Ready").atMost(Duration.ofSeconds(30))
                    .until(() -> !first.equals(cluster.currentPoller()));
            String second = cluster.currentPoller();
            assertEquals(Map.of("velt-ha-velt", second), kubernetes.leaseHolders(), "the Lease names the new leader");

            await("all " + total + " items processed").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.processedCount() == total);
            await("positions final").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> HaAssertions.assertFinalPositions(cluster, 3, 31));

            List<Term> terms = HaAssertions.assertOnePollerAtATime(cluster);
            assertEquals(List.of(first, second), terms.stream().map(Term::replica).toList(), "one kill, two terms");
            long takeover = terms.get(1).first() - notReadyAt;
            Map<String, List<String>> duplicates = HaAssertions.assertAllProcessed(cluster);
            HaAssertions.assertEventsInSeqOrder(cluster);
            List<KubernetesApi.Request> requests = kubernetes.replicaRequests();
            Set<String> used = HaAssertions.assertAllowedByDocumentedRole(requests);

            LOG.info(String.format("[ha] kubernetes failover: terms %s%n[ha] kubernetes failover: SIGKILL -> Pod not Ready: "
                                   + "%d ms; Pod not Ready -> first poll of the new leader: %d ms; items %d; processed "
                                   + "twice: %d %s; requests to the API server: %d %s; logs in %s%n",
                    terms, notReadyAt - killedAt, takeover, total, duplicates.size(), duplicates, requests.size(), used,
                    cluster.logDir()));
            // the new leader waits a whole lease duration after taking the Lease before it starts the consumers
            assertTrue(takeover >= TIMES.leaseDurationMs(), "took over in " + takeover + " ms");
            // a retry period (with jitter) to see the pod gone, the lease duration, camel-master's 1 s, the consumer's
            // initialDelay of 1 s, and room for two loaded cores
            assertTrue(takeover < TIMES.longestRetryMs() + TIMES.leaseDurationMs() + 2000 + 10_000,
                    "took over in " + takeover + " ms");
            HaAssertions.assertRepeatsOnlyInFlightAtHandovers(duplicates, terms);
        }
    }
}
