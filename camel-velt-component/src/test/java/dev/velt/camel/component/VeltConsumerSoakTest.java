package dev.velt.camel.component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.component.support.ErrorLog;
import dev.velt.camel.component.support.Recorder;
import dev.velt.camel.component.support.StreamTestSupport;
import dev.velt.camel.test.AgentRunPlan;
import dev.velt.camel.test.EventStreamPlan;
import dev.velt.camel.test.Fault;
import dev.velt.camel.test.Faults;
import dev.velt.camel.test.StreamVerdict;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Soak: long streams with every transient fault mixed in at random, and a route that fails now and then; what the route
 * processed must be the stream exactly (nothing lost, nothing twice, each execution in order, a failed item retried
 * before the next of its execution). The simulator's clock moves one tick per request.
 * <ul>
 * <li>{@code velt:events}: {@code soak.events} events (default 20,000) in executions of 200 events, about 20 running at
 * a time, revealed as the consumer polls (about 10 events per request to Velt).</li>
 * <li>{@code velt:agentExecutions}: {@code soak.runs} agent runs (default 2,000), one started per request, running 1 to
 * 40 requests' time (one in twenty ten times longer), so they finish out of start order.</li>
 * </ul>
 * A share {@code soak.faultRate} (default 0.05) of all requests get a fault picked uniformly from
 * {@link Fault#transientFaults()}; 503s come in bursts of 2 to 8. The route throws on 0.5% of the items, once or twice.
 * The seed is {@code soak.seed} (default from {@code faults.seed}). Bigger runs, e.g.:
 *
 * <pre>
 * ./mvnw -B verify -pl camel-velt-component -am -Dtest=VeltConsumerSoakTest -Dsurefire.failIfNoSpecifiedTests=false -Dsoak.events=200000 -Dsoak.runs=20000
 * </pre>
 *
 * (Surefire passes {@code -D} properties of the command line on to the tests.) A run logs its figures: items, requests,
 * faults per kind, failed polls and failed exchanges.
 */
class VeltConsumerSoakTest extends StreamTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(VeltConsumerSoakTest.class);

    static final int EVENTS = Integer.getInteger("soak.events", 20_000);
    static final int RUNS = Integer.getInteger("soak.runs", 2_000);
    static final double FAULT_RATE = Double.parseDouble(System.getProperty("soak.faultRate", "0.05"));
    static final long SEED = Long.getLong("soak.seed", VeltConsumerFaultMatrixTest.SEED);
    static final int EVENTS_PER_EXECUTION = 200;

    static final String OPTIONS = "initialDelay=0&delay=10&maxRetries=2&retryDelay=1&retryMaxDelay=50&requestTimeout=300"
                                  + "&backoffErrorThreshold=1&backoffMultiplier=3&exceptionHandler=#errors";

    @Test
    void eventsConsumerDeliversALongStreamExactlyOnceUnderRandomFaults() throws Exception {
        long seed = SEED * 41 + 1;
        int executions = Math.max(1, EVENTS / EVENTS_PER_EXECUTION);
        Recorder route = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                                           + e.getMessage().getHeader(VeltConstants.EVENT_SEQ))
                .withoutExchanges();

        // a start every 20 ticks and an event every 2 ticks per execution: about 20 running, 10 events per tick
        soak("events", seed, () -> EventStreamPlan.write(simulator, "def_soak", seed, executions, EVENTS_PER_EXECUTION,
                EVENTS_PER_EXECUTION, 39, 3).expectedEvents(), route, StreamVerdict::executionOf,
                "velt:events?definitionId=def_soak&maxMessagesPerPoll=200&" + OPTIONS);
    }

    @Test
    void agentExecutionsConsumerDeliversManyRunsExactlyOnceUnderRandomFaults() throws Exception {
        long seed = SEED * 41 + 2;
        Recorder route = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID, String.class))
                .withoutExchanges();

        soak("agentExecutions", seed, () -> AgentRunPlan.write(simulator, "agent_soak", seed, RUNS, 40, 1).expectedRuns(),
                route, k -> k, "velt:agentExecutions?agentId=agent_soak&" + OPTIONS);
    }

    /** Starts the route, then writes the stream (so all of it starts after the consumer's first start) and waits for it. */
    private void soak(String name, long seed, Supplier<Map<String, List<String>>> plan, Recorder route,
            Function<String, String> groupOf, String uri) throws Exception {
        Faults faults = simulator.faults();
        faults.rate(Faults.ANY_PATH, FAULT_RATE, Fault.transientFaults().toArray(Fault[]::new))
                .burstLength(Fault.UNAVAILABLE, 2, 8);
        ErrorLog errors = new ErrorLog();
        long start = System.nanoTime();

        startRoute(uri, route, ctx -> ctx.getRegistry().bind("errors", errors));
        AtomicInteger routeFailures = new AtomicInteger();
        Map<String, List<String>> expected = new TreeMap<>();
        simulator.atomically(() -> {
            simulator.startClock();
            expected.putAll(plan.get());
            // before any request can see the stream
            routeFailures.set(route.failSome(expected.values().stream().flatMap(List::stream).sorted().toList(),
                    new Random(seed ^ 0x5DEECE66DL), 0.005));
        });
        int total = expected.values().stream().mapToInt(List::size).sum();
        // generous: the default size takes seconds; -Dsoak.events=200000 takes minutes
        await().atMost(Duration.ofMinutes(5 + total / 10_000)).pollInterval(Duration.ofMillis(200))
                .until(() -> route.processed().size() >= total);
        route.awaitQuiet(Duration.ofMillis(500));

        StreamVerdict verdict = StreamVerdict.check(expected, route.processed(), groupOf);
        Map<String, Integer> failedPolls = new TreeMap<>();
        errors.pollFailures().forEach(e -> failedPolls.merge(
                e instanceof VeltApiException api ? api.getStatus() : e.getClass().getName(), 1, Integer::sum));
        LOG.info("[soak] {} seed={} {} requests={} faults={} {} failedPolls={} failedExchanges={} (planned {}) in {} s",
                name, seed, verdict, simulator.requests().count(), faults.injectedTotal(), faults.injected(), failedPolls,
                errors.exchangeFailures().size(), routeFailures.get(),
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
        verdict.assertExact();
        assertThat(StreamVerdict.attemptedOutOfOrder(expected, route.attempts(), groupOf))
                .as("groups where an item was attempted before an earlier one had succeeded").isEmpty();
        assertThat(errors.exchangeFailures()).hasSize(routeFailures.get());
        assertThat(errors.pollFailures()).allSatisfy(e -> {
            assertThat(e).isInstanceOf(VeltOperationException.class);
            assertThat(((VeltApiException) e).isRetryable()).isTrue();
        });
        assertThat(faults.injectedTotal()).as("faults injected")
                .isGreaterThanOrEqualTo((int) (simulator.requests().count() * FAULT_RATE / 2));
    }
}
