package dev.velt.camel.component;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.velt.camel.test.ScriptedExecution;
import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltSimulator;
import dev.velt.camel.test.VeltSimulatorExtension;
import dev.velt.camel.test.WebhookAttempt;
import dev.velt.camel.test.Webhooks;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pushes and polls as one stream, against the Velt simulator over real HTTP: the route sees each event once, in seq
 * order, whether it came by push (signed webhook POSTs to {@code webhookPath}) or was read with {@code getEvents}, and
 * Velt gets its 2xx only once the event and every one before it were delivered and committed.
 */
class VeltPushTest {

    static final String SECRET = "push_secret_0123456789";
    static final String PATH = "/velt/push";
    static final String DEFINITION = "def-push";
    static final String GET_EVENTS = "workflow/executions/getEvents";
    /** Polls that never come back on their own: whatever the route gets after the first poll came by push. */
    static final String NO_POLLING = "initialDelay=0&delay=3600000";

    @RegisterExtension
    final VeltSimulatorExtension velt = new VeltSimulatorExtension(SimulatorOptions.defaults().tickMillis(0)
            .workflowExecutions(0).agentRuns(0).webhookTimeScale(0.01));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private CamelContext context;
    private int port;
    private boolean asyncRoute;

    @AfterEach
    void stopContext() {
        if (context != null) {
            context.stop();
        }
    }

    private VeltSimulator sim() {
        return velt.simulator();
    }

    /** Starts a route from {@code velt:events?<options>&webhookPath=...} recording {@code exec#seq@push|poll}. */
    private void start(String options) throws Exception {
        start(options, exchange -> {
        });
    }

