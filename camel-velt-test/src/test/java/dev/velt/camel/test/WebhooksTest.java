package dev.velt.camel.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Signed webhook pushes to a receiver on WireMock, with Velt's retries and the faults asked for. */
class WebhooksTest {

    private static final String SECRET = "a-secret-of-24-characters";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private VeltSimulator simulator;

    @BeforeEach
    void start() {
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/hooks/velt")).willReturn(aResponse().withStatus(200)));
        simulator = VeltSimulator.start(SimulatorOptions.defaults().tickMillis(0).workflowExecutions(0).agentRuns(0)
                .webhook(receiver.baseUrl() + "/hooks/velt", SECRET).webhookTimeScale(0.001));
    }

    @AfterEach
    void stop() {
        simulator.stop();
        receiver.stop();
    }

    private List<LoggedRequest> pushes() {
        return receiver.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/hooks/velt")));
    }

    private static long seq(LoggedRequest push) throws Exception {
        return JSON.readTree(push.getBody()).get("seq").asLong();
    }

    @Test
    void everyExternalEventIsPushedSignedOverItsRawBytes() throws Exception {
        simulator.addExecution("exec_w", "def_w").event(1, "execution.dispatched").internal(2)
                .event(3, "step.completed").event(5, "execution.completed");

        await().atMost(Duration.ofSeconds(10)).until(() -> pushes().size() == 3);
        LoggedRequest first = pushes().get(0);
        JsonNode body = JSON.readTree(first.getBody());

        assertThat(pushes()).extracting(WebhooksTest::seq).containsExactly(1L, 3L, 5L);
        assertThat(first.getHeader("x-velt-signature")).isEqualTo(Webhooks.signature(SECRET, first.getBody()))
                .startsWith("sha256=");
        assertThat(first.getHeader("x-velt-event-id")).isEqualTo("evt_exec_w_1");
        assertThat(first.getHeader("x-velt-attempt")).isEqualTo("0");
        assertThat(body.get("event").asText()).isEqualTo("execution.dispatched");
        assertThat(body.get("executionId").asText()).isEqualTo("exec_w");
        assertThat(body.get("definitionId").asText()).isEqualTo("def_w");
        assertThat(body.get("stepId").isNull()).isTrue();
        assertThat(Instant.parse(body.get("timestamp").asText()).toEpochMilli()).isEqualTo(simulator.timeOf(0));
    }

    @Test
    void aFailedPushIsRetriedWithTheSameEventIdAndTheNextAttempt() throws Exception {
        receiver.stubFor(post(urlEqualTo("/hooks/velt")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        receiver.stubFor(post(urlEqualTo("/hooks/velt")).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));

        simulator.addExecution("exec_r", "def_w").event(1, "execution.dispatched");

        await().atMost(Duration.ofSeconds(10)).until(() -> pushes().size() == 2);
        assertThat(pushes()).extracting(p -> p.getHeader("x-velt-attempt")).containsExactly("0", "1");
        assertThat(pushes()).extracting(p -> p.getHeader("x-velt-event-id")).containsOnly("evt_exec_r_1");
        // the receiver logs the request before the simulator records the answer: wait for the record
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.webhooks().attempts().size() == 2);
        assertThat(simulator.webhooks().attempts()).extracting(WebhookAttempt::status).containsExactly(503, 200);
    }

    @Test
    void aPushThatNeverSucceedsEndsInTheDeadLetters() {
        receiver.stubFor(post(urlEqualTo("/hooks/velt")).willReturn(aResponse().withStatus(500)));

        simulator.addExecution("exec_d", "def_w").event(1, "execution.dispatched");

        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.webhooks().deadLetters().size() == 1);
        assertThat(simulator.webhooks().attempts()).hasSize(6);
    }

    @Test
    void pushesAreDroppedDuplicatedAndReorderedOnDemand() throws Exception {
        simulator.webhooks().dropNext(1);
        ScriptedExecution execution = simulator.addExecution("exec_f", "def_w").event(1, "execution.dispatched");
        simulator.webhooks().duplicateNext(1);
        execution.event(2, "step.completed");
        simulator.webhooks().reorderNext(1);
        execution.event(3, "step.completed").event(4, "execution.completed");

        await().atMost(Duration.ofSeconds(10)).until(() -> pushes().size() == 4);
        assertThat(pushes()).extracting(WebhooksTest::seq).containsExactly(2L, 2L, 4L, 3L);
        assertThat(simulator.webhooks().dropped()).extracting(SimEvent::seq).containsExactly(1L);
    }

    @Test
    void aReorderedLastPushStillGoesOut() throws Exception {
        simulator.webhooks().reorderNext(1);
        simulator.addExecution("exec_l", "def_w").event(1, "execution.dispatched");

        await().atMost(Duration.ofSeconds(10)).until(() -> pushes().size() == 1);
        assertThat(seq(pushes().get(0))).isEqualTo(1);
    }

    @Test
    void duringAnOutageNothingIsPushedAndGetEventsStillHasIt() throws Exception {
        simulator.webhooks().outage(true);
        ScriptedExecution execution = simulator.addExecution("exec_o", "def_w").event(1, "execution.dispatched");
        simulator.webhooks().outage(false);
        execution.event(2, "execution.completed");

        await().atMost(Duration.ofSeconds(10)).until(() -> pushes().size() == 1);
        assertThat(seq(pushes().get(0))).isEqualTo(2);
        assertThat(new ApiClient(simulator).post("workflow/executions/getEvents", "{\"executionId\":\"exec_o\"}")
                .result().get("events")).hasSize(2);
    }

    @Test
    void aDispatchNamesItsOwnWebhook() throws Exception {
        receiver.stubFor(post(urlEqualTo("/own")).willReturn(aResponse().withStatus(204)));

        new ApiClient(simulator).post("workflow/executions/dispatch", "{\"definitionId\":\"copy\",\"webhookUrl\":\""
                                                                      + receiver.baseUrl() + "/own\",\"webhookSecret\":\""
                                                                      + SECRET + "\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/own"))).size() == 3);
        assertThat(pushes()).isEmpty();
    }

    @Test
    void aSignatureOfATextBodyIsTheOneOpensslComputesOverItsUtf8Bytes() {
        String body = "{\"event\":\"execution.completed\",\"seq\":5}";

        // printf '%s' "$body" | openssl dgst -sha256 -hmac whsec_test
        assertThat(Webhooks.signature("whsec_test", body))
                .isEqualTo("sha256=b47ceca90a40cca9c821051c87b1557e2400bd6b95e97047624e13dfc0cca695")
                .isEqualTo(Webhooks.signature("whsec_test", body.getBytes(StandardCharsets.UTF_8)));
    }
}
