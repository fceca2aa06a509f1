package dev.velt.camel.examples.springboot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.velt.camel.examples.springboot.ExecutionEventLog.Entry;
import dev.velt.camel.test.ScriptedExecution;
import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltSimulator;
import dev.velt.camel.test.WebhookAttempt;
import dev.velt.camel.test.Webhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application as it is, on Spring Boot's web server at a random port, fed by pushes: the simulator pushes each
 * event of an execution as a signed webhook to the application's {@code webhookPath}, with one push duplicated and one
 * held back behind the next, and the route sees every event once, in seq order. Polling is all but off (a poll an
 * hour), so what arrives came by push (or was read because a push was ahead). A push without a valid signature is
 * refused with 401.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camel.component.velt.api-key=" + VeltSpringBootPushTest.API_KEY,
        "camel.component.velt.auth-token=" + VeltSpringBootPushTest.AUTH_TOKEN,
        "camel.component.velt.webhook-secret=" + VeltSpringBootPushTest.SECRET,
        "velt.example.definition-id=" + VeltSpringBootPushTest.DEFINITION,
        "velt.example.poll-delay=3600000",
        "camel.main.run-controller=false"
})
class VeltSpringBootPushTest {

    static final String API_KEY = "ak_spring_boot_push";
    static final String AUTH_TOKEN = "tok_spring_boot_push";
    static final String SECRET = "spring_boot_webhook_secret_01";
    static final String DEFINITION = "press-release-approval";

    /** Its clock starts in the test: the execution starts after the application, as a new one would. */
    private static final VeltSimulator VELT = VeltSimulator.create(SimulatorOptions.defaults().tickMillis(0)
            .workflowExecutions(0).agentRuns(0).apiKey(API_KEY).authToken(AUTH_TOKEN));

    @DynamicPropertySource
    static void veltBaseUrl(DynamicPropertyRegistry registry) {
        registry.add("camel.component.velt.base-url", VELT::baseUrl);
    }

    @AfterAll
    static void stopVelt() {
        VELT.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    ExecutionEventLog eventLog;

    @Test
    void signedPushesReachTheRouteOnceInSeqOrderAndUnsignedOnesAreRefused() throws Exception {
        String url = "http://localhost:" + port + "/velt/events";
        VELT.startClock();
        ScriptedExecution execution = VELT.addExecution("exec_sb_push", DEFINITION);
        VELT.pushTo(execution.executionId(), url, SECRET);
        VELT.webhooks().duplicateNext(2).reorderNext(1);

        execution.event(1, "execution.dispatched").event(2, "step.awaiting-approval").event(3, "step.completed")
                .event(4, "execution.completed");

        await().atMost(Duration.ofSeconds(30)).until(() -> eventLog.entries().size() >= 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> VELT.webhooks().attempts().size() >= 6);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> eventLog.entries().size() == 4);
        List<Entry> entries = eventLog.entries();
        assertThat(entries).extracting(e -> e.seq() + " " + e.type()).containsExactly("1 execution.dispatched",
                "2 step.awaiting-approval", "3 step.completed", "4 execution.completed");
        assertThat(entries).allMatch(e -> e.executionId().equals("exec_sb_push") && e.definitionId().equals(DEFINITION));
        assertThat(entries).extracting(Entry::deliveredBy).contains("push").isSubsetOf("push", "poll");
        assertThat(VELT.webhooks().attempts()).allMatch(WebhookAttempt::delivered);

        byte[] body = ("{\"event\":\"step.completed\",\"executionId\":\"exec_sb_push\",\"definitionId\":\"" + DEFINITION
                       + "\",\"seq\":5,\"timestamp\":\"2026-12-01T10:00:00Z\",\"data\":null}")
                .getBytes(StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("x-velt-signature", Webhooks.signature("not_the_secret_0123456789", body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo("Invalid webhook signature");
        assertThat(eventLog.entries()).hasSize(4);
    }
}
