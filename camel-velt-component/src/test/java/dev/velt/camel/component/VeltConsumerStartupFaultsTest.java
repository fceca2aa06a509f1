package dev.velt.camel.component;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.ErrorLog;
import dev.velt.camel.component.support.Recorder;
import dev.velt.camel.test.Fault;
import dev.velt.camel.test.Faults;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static dev.velt.camel.component.VeltConsumerFaultMatrixTest.LIST_EXECUTIONS;
import static dev.velt.camel.component.VeltConsumerFaultMatrixTest.LIST_RUNS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults around a consumer's start: Velt down when the consumer starts, and a state repository slow to answer while the
 * consumer loads its positions.
 */
class VeltConsumerStartupFaultsTest extends ConsumerTestSupport {

    static final String OPTIONS = "initialDelay=0&delay=10&maxRetries=1&retryDelay=1&retryMaxDelay=50"
                                  + "&backoffErrorThreshold=1&backoffMultiplier=3&exceptionHandler=#errors";

    /**
     * Velt is down (503) when the consumer starts; meanwhile an execution starts and finishes. It started after the
     * consumer's first start, so the route must see it whole once Velt is back, like one discovered while running.
     */
    @Test
    void anExecutionThatStartsAndEndsDuringAnOutageAtStartupIsDelivered() throws Exception {
        simulator.faults().always(Faults.ANY_PATH, Fault.UNAVAILABLE);
        velt.addExecution("exec_before", "def_outage", "running", System.currentTimeMillis() - 60_000);
        velt.addEvent("exec_before", 1, "execution.dispatched");
        Recorder route = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                                           + e.getMessage().getHeader(VeltConstants.EVENT_SEQ));
        startRoute("velt:events?definitionId=def_outage&" + OPTIONS, route,
                ctx -> ctx.getRegistry().bind("errors", new ErrorLog()));
        await().until(() -> simulator.requests().count(LIST_EXECUTIONS) >= 4);

        long started = System.currentTimeMillis();
        velt.addExecution("exec_during", "def_outage", "running", started);
        velt.addEvent("exec_during", 1, "execution.dispatched");
        velt.addEvent("exec_during", 2, "step.completed");
        velt.addEvent("exec_during", 3, "execution.completed");
        int listsBefore = simulator.requests().count(LIST_EXECUTIONS);
        simulator.faults().restore(Faults.ANY_PATH);
        await().until(() -> simulator.requests().count(LIST_EXECUTIONS) >= listsBefore + 3
                && route.processed().contains("exec_before#1"));
        route.awaitQuiet(Duration.ofMillis(300));

        assertThat(route.processed()).containsExactlyInAnyOrder("exec_before#1", "exec_during#1", "exec_during#2",
                "exec_during#3");
    }

    /** The same for agent runs: a run that starts and finishes while Velt is down at startup is emitted. */
    @Test
    void aRunThatStartsAndFinishesDuringAnOutageAtStartupIsEmitted() throws Exception {
        simulator.faults().always(Faults.ANY_PATH, Fault.UNAVAILABLE);
        long now = simulator.tick();
        simulator.addAgentRun("run_done_before", "agent_outage", now - 60_000 / TICK_MS, now - 50_000 / TICK_MS, "passed",
                List.of());
        Recorder route = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID, String.class));
        startRoute("velt:agentExecutions?agentId=agent_outage&" + OPTIONS, route,
                ctx -> ctx.getRegistry().bind("errors", new ErrorLog()));
        await().until(() -> simulator.requests().count(LIST_RUNS) >= 4);

        long started = simulator.tick();
        simulator.addAgentRun("run_during", "agent_outage", started, started + 1, "failed", List.of());
        int listsBefore = simulator.requests().count(LIST_RUNS);
        simulator.faults().restore(Faults.ANY_PATH);
        await().until(() -> simulator.requests().count(LIST_RUNS) >= listsBefore + 3 && simulator.tick() > started + 1);
        route.awaitQuiet(Duration.ofMillis(300));

        assertThat(route.processed()).containsExactly("run_during");
    }

    /**
     * The first poll must not run before the consumer has loaded its positions. With {@code initialDelay=0} and a state
     * repository that takes a moment to answer (a JDBC one, say; here the first read waits up to 300 ms, or until a poll
     * failed), a poll that starts too early finds no state and fails with a NullPointerException instead of reading Velt.
     */
    @Test
    void theEventsConsumerPollsOnlyOnceItsPositionsAreLoaded() throws Exception {
        velt.addExecution("exec_race", "def_race", "running", System.currentTimeMillis());
        velt.addEvent("exec_race", 1, "execution.dispatched");
        ErrorLog errors = new ErrorLog();
        Recorder route = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                                           + e.getMessage().getHeader(VeltConstants.EVENT_SEQ));
        startRoute("velt:events?definitionId=def_race&stateRepository=#slow&" + OPTIONS, route, ctx -> {
            ctx.getRegistry().bind("errors", errors);
            ctx.getRegistry().bind("slow", slowFirstRead(errors));
        });

        await().until(() -> route.processed().contains("exec_race#1"));
        assertThat(errors.pollFailures()).isEmpty();
    }

    /** The same for agent runs. */
    @Test
    void theAgentExecutionsConsumerPollsOnlyOnceItsPositionsAreLoaded() throws Exception {
        simulator.addAgentRun("run_race", "agent_race");
        ErrorLog errors = new ErrorLog();
        Recorder route = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID, String.class));
        startRoute("velt:agentExecutions?agentId=agent_race&stateRepository=#slow&" + OPTIONS, route, ctx -> {
            ctx.getRegistry().bind("errors", errors);
            ctx.getRegistry().bind("slow", slowFirstRead(errors));
        });

        await().until(() -> simulator.requests().count(LIST_RUNS) >= 1);
        simulator.finishAgentRun("run_race", "passed", List.of());
        await().until(() -> route.processed().contains("run_race"));
        assertThat(errors.pollFailures()).isEmpty();
    }

    /**
     * A repository whose first read is slow: it returns after 300 ms, or as soon as the consumer reported a failed poll.
     */
    private static MemoryStateRepository slowFirstRead(ErrorLog errors) {
        AtomicBoolean first = new AtomicBoolean(true);
        return new MemoryStateRepository() {

            @Override
            public String getState(String key) {
                if (first.getAndSet(false)) {
                    try {
                        errors.awaitPollFailure(Duration.ofMillis(300));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.getState(key);
            }
        };
    }
}
