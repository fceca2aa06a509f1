package dev.velt.camel.component;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.velt.camel.component.push.VeltWebhookReceiver;
import dev.velt.camel.test.ScriptedExecution;
import dev.velt.camel.test.WebhookAttempt;
import dev.velt.camel.test.Webhooks;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pushes and polls as one stream, against the Velt simulator over real HTTP: the route sees each event once, in seq
 * order, whether it came by push (signed webhook POSTs to {@code webhookPath}) or was read with {@code getEvents}, and
 * Velt gets its 2xx only once the event and every one before it were delivered and committed.
 */
class VeltPushTest extends PushTestSupport {

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
        // the first poll's whole pass: the running and the pending executions, then the list itself
        await().atMost(Duration.ofSeconds(20)).until(() -> sim().requests().count("workflow/executions/list") >= 3);
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
