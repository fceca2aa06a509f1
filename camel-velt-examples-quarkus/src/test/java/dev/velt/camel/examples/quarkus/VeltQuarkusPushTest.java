package dev.velt.camel.examples.quarkus;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import dev.velt.camel.examples.quarkus.ExecutionEventLog.Entry;
import dev.velt.camel.examples.quarkus.VeltSimulatorResource.InjectVeltSimulator;
import dev.velt.camel.test.ScriptedExecution;
import dev.velt.camel.test.VeltSimulator;
import dev.velt.camel.test.WebhookAttempt;
import dev.velt.camel.test.Webhooks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import static dev.velt.camel.examples.quarkus.VeltPushSimulatorResource.DEFINITION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application as it is, with Camel's HTTP server for its webhookPath, fed by pushes: the simulator pushes each
 * event of an execution as
 * a signed webhook to the application's {@code webhookPath}, with one push duplicated and one held back behind the
 * next, and the route sees every event once, in seq order. A push without a valid signature is refused with 401.
 */
@QuarkusTest
@WithTestResource(VeltPushSimulatorResource.class)
class VeltQuarkusPushTest {

    @InjectVeltSimulator
    VeltSimulator velt;

    @Inject
    ExecutionEventLog eventLog;

    @ConfigProperty(name = "camel.server.port")
    int webhookPort;

    @ConfigProperty(name = "camel.component.velt.webhook-secret")
    String secret;

    @Test
    void signedPushesReachTheRouteOnceInSeqOrderAndUnsignedOnesAreRefused() throws Exception {
        velt.startClock();
        ScriptedExecution execution = velt.addExecution("exec_quarkus_push", DEFINITION);
        String webhookUrl = "http://localhost:" + webhookPort + "/velt/events";
        velt.pushTo(execution.executionId(), webhookUrl, secret);
        velt.webhooks().duplicateNext(2).reorderNext(1);

        execution.event(1, "execution.dispatched").event(2, "step.awaiting-approval").event(3, "step.completed")
                .event(4, "execution.completed");

        await().atMost(Duration.ofSeconds(30)).until(() -> eventLog.entries().size() >= 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> velt.webhooks().attempts().size() >= 6);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> eventLog.entries().size() == 4);
        List<Entry> entries = eventLog.entries();
        assertThat(entries).extracting(e -> e.seq() + " " + e.type()).containsExactly("1 execution.dispatched",
                "2 step.awaiting-approval", "3 step.completed", "4 execution.completed");
        assertThat(entries).allMatch(e -> e.executionId().equals("exec_quarkus_push"));
        assertThat(entries).extracting(Entry::deliveredBy).contains("push").isSubsetOf("push", "poll");
        assertThat(velt.webhooks().attempts()).allMatch(WebhookAttempt::delivered);

        byte[] body = ("{\"event\":\"step.completed\",\"executionId\":\"exec_quarkus_push\",\"definitionId\":\""
                       + DEFINITION + "\",\"seq\":5,\"timestamp\":\"2026-12-01T10:00:00Z\",\"data\":null}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> wrong = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(webhookUrl))
                .header("Content-Type", "application/json")
                .header("x-velt-signature", Webhooks.signature("not_the_secret_0123456789", body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo("Invalid webhook signature");
        assertThat(eventLog.entries()).hasSize(4);
    }
}
