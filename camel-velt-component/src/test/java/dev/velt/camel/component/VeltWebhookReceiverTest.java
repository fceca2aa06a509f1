package dev.velt.camel.component;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velt.camel.component.push.PushedEventSink;
import dev.velt.camel.component.push.VeltWebhookReceiver;
import dev.velt.camel.component.support.WebhookCalls;
import dev.velt.camel.model.WorkflowEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.velt.camel.component.support.WebhookCalls.eventBody;
import static dev.velt.camel.component.support.WebhookCalls.signature;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook receiver over real HTTP: a CamelContext with a Vert.x platform-http server, Velt's calls signed by the
 * test, and a recording {@link PushedEventSink} standing in for the consumer.
 */
class VeltWebhookReceiverTest {

    static final String SECRET = "whsec_test_0123456789abcdef";
    static final String PATH = "/velt/events";
    private static final Duration ACK_TIMEOUT = Duration.ofMillis(500);

    private final ObjectMapper mapper = new ObjectMapper();
    private CamelContext context;
    private WebhookCalls calls;
    private VeltWebhookReceiver receiver;
    private RecordingSink sink;

    /** Records each push and answers with what {@code answer} returns. */
    static final class RecordingSink implements PushedEventSink {

        final List<String> executionIds = new CopyOnWriteArrayList<>();
        final List<WorkflowEvent> events = new CopyOnWriteArrayList<>();
        volatile BiFunction<String, WorkflowEvent, CompletableFuture<Void>> answer = (id, event) -> CompletableFuture
                .completedFuture(null);

        @Override
        public CompletableFuture<Void> accept(String executionId, WorkflowEvent event, long deadlineNanos) {
            executionIds.add(executionId);
            events.add(event);
            return answer.apply(executionId, event);
        }
    }

    @BeforeEach
    void start() throws Exception {
        context = new DefaultCamelContext();
        calls = WebhookCalls.serverFor(context);
        receiver = new VeltWebhookReceiver(PATH, SECRET, mapper, ACK_TIMEOUT);
        context.addService(receiver);
        context.start();
        sink = new RecordingSink();
        receiver.activate(sink);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void signedPushReachesTheSinkAsAWorkflowEventAndIsAnswered200() throws Exception {
        HttpResponse<String> response = calls.postSigned(PATH, eventBody("exec-1", 7, "step.awaiting-approval"), SECRET);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Delivered");
        assertThat(sink.executionIds).containsExactly("exec-1");
        WorkflowEvent event = sink.events.get(0);
        assertThat(event.getType()).isEqualTo("step.awaiting-approval");
        assertThat(event.getSeq()).isEqualTo(7);
        assertThat(event.getStepId()).isEqualTo("review");
        assertThat(event.getCorrelationId()).isEqualTo("order-42");
        assertThat(event.getTimestamp()).isEqualTo(java.time.Instant.parse("2026-11-30T10:15:30.250Z").toEpochMilli());
        assertThat(event.getData()).containsEntry("resumeKey", "rk-1").containsEntry("mandatoryCount", 1);
        // no eventId in the body: the call's x-velt-event-id, stable across Velt's retries
        assertThat(event.getEventId()).isEqualTo("evt-header-1");
        // what the polled event does not carry is kept, not dropped
        assertThat(event.getAdditionalProperties()).containsEntry("executionId", "exec-1")
                .containsEntry("definitionId", "def-1").containsEntry("status", "running");
    }

    @Test
    void eventIdAndUnknownFieldsOfTheBodyAreKept() throws Exception {
        String body = "{\"event\":\"execution.completed\",\"executionId\":\"exec-2\",\"eventId\":\"evt-body\","
                      + "\"seq\":12,\"stepId\":null,\"timestamp\":\"2026-11-30T11:00:00+01:00\",\"data\":null,"
                      + "\"region\":\"eu\"}";

        assertThat(calls.postSigned(PATH, body, SECRET).statusCode()).isEqualTo(200);

        WorkflowEvent event = sink.events.get(0);
        assertThat(event.getEventId()).isEqualTo("evt-body");
        assertThat(event.isTerminal()).isTrue();
        assertThat(event.getStepId()).isNull();
        assertThat(event.getData()).isNull();
        assertThat(event.getTimestamp()).isEqualTo(java.time.Instant.parse("2026-11-30T10:00:00Z").toEpochMilli());
        assertThat(event.getAdditionalProperties()).containsEntry("region", "eu");
    }

    @Test
    void missingOrWrongSignatureIsRefused401AndNothingIsDelivered() throws Exception {
        byte[] body = eventBody("exec-1", 1, "step.completed").getBytes(StandardCharsets.UTF_8);
        byte[] tampered = eventBody("exec-1", 2, "step.completed").getBytes(StandardCharsets.UTF_8);
        String validHex = signature(SECRET, body).substring("sha256=".length());

        List<String> refused = new java.util.ArrayList<>();
        refused.add(null);
        refused.add(signature("another_secret_of_16+", body));
        refused.add(signature(SECRET, tampered));
        refused.add(validHex);
        refused.add("sha256=");
        refused.add("sha256=not-hex");
        refused.add("sha256=" + validHex.substring(2));
        refused.add("sha1=" + validHex);
        for (String header : refused) {
            HttpResponse<String> response = calls.post(PATH, body, header, "evt-1");
            assertThat(response.statusCode()).as("signature %s", header).isEqualTo(401);
            assertThat(response.body()).isEqualTo("Invalid webhook signature");
        }
        assertThat(sink.events).isEmpty();
    }

    @Test
    void signedBodyThatIsNotAVeltEventIsRefused400() throws Exception {
        List<String> bodies = List.of("", "not json", "[1,2]", "{}", "\"text\"",
                "{\"executionId\":\"e\",\"seq\":1}",
                "{\"event\":\"step.completed\",\"seq\":1}",
                "{\"event\":\"step.completed\",\"executionId\":\"e\"}",
                "{\"event\":\"step.completed\",\"executionId\":\"e\",\"seq\":-1}",
                "{\"event\":\"step.completed\",\"executionId\":\"e\",\"seq\":\"1\"}",
                "{\"event\":\"step.completed\",\"executionId\":\"e\",\"seq\":1,\"timestamp\":\"yesterday\"}",
                "{\"event\":\"step.completed\",\"executionId\":\"e\",\"seq\":1,\"data\":[1]}",
                "{\"event\":7,\"executionId\":\"e\",\"seq\":1}");
        for (String body : bodies) {
            HttpResponse<String> response = calls.postSigned(PATH, body, SECRET);
            assertThat(response.statusCode()).as("body %s", body).isEqualTo(400);
            assertThat(response.body()).isEqualTo("Not a Velt workflow event");
        }
        assertThat(sink.events).isEmpty();
    }

    @Test
    void bodyOverTheLimitIsRefused413WithOrWithoutContentLength() throws Exception {
        byte[] oversize = new byte[VeltWebhookReceiver.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(oversize, (byte) ' ');

        HttpResponse<String> declared = calls.post(PATH, oversize, signature(SECRET, oversize), "evt-big");
        HttpResponse<String> chunked = calls.postChunked(PATH, oversize, SECRET);

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).isEqualTo("Webhook body too large");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(sink.events).isEmpty();
    }

    @Test
    void bodyAtTheLimitIsRead() throws Exception {
        String event = eventBody("exec-1", 3, "step.completed");
        StringBuilder body = new StringBuilder(event);
        body.setLength(event.length() - 1);
        body.append(",\"pad\":\"");
        body.append(" ".repeat(VeltWebhookReceiver.MAX_BODY_BYTES - body.length() - 2)).append("\"}");
        assertThat(body.length()).isEqualTo(VeltWebhookReceiver.MAX_BODY_BYTES);

        HttpResponse<String> response = calls.postChunked(PATH, body.toString().getBytes(StandardCharsets.UTF_8), SECRET);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sink.events).extracting(WorkflowEvent::getSeq).containsExactly(3L);
    }