    private void start(String options, org.apache.camel.Processor before) throws Exception {
        context = new DefaultCamelContext();
        port = AvailablePortFinder.getNextAvailable();
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(server));
        VeltComponent component = new VeltComponent();
        component.getConfiguration().setBaseUrl(sim().baseUrl());
        component.getConfiguration().setApiKey(sim().apiKey());
        component.getConfiguration().setAuthToken(sim().authToken());
        component.getConfiguration().setRetryDelay(1);
        component.getConfiguration().setRetryMaxDelay(20);
        context.addComponent("velt", component);
        String uri = "velt:events?" + options + "&webhookPath=" + PATH + "&webhookSecret=" + SECRET;
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                if (asyncRoute) {
                    // the delayer hands the exchange to another thread: it completes there
                    from(uri).routeId("push").process(before).delay(20).asyncDelayed()
                            .process(exchange -> received.add(key(exchange)));
                } else {
                    from(uri).routeId("push").process(before).process(exchange -> received.add(key(exchange)));
                }
            }
        });
        context.start();
        VeltWebhookReceiver receiver = context.getEndpoint(uri, VeltEndpoint.class).getWebhookReceiver();
        await().atMost(Duration.ofSeconds(20)).until(receiver::isActive);
    }

    private static String key(Exchange exchange) {
        return exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
               + exchange.getMessage().getHeader(VeltConstants.EVENT_SEQ) + "@"
               + exchange.getMessage().getHeader(VeltConstants.DELIVERED_BY);
    }

    private String url() {
        return "http://localhost:" + port + PATH;
    }

    /** A webhook body as Velt sends it. */
    static String body(String executionId, long seq, String type) {
        return """
                {"event":"%s","executionId":"%s","definitionId":"%s","stepId":null,"status":"running","seq":%d,\
                "timestamp":"2026-11-30T10:15:30.250Z","correlationId":"corr-1","data":{"n":%d}}"""
                .formatted(type, executionId, DEFINITION, seq, seq);
    }

    private HttpResponse<String> post(byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("x-velt-event-id", "evt-test")
                .header("x-velt-attempt", "0");
        if (signature != null) {
            request.header("x-velt-signature", signature);
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int push(String executionId, long seq, String type) throws Exception {
        byte[] bytes = body(executionId, seq, type).getBytes(StandardCharsets.UTF_8);
        return post(bytes, Webhooks.signature(SECRET, bytes)).statusCode();
    }

    private void awaitFirstPoll() {
        await().atMost(Duration.ofSeconds(20)).until(() -> sim().requests().count(GET_EVENTS) >= 1);
    }

    @Test
    void aValidPushIsDeliveredFromThePushWithoutReadingVelt() throws Exception {
        sim().addExecution("exec-1", DEFINITION);
        start("executionId=exec-1&" + NO_POLLING);
        awaitFirstPoll();
        int reads = sim().requests().count(GET_EVENTS);

        // getEvents does not show seq 1 yet: the push alone delivers it
        assertThat(push("exec-1", 1, "execution.dispatched")).isEqualTo(200);

        assertThat(received).containsExactly("exec-1#1@push");
        assertThat(sim().requests().count(GET_EVENTS)).isEqualTo(reads);
    }

    @Test
    void unsignedWronglySignedMalformedAndOversizedPushesAreRefusedAndDeliverNothing() throws Exception {
        sim().addExecution("exec-1", DEFINITION);
        start("executionId=exec-1&" + NO_POLLING);
        awaitFirstPoll();
        byte[] event = body("exec-1", 1, "execution.dispatched").getBytes(StandardCharsets.UTF_8);
        byte[] notAnEvent = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
        byte[] oversize = ("{\"pad\":\"" + " ".repeat(VeltWebhookReceiver.MAX_BODY_BYTES) + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> unsigned = post(event, null);
        HttpResponse<String> wrong = post(event, Webhooks.signature("another_secret_0123456789", event));
        HttpResponse<String> malformed = post(notAnEvent, Webhooks.signature(SECRET, notAnEvent));
        HttpResponse<String> tooLarge = post(oversize, Webhooks.signature(SECRET, oversize));

        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).isEqualTo("Invalid webhook signature");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).isEqualTo("Not a Velt workflow event");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(received::isEmpty);
    }

    @Test
    void aDuplicatePushIsDeliveredOnce() throws Exception {
        sim().addExecution("exec-1", DEFINITION);
        start("executionId=exec-1&" + NO_POLLING);
        awaitFirstPoll();

        assertThat(push("exec-1", 1, "execution.dispatched")).isEqualTo(200);
        assertThat(push("exec-1", 1, "execution.dispatched")).isEqualTo(200);
        assertThat(push("exec-1", 2, "step.awaiting-approval")).isEqualTo(200);
        assertThat(push("exec-1", 1, "execution.dispatched")).isEqualTo(200);

        assertThat(received).containsExactly("exec-1#1@push", "exec-1#2@push");
    }

    @Test
    void pushesThreeOneTwoAreDeliveredOneTwoThree() throws Exception {
        sim().addExecution("exec-1", DEFINITION);
        start("executionId=exec-1&" + NO_POLLING);
        awaitFirstPoll();

        // Velt shows neither 1 nor 2 yet: 3 is refused (Velt retries it), nothing skipped
        assertThat(push("exec-1", 3, "step.completed")).isBetween(500, 599);
        assertThat(push("exec-1", 1, "execution.dispatched")).isEqualTo(200);
        assertThat(push("exec-1", 2, "step.awaiting-approval")).isEqualTo(200);
        assertThat(push("exec-1", 3, "step.completed")).isEqualTo(200);

        assertThat(received).containsExactly("exec-1#1@push", "exec-1#2@push", "exec-1#3@push");
    }

    @Test
    void aPushAheadOfThePositionFillsTheGapFromGetEventsFirst() throws Exception {
        ScriptedExecution execution = sim().addExecution("exec-1", DEFINITION);
        start("executionId=exec-1&" + NO_POLLING);
        awaitFirstPoll();
        for (int seq = 1; seq <= 3; seq++) {
            assertThat(push("exec-1", seq, seq == 1 ? "execution.dispatched" : "step.completed")).isEqualTo(200);
        }
        // seq 4's push is lost; Velt shows 1 to 4, not yet 5
        sim().atomically(() -> execution.event(1, "execution.dispatched").event(2, "step.completed")
                .event(3, "step.completed").event(4, "step.awaiting-approval"));
        int reads = sim().requests().count(GET_EVENTS);

        assertThat(push("exec-1", 5, "step.completed")).isEqualTo(200);
        // seq 6 is internal: Velt's cursor accounts for the gap before 7
        sim().atomically(() -> execution.event(5, "step.completed").internal(6));
        assertThat(push("exec-1", 7, "execution.completed")).isEqualTo(200);

        assertThat(received).containsExactly("exec-1#1@push", "exec-1#2@push", "exec-1#3@push", "exec-1#4@poll",
                "exec-1#5@push", "exec-1#7@push");
        assertThat(sim().requests().count(GET_EVENTS)).isEqualTo(reads + 2);
    }

    @Test
    void aPushAheadIsDeliveredWithTheEventsBeforeItWhenTheRouteCompletesOnAnotherThread() throws Exception {
        ScriptedExecution execution = sim().addExecution("exec-1", DEFINITION);
        asyncRoute = true;
        start("executionId=exec-1&" + NO_POLLING);
        awaitFirstPoll();
        sim().atomically(() -> execution.event(1, "execution.dispatched").event(2, "step.completed")
                .event(3, "step.awaiting-approval"));

        // seq 1 and 2 are read first; each exchange completes on the delayer's thread before the next starts
        assertThat(push("exec-1", 3, "step.awaiting-approval")).isEqualTo(200);
        assertThat(push("exec-1", 4, "step.completed")).isEqualTo(200);

        assertThat(received).containsExactly("exec-1#1@poll", "exec-1#2@poll", "exec-1#3@push", "exec-1#4@push");
    }

    @Test
    void aPushOfAnExecutionNotWatchedYetStartsItFromItsFirstEvent() throws Exception {
        start("definitionId=" + DEFINITION + "&" + NO_POLLING);
        await().atMost(Duration.ofSeconds(20)).until(() -> sim().requests().count("workflow/executions/list") >= 1);
        ScriptedExecution execution = sim().addExecution("exec-new", DEFINITION);
        sim().atomically(() -> execution.event(1, "execution.dispatched").event(2, "step.awaiting-approval"));

        assertThat(push("exec-new", 2, "step.awaiting-approval")).isEqualTo(200);
        // another definition's execution is not this route's
        byte[] other = body("exec-other", 1, "execution.dispatched").replace(DEFINITION, "def-other")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(post(other, Webhooks.signature(SECRET, other)).statusCode()).isEqualTo(200);

        assertThat(received).containsExactly("exec-new#1@poll", "exec-new#2@push");
    }

    @Test
    void aLateRetryOfAnEndedExecutionIsNotTakenForANewOne() throws Exception {
        start("definitionId=" + DEFINITION + "&initialDelay=0&delay=50");
        await().atMost(Duration.ofSeconds(20)).until(() -> sim().requests().count("workflow/executions/list") >= 1);
        ScriptedExecution execution = sim().addExecution("exec-done", DEFINITION);
        sim().atomically(() -> execution.event(1, "execution.dispatched").event(2, "execution.completed"));
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 2);
        // a few more polls: the ended execution's position is forgotten
        int lists = sim().requests().count("workflow/executions/list");
        await().atMost(Duration.ofSeconds(20)).until(() -> sim().requests().count("workflow/executions/list") >= lists + 3);

        // Velt retries pushes for minutes: they are acknowledged and nothing is delivered again
        assertThat(push("exec-done", 1, "execution.dispatched")).isEqualTo(200);
        assertThat(push("exec-done", 2, "execution.completed")).isEqualTo(200);

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
        assertThat(received).extracting(k -> k.substring(0, k.indexOf('@'))).containsExactly("exec-done#1", "exec-done#2");
    }

    @Test
    void aFailingRouteAnswers5xxAndVeltsRetryIsDeliveredOnce() throws Exception {
        AtomicBoolean failed = new AtomicBoolean();
        ScriptedExecution execution = sim().addExecution("exec-1", DEFINITION);
        start("executionId=exec-1&" + NO_POLLING, exchange -> {
            if (failed.compareAndSet(false, true)) {
                throw new IllegalStateException("downstream system down");
            }
        });
        awaitFirstPoll();
        sim().pushTo("exec-1", url(), SECRET);

        execution.event(1, "execution.dispatched");

        await().atMost(Duration.ofSeconds(20)).until(() -> !received.isEmpty());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> received.equals(List.of("exec-1#1@push")));
        List<WebhookAttempt> attempts = sim().webhooks().attempts();
        assertThat(attempts).extracting(WebhookAttempt::status).containsExactly(500, 200);
        assertThat(attempts.get(1).attempt()).isEqualTo(1);
    }

    @Test
    void aDroppedPushIsRecoveredByTheReconcileSweep() throws Exception {
        ScriptedExecution execution = sim().addExecution("exec-1", DEFINITION);
        start("executionId=exec-1&initialDelay=0&delay=20&reconcileDelay=300");
        awaitFirstPoll();
        assertThat(push("exec-1", 1, "execution.dispatched")).isEqualTo(200);
        sim().pushTo("exec-1", url(), SECRET);

        // Velt's pushes of both events are lost: the next reconcile read delivers seq 2
        sim().webhooks().dropNext(2);
        sim().atomically(() -> execution.event(1, "execution.dispatched").event(2, "step.awaiting-approval"));

        await().atMost(Duration.ofSeconds(20)).until(() -> received.contains("exec-1#2@poll"));
        assertThat(received).containsExactly("exec-1#1@push", "exec-1#2@poll");
        assertThat(sim().webhooks().dropped()).hasSize(2);
    }

    @Test
    void aPushFedExecutionIsReReadOnlyEveryReconcileDelay() throws Exception {
        sim().addExecution("exec-quiet", DEFINITION);
        sim().addExecution("exec-polled", DEFINITION);
        start("executionId=exec-quiet,exec-polled&initialDelay=0&delay=20&reconcileDelay=1000");
        awaitFirstPoll();
        assertThat(push("exec-quiet", 1, "execution.dispatched")).isEqualTo(200);
        int quietBefore = readsOf("exec-quiet");
        int polledBefore = readsOf("exec-polled");

        // the execution without pushes is read at every poll, the push-fed one once a second
        await().atMost(Duration.ofSeconds(30)).until(() -> readsOf("exec-polled") >= polledBefore + 50);

        assertThat(readsOf("exec-quiet") - quietBefore).isLessThanOrEqualTo((readsOf("exec-polled") - polledBefore) / 10);
        assertThat(received).containsExactly("exec-quiet#1@push");
    }

    private int readsOf(String executionId) {
        return (int) sim().requests().to(GET_EVENTS).stream()
                .filter(request -> executionId.equals(request.data().path("executionId").asText())).count();
    }
}
