package dev.velt.camel.component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.component.support.AgentWorld;
import dev.velt.camel.component.support.LegacyConsumerTestSupport;
import dev.velt.camel.component.support.ErrorLog;
import dev.velt.camel.component.support.EventWorld;
import dev.velt.camel.component.support.FaultInjector;
import dev.velt.camel.component.support.FaultInjector.Kind;
import dev.velt.camel.component.support.Recorder;
import dev.velt.camel.component.support.StreamCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Soak: long streams with every transient fault mixed in at random, and a route that fails now and then; what the route
 * processed must be the stream exactly (nothing lost, nothing twice, each execution in order).
 * <ul>
 * <li>{@code velt:events}: {@code soak.events} events (default 20,000) in executions of 200 events, 20 running at a
 * time, revealed as the consumer polls (10 events per request to Velt).</li>
 * <li>{@code velt:agentExecutions}: {@code soak.runs} agent runs (default 2,000), one started per request, running 1 to
 * 40 requests' time (one in twenty ten times longer), so they finish out of start order.</li>
 * </ul>
 * A share {@code soak.faultRate} (default 0.05) of all requests get a fault picked uniformly from
 * {@link FaultInjector.Kind#transientKinds()}; 503s come in bursts. The route throws on 0.5% of the items,
 * once or twice. The seed is {@code soak.seed} (default from {@code faults.seed}). Bigger runs, e.g.:
 * <pre>
 * ./mvnw -B verify -pl camel-velt-component -Dtest=VeltConsumerSoakTest -Dsoak.events=200000 -Dsoak.runs=20000
 * </pre>
 * (Surefire passes {@code -D} properties of the command line on to the tests.) A run prints its figures: items, requests,
 * faults per kind, failed polls and failed exchanges.
 */
class VeltConsumerSoakTest extends LegacyConsumerTestSupport {

    static final int EVENTS = Integer.getInteger("soak.events", 20_000);
    static final int RUNS = Integer.getInteger("soak.runs", 2_000);
    static final double FAULT_RATE = Double.parseDouble(System.getProperty("soak.faultRate", "0.05"));
    static final long SEED = Long.getLong("soak.seed", VeltConsumerFaultMatrixTest.SEED);
    static final int EVENTS_PER_EXECUTION = 200;

    static final List<Kind> TRANSIENT = Kind.transientKinds();

    static final String OPTIONS = "initialDelay=0&delay=10&maxRetries=2&retryDelay=1&retryMaxDelay=50&requestTimeout=300"
                                  + "&backoffErrorThreshold=1&backoffMultiplier=3&exceptionHandler=#errors";

    @Override
    protected boolean keepRequestJournal() {
        return false;
    }

    @Test
    void eventsConsumerDeliversALongStreamExactlyOnceUnderRandomFaults() throws Exception {
        long seed = SEED * 41 + 1;
        int executions = Math.max(1, EVENTS / EVENTS_PER_EXECUTION);
        EventWorld world = new EventWorld(velt, "def_soak", seed, executions, EVENTS_PER_EXECUTION, EVENTS_PER_EXECUTION,
                20, 10);
        Recorder route = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                                           + e.getMessage().getHeader(VeltConstants.EVENT_SEQ)).withoutExchanges();
        Map<String, List<String>> expected = world.expectedKeys();

        soak("events", seed, world::tick, world::finished, expected, route, k -> k.substring(0, k.indexOf('#')),
                "velt:events?definitionId=def_soak&maxMessagesPerPoll=200&" + OPTIONS);
    }

    @Test
    void agentExecutionsConsumerDeliversManyRunsExactlyOnceUnderRandomFaults() throws Exception {
        long seed = SEED * 41 + 2;
        AgentWorld world = new AgentWorld(velt, "agent_soak", seed, RUNS, 40, 1.0);
        Recorder route = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID, String.class))
                .withoutExchanges();
        Map<String, List<String>> expected = world.expectedRuns();

        soak("agentExecutions", seed, world::tick, world::finished, expected, route, k -> k,
                "velt:agentExecutions?agentId=agent_soak&" + OPTIONS);
    }

    private void soak(String name, long seed, Runnable tick, java.util.function.BooleanSupplier finished,
                      Map<String, List<String>> expected, Recorder route, java.util.function.Function<String, String> groupOf,
                      String uri) throws Exception {
        FaultInjector faults = new FaultInjector(seed, FAULT_RATE, TRANSIENT, tick);
        velt.setInterceptor(faults);
        int routeFailures = route.failSome(expected.values().stream().flatMap(List::stream).toList(),
                new Random(seed ^ 0x5DEECE66DL), 0.005);
        int total = expected.values().stream().mapToInt(List::size).sum();
        ErrorLog errors = new ErrorLog();
        long start = System.nanoTime();

        startRoute(uri, route, ctx -> ctx.getRegistry().bind("errors", errors));
        // generous: the default size takes seconds; -Dsoak.events=200000 takes minutes
        await().atMost(Duration.ofMinutes(5 + total / 10_000)).pollInterval(Duration.ofMillis(200))
                .until(() -> finished.getAsBoolean() && route.processed().size() >= total);
        StreamCheck.awaitQuiet(() -> route.processed().size(), Duration.ofMillis(500));

        StreamCheck.Verdict verdict = StreamCheck.check(expected, route.processed(), route.attempts(), groupOf);
        Map<String, Integer> failedPolls = new TreeMap<>();
        errors.pollFailures().forEach(e -> failedPolls.merge(
                e instanceof VeltApiException api ? api.getStatus() : e.getClass().getName(), 1, Integer::sum));
        System.out.printf("[soak] %s seed=%d %s requests=%d faults=%d %s failedPolls=%s failedExchanges=%d (planned %d)"
                          + " in %d s%n",
                name, seed, verdict, faults.requests(), faults.injectedTotal(), faults.injected(), failedPolls,
                errors.exchangeFailures().size(), routeFailures, Duration.ofNanos(System.nanoTime() - start).toSeconds());
        verdict.assertExact();
        assertThat(errors.exchangeFailures()).hasSize(routeFailures);
        assertThat(errors.pollFailures()).allSatisfy(e -> {
            assertThat(e).isInstanceOf(VeltOperationException.class);
            assertThat(((VeltApiException) e).isRetryable()).isTrue();
        });
        assertThat(faults.injectedTotal()).as("faults injected").isGreaterThanOrEqualTo((int) (faults.requests() * FAULT_RATE / 2));
    }
}