    @Test
    void sinkFailureIsAnswered500WithoutItsMessage() throws Exception {
        sink.answer = (id, event) -> CompletableFuture.failedFuture(new IllegalStateException("route failed: detail-xyz"));

        HttpResponse<String> response = calls.postSigned(PATH, eventBody("exec-1", 1, "step.completed"), SECRET);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("Event not delivered; retry later");
        assertThat(sink.events).hasSize(1);
    }

    @Test
    void sinkThrowingIsAnswered500() throws Exception {
        sink.answer = (id, event) -> {
            throw new IllegalStateException("detail-xyz");
        };

        HttpResponse<String> response = calls.postSigned(PATH, eventBody("exec-1", 1, "step.completed"), SECRET);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("detail-xyz");
    }

    @Test
    void sinkNotConfirmingInTimeIsAnswered503() throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        sink.answer = (id, event) -> never;

        HttpResponse<String> response = calls.postSigned(PATH, eventBody("exec-1", 1, "step.completed"), SECRET);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("Event delivery not confirmed in time; retry later");
        assertThat(never).isNotDone();
    }

    @Test
    void withoutAnActiveConsumerSignedPushesAreAnswered503() throws Exception {
        receiver.deactivate(sink);

        HttpResponse<String> inactive = calls.postSigned(PATH, eventBody("exec-1", 1, "step.completed"), SECRET);
        receiver.activate(sink);
        HttpResponse<String> active = calls.postSigned(PATH, eventBody("exec-1", 1, "step.completed"), SECRET);

        assertThat(inactive.statusCode()).isEqualTo(503);
        assertThat(inactive.body()).isEqualTo("Velt events consumer not active; retry later");
        assertThat(active.statusCode()).isEqualTo(200);
        assertThat(sink.events).hasSize(1);
    }

    @Test
    void onlyOneConsumerServesAPath() {
        RecordingSink other = new RecordingSink();

        org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(() -> receiver.activate(other))
                .withMessageContaining(PATH);
        receiver.deactivate(other);
        assertThat(receiver.isActive()).isTrue();
    }

    @Test
    void onlyPostIsServed() throws Exception {
        assertThat(calls.get(PATH).statusCode()).isEqualTo(405);
        assertThat(sink.events).isEmpty();
    }

    @Test
    void responseEchoesNoRequestHeader() throws Exception {
        HttpResponse<String> response = calls.postSigned(PATH, eventBody("exec-1", 1, "step.completed"), SECRET);

        assertThat(response.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("x-velt"));
    }
}
