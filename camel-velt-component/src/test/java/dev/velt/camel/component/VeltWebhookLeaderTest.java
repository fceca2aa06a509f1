package dev.velt.camel.component;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.velt.camel.component.push.VeltWebhookReceiver;
import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.WebhookCalls;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.velt.camel.component.VeltWebhookConsumerTest.receiverOf;
import static dev.velt.camel.component.support.WebhookCalls.eventBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several replicas under {@code master:}: only the leader's receiver is active; a push reaching another replica is
 * answered 503, so Velt retries and the load balancer's next attempt can reach the leader. (Needs camel-master, so it
 * runs on the 4.18 line only.)
 */
class VeltWebhookLeaderTest extends ConsumerTestSupport {

    private static final String SECRET = VeltWebhookReceiverTest.SECRET;
    private static final String PATH = VeltWebhookReceiverTest.PATH;
    private static final String EVENTS = "velt:events?executionId=exec-1&webhookPath=" + PATH + "&webhookSecret=" + SECRET
                                         + "&" + fast();

    @TempDir
    Path clusterRoot;

    @Test
    void underMasterOnlyTheLeaderIsActiveAndTheOtherReplicaAnswers503() throws Exception {
        velt.addEvent("exec-1", 1, "execution.dispatched");
        String uri = "master:velt-push:" + EVENTS;
        List<CamelContext> replicas = new ArrayList<>();
        List<WebhookCalls> calls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String member = "replica-" + i;
            calls.add(startRouteWithCluster(uri, member, replicas));
        }
        VeltWebhookReceiver first = receiverOf(replicas.get(0), EVENTS);
        VeltWebhookReceiver second = receiverOf(replicas.get(1), EVENTS);

        await().atMost(Duration.ofSeconds(30)).until(() -> first.isActive() || second.isActive());
        int leader = first.isActive() ? 0 : 1;
        int follower = 1 - leader;
        HttpResponse<String> atFollower = calls.get(follower).postSigned(PATH, eventBody("exec-1", 2, "step.completed"),
                SECRET);

        assertThat(receiverOf(replicas.get(follower), EVENTS).isActive()).isFalse();
        assertThat(atFollower.statusCode()).isEqualTo(503);
        assertThat(atFollower.body()).isEqualTo("Velt events consumer not active; retry later");

        // the leader goes away: the other replica takes over and its receiver becomes active
        stop(replicas.get(leader));
        VeltWebhookReceiver survivor = receiverOf(replicas.get(follower), EVENTS);
        await().atMost(Duration.ofSeconds(30)).until(survivor::isActive);
        assertThat(calls.get(follower).postSigned(PATH, eventBody("exec-1", 2, "step.completed"), SECRET).statusCode())
                .isNotEqualTo(503);
    }

    private WebhookCalls startRouteWithCluster(String uri, String member, List<CamelContext> replicas) throws Exception {
        WebhookCalls[] calls = new WebhookCalls[1];
        replicas.add(startRoute(uri, exchange -> {
        }, context -> {
            try {
                FileLockClusterService cluster = new FileLockClusterService();
                cluster.setId(member);
                cluster.setRoot(clusterRoot.toString());
                cluster.setAcquireLockDelay(10, TimeUnit.MILLISECONDS);
                cluster.setAcquireLockInterval(200, TimeUnit.MILLISECONDS);
                context.addService(cluster);
                calls[0] = WebhookCalls.serverFor(context);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        return calls[0];
    }

}
