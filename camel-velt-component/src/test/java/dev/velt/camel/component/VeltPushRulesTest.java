package dev.velt.camel.component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.velt.camel.component.events.VeltEventsConsumer;
import dev.velt.camel.test.Fault;
import dev.velt.camel.test.ScriptedExecution;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The push side of the consumer core's rules: a consumer that is not running takes no push, every push is answered
 * within its deadline counted from its arrival, and what the consumer kept for an execution goes when it ends.
 */
class VeltPushRulesTest extends PushTestSupport {

    @Test
    void aSuspendedRouteAnswersPushes503AndDeliversNothingUntilResumed() throws Exception {
        sim().addExecution("exec-1", DEFINITION);
        start("executionId=exec-1&" + NO_POLLING);
        awaitFirstPoll();

        context.getRouteController().suspendRoute("push");
        assertThat(push("exec-1", 1, "execution.dispatched")).isEqualTo(503);
        assertThat(received).isEmpty();

        context.getRouteController().resumeRoute("push");
        assertThat(push("exec-1", 1, "execution.dispatched")).isEqualTo(200);
        assertThat(received).containsExactly("exec-1#1@push");
    }

    @Test
    void aPushAheadWhoseGapFillIsSlowIsAnsweredBeforeVeltGivesUp() throws Exception {
        sim().addExecution("exec-1", DEFINITION);
        start("executionId=exec-1&requestTimeout=60000&" + NO_POLLING);
        awaitFirstPoll();
        // the events before the pushed one take longer to read than Velt waits for an answer
        sim().faults().slowAnswerMillis(12_000).always(GET_EVENTS, Fault.SLOW);

        long sent = System.nanoTime();
        int status = push("exec-1", 3, "step.completed");
        long answeredAfterMillis = (System.nanoTime() - sent) / 1_000_000;

        assertThat(status).as("not delivered yet: Velt retries").isEqualTo(503);
        assertThat(answeredAfterMillis).as("answered before Velt's 10 s timeout").isLessThan(10_000);
        assertThat(received).isEmpty();
    }

    @Test
    void whatAnExecutionHeldIsReleasedWhenItsTerminalEventComesByPush() throws Exception {
        sim().addExecution("exec-1", DEFINITION);
        // its reads fail: it backs off alone, and the consumer keeps its failure streak
        sim().faults().always(GET_EVENTS, Fault.INTERNAL_ERROR);
        start("executionId=exec-1&maxRetries=0&initialDelay=0&delay=20");
        VeltEventsConsumer consumer = (VeltEventsConsumer) context.getRoute("push").getConsumer();
        await().until(() -> consumer.heldStructures() > 0);

        assertThat(push("exec-1", 1, "execution.completed")).isEqualTo(200);

        assertThat(received).containsExactly("exec-1#1@push");
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.heldStructures() == 0);
    }

    @Test
    void anEventOfAnAgentStepNamesItsAgentRunInAHeader() throws Exception {
        ScriptedExecution execution = sim().addExecution("exec-1", DEFINITION);
        sim().atomically(() -> execution.event(1, "execution.dispatched")
                .event(2, "step.completed", "brand-check", Map.of("agentExecutionId", "agent_exec_7"))
                .event(3, "execution.completed"));
        List<Object> agentRuns = new CopyOnWriteArrayList<>();
        start("executionId=exec-1&initialDelay=0&delay=20",
                exchange -> agentRuns.add(String.valueOf(exchange.getMessage().getHeader(VeltConstants.AGENT_EXECUTION_ID))));

        await().until(() -> received.size() == 3);
        assertThat(agentRuns).containsExactly("null", "agent_exec_7", "null");
    }
}
