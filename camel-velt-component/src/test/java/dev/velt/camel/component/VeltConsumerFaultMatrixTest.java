package dev.velt.camel.component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.component.support.ErrorLog;
import dev.velt.camel.component.support.Health;
import dev.velt.camel.component.support.Recorder;
import dev.velt.camel.component.support.StreamTestSupport;
import dev.velt.camel.model.AgentFinding;
import dev.velt.camel.test.AgentRunPlan;
import dev.velt.camel.test.EventStreamPlan;
import dev.velt.camel.test.Fault;
import dev.velt.camel.test.Faults;
import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.StreamVerdict;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault matrix: each consumer reads a realistic stream while Velt (the camel-velt-test simulator, its clock moving
 * one tick per request) misbehaves at random points, and what the route processed successfully must be the stream
 * exactly:
 * nothing lost, nothing twice, each execution's events (each run's findings) in order, and a failed item retried before
 * anything after it in its group.
 * <ul>
 * <li>{@code velt:events}: 8 executions of one definition ({@link EventStreamPlan}), discovered through
 * {@code workflow/executions/list}, 15 to 60 events each with seq gaps and internal events, several running at once,
 * events arriving with the requests; pageSize 25 so an execution's events page, and the simulator lists executions 3
 * per page so discovery pages too.</li>
 * <li>{@code velt:agentExecutions} with {@code splitFindings}: 80 runs of one agent ({@link AgentRunPlan}) started over
 * time, finishing out of start order (one in twenty takes ten times as long, falling off the first list pages), 0 to 4
 * findings each in both result shapes; pageSize 10.</li>
 * </ul>
 * Faults are chosen per request by a seeded {@link Random} ({@code -Dfaults.seed=...} to replay another sequence; the
 * seed and the figures of every case are printed). Faults move with the request sequence, not the clock.
 * {@code maxRetries=1}, so some faults are absorbed by the client's
 * retry and others fail the poll, mid-discovery or mid-pagination, leaving the consumer to pick up on a later poll.
 * Every failed poll must surface as a retryable {@link VeltOperationException} with the status the fault stands for.
 * <p>
 * PERMISSION_DENIED is not transient and has a test of its own: readiness DOWN with {@code velt.status}, polls spaced
 * out by the default backoff, and the stream completed once access is back.
 */
class VeltConsumerFaultMatrixTest extends StreamTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(VeltConsumerFaultMatrixTest.class);

    static final long SEED = Long.getLong("faults.seed", 20261123L);

    static final String LIST_EXECUTIONS = "/v2/workflow/executions/list";
    static final String LIST_RUNS = "/v2/agents/execution/list";
    static final String GET_RUN = "/v2/agents/execution/get";

    /**
     * Fast retries, one retry per call, a short backoff after a failed poll, failures recorded instead of logged. The
     * request timeout is generous (a loaded CI machine is slow) except where slow answers are the fault.
     */
    static String faulty(Case fault) {
        int requestTimeout = fault == Case.READ_TIMEOUT ? 500 : 5000;
        return "initialDelay=0&delay=10&maxRetries=1&retryDelay=1&retryMaxDelay=50&requestTimeout=" + requestTimeout
               + "&backoffErrorThreshold=1&backoffMultiplier=3&exceptionHandler=#errors";
    }

    /** A fault of the matrix and the share of requests it hits. */
    enum Case {

        RATE_LIMITED_429_RETRY_AFTER(Fault.RATE_LIMITED, 0.15), INTERNAL_ERROR_500(Fault.INTERNAL_ERROR,
                0.15), BAD_GATEWAY_502_HTML(Fault.BAD_GATEWAY_HTML, 0.15),
        /** 503s in bursts of 2 to 8 requests in a row. */
        UNAVAILABLE_503_BURSTS(Fault.UNAVAILABLE, 0.04), CONNECTION_RESET(Fault.CONNECTION_RESET, 0.15), READ_TIMEOUT(
                Fault.SLOW, 0.06), MALFORMED_JSON(Fault.MALFORMED_JSON, 0.15), TRUNCATED_BODY(Fault.TRUNCATED_JSON,
                        0.15), MALFORMED_RESPONSE_CHUNK(Fault.MALFORMED_RESPONSE_CHUNK, 0.15), RANDOM_DATA_THEN_CLOSE(
                                Fault.RANDOM_DATA_THEN_CLOSE, 0.15), EMPTY_BODY(Fault.EMPTY_BODY, 0.15),
        /** No HTTP fault: the route throws on 8% of the items, once or twice each. */
        ROUTE_THROWS(null, 0);

        final Fault fault;
        final double rate;

        Case(Fault fault, double rate) {
            this.fault = fault;
            this.rate = rate;
        }

        /** Injects this case's faults into every path. */
        void inject(Faults faults) {
            if (this == UNAVAILABLE_503_BURSTS) {
                faults.bursts(Faults.ANY_PATH, rate, 2, 8, fault);
            } else if (fault != null) {
                faults.rate(Faults.ANY_PATH, rate, fault);
            }
        }
    }

    /** The status the component reports for {@code fault} once retries are exhausted. */
    static String veltStatus(Fault fault) {
        return switch (fault) {
            case RATE_LIMITED -> "RESOURCE_EXHAUSTED";
            case INTERNAL_ERROR, MALFORMED_JSON, TRUNCATED_JSON, EMPTY_BODY -> "INTERNAL";
            case SLOW -> "DEADLINE_EXCEEDED";
            case PERMISSION_DENIED -> "PERMISSION_DENIED";
            case NOT_FOUND_HTML -> "NOT_FOUND";
            default -> "UNAVAILABLE";
        };
    }

    enum Consumer {
        EVENTS, AGENT_EXECUTIONS
    }

    /** One consumer's stream: its route, what it must deliver and how to tell it is done. */
    record Scenario(Recorder route, Function<String, String> groupOf, String uri, String pollPath,
            int maxRequestsPerPoll, java.util.function.Consumer<Scenario> write, Written stream) {

        int total() {
            return stream.expected().values().stream().mapToInt(List::size).sum();
        }

        boolean done() {
            return stream.written() && route.processed().size() >= total();
        }

        /** Nothing lost, nothing twice, each group in order, and each item retried before the next of its group. */
        void assertExact() {
            StreamVerdict.check(stream.expected(), route.processed(), groupOf).assertExact();
            assertThat(StreamVerdict.attemptedOutOfOrder(stream.expected(), route.attempts(), groupOf))
                    .as("groups where an item was attempted before an earlier one had succeeded").isEmpty();
        }

        String verdict() {
            return StreamVerdict.check(stream.expected(), route.processed(), groupOf).toString();
        }
    }

    /** The stream once written into the simulator (after the route started, so nothing in it ended before). */
    static final class Written {

        volatile Map<String, List<String>> expected = Map.of();
        volatile boolean written;
        /** Runs as the stream is written, before any request can see it. */
        volatile java.util.function.Consumer<Map<String, List<String>>> onWritten = expected -> {
        };

        Map<String, List<String>> expected() {
            return expected;
        }

        boolean written() {
            return written;
        }
    }

    /**
     * The world moves on one tick per request; the list pages 3 executions at a time. The proxy test scripts its runs
     * at wall-clock times instead.
     */
    @Override
    protected SimulatorOptions simulatorOptions() {
        return proxyTest() ? clockTickingWithRealTime() : super.simulatorOptions().executionsDefaultPageSize(3);
    }

    @Override
    protected boolean startClockBeforeTest() {
        return proxyTest();
    }

    private boolean proxyTest() {
        return testInfo.getTestMethod().map(m -> m.getName().startsWith("aProxy404")).orElse(false);
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Consumer consumer : Consumer.values()) {
            for (Case fault : Case.values()) {
                cases.add(Arguments.of(consumer, fault));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("matrix")
    void deliversEveryItemOnceAndInOrder(Consumer consumer, Case fault) throws Exception {
        long seed = SEED * 31 + consumer.ordinal() * 100 + fault.ordinal();
        Scenario scenario = scenario(consumer, seed);
        Faults faults = simulator.faults();
        fault.inject(faults);
        ErrorLog errors = new ErrorLog();

        java.util.concurrent.atomic.AtomicInteger routeFailures = new java.util.concurrent.atomic.AtomicInteger();
        if (fault == Case.ROUTE_THROWS) {
            scenario.stream().onWritten = expected -> routeFailures.set(scenario.route().failSome(
                    expected.values().stream().flatMap(List::stream).toList(), new Random(seed ^ 0x5DEECE66DL), 0.08));
        }

        startRoute(scenario.uri() + "&" + faulty(fault), scenario.route(), ctx -> ctx.getRegistry().bind("errors", errors));
        scenario.write().accept(scenario);
        int plannedRouteFailures = routeFailures.get();
        await().atMost(Duration.ofMinutes(2)).until(scenario::done);
        scenario.route().awaitQuiet(Duration.ofMillis(300));

        LOG.info("[fault-matrix] {} {} seed={} {} requests={} faults={} failedPolls={} failedExchanges={}", consumer, fault,
                seed, scenario.verdict(), simulator.requests().count(), faults.injected(), errors.pollFailures().size(),
                errors.exchangeFailures().size());
        scenario.assertExact();
        assertFailuresAreTyped(errors, fault.fault);
        if (fault == Case.ROUTE_THROWS) {
            assertThat(plannedRouteFailures).as("route failures planned").isGreaterThanOrEqualTo(10);
            assertThat(errors.exchangeFailures()).hasSize(plannedRouteFailures)
                    .allSatisfy(e -> assertThat(e).hasMessageStartingWith("test failure on"));
        } else {
            assertThat(faults.injectedTotal()).as("faults injected").isGreaterThanOrEqualTo(5);
            assertThat(errors.exchangeFailures()).isEmpty();
        }
    }

    /**
     * A revoked key mid-stream: every request answers 403 PERMISSION_DENIED. The consumer reports DOWN with
     * {@code velt.status=PERMISSION_DENIED}, does not retry the call and backs off between polls (no hot loop), and once
     * the key works again the stream completes with nothing lost or repeated.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Consumer.class)
    void permissionDeniedMidStreamBacksOffReportsDownAndLosesNothing(Consumer consumer) throws Exception {
        long seed = SEED * 37 + consumer.ordinal();
        Scenario scenario = scenario(consumer, seed);
        int deniedFrom = 30 + new Random(seed).nextInt(50);
        // the key is revoked from the deniedFrom-th request on
        simulator.requests().onRequest(request -> {
            if (simulator.requests().count() == deniedFrom - 1) {
                simulator.faults().always(Faults.ANY_PATH, Fault.PERMISSION_DENIED);
            }
        });
        ErrorLog errors = new ErrorLog();
        int delay = 20;
        // the component's default backoff: after a failed poll, the next polls are skipped (backoffMultiplier 10)
        CamelContext context = startRoute(scenario.uri() + "&initialDelay=0&delay=" + delay + "&retryDelay=1"
                                          + "&retryMaxDelay=50&exceptionHandler=#errors",
                scenario.route(), ctx -> {
                    Health.enable(ctx);
                    ctx.getRegistry().bind("errors", errors);
                });
        scenario.write().accept(scenario);

        // keep the DOWN result seen: while backing off the check stays DOWN, but Camel resets the error count when the
        // backoff ends, so a check during the next (failing) poll may briefly read UP
        HealthCheck.Result down = await().atMost(Duration.ofSeconds(30))
                .until(() -> Health.readiness(context, "consumer").orElse(null),
                        r -> r != null && r.getState() == HealthCheck.State.DOWN
                                && "PERMISSION_DENIED".equals(r.getDetails().get("velt.status")));
        assertThat(down.getDetails()).containsEntry(HealthCheck.HTTP_RESPONSE_CODE, 403);
        assertThat(down.getError()).containsInstanceOf(VeltOperationException.class);

        // a window while the key is revoked: nothing is delivered, and polls are spaced out
        int processedBefore = scenario.route().processed().size();
        int requestsBefore = simulator.requests().count();
        int pollsBefore = simulator.requests().count(scenario.pollPath());
        long start = System.nanoTime();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> scenario.route().processed().size() == processedBefore);
        long windowMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        int requests = simulator.requests().count() - requestsBefore;
        int polls = simulator.requests().count(scenario.pollPath()) - pollsBefore;
        // without backoff a poll would start every `delay` ms; with it, at most one per 10 * delay ms (+1 at the edge)
        long maxPolls = windowMs / (10L * delay) + 2;
        LOG.info("[fault-matrix] {} PERMISSION_DENIED seed={} window={} ms polls={} requests={} (bound {} polls,"
                 + " {} requests; unthrottled would be ~{} polls)",
                consumer, seed, windowMs, polls, requests, maxPolls, maxPolls * scenario.maxRequestsPerPoll(),
                windowMs / delay);
        assertThat(polls).as("polls in %d ms while denied", windowMs).isBetween(1, (int) maxPolls);
        assertThat(requests).as("requests in %d ms while denied", windowMs)
                .isLessThanOrEqualTo((int) maxPolls * scenario.maxRequestsPerPoll());

        simulator.faults().restore(Faults.ANY_PATH);
        await().atMost(Duration.ofMinutes(1)).until(scenario::done);
        scenario.route().awaitQuiet(Duration.ofMillis(300));
        await().atMost(Duration.ofSeconds(10)).until(() -> Health.readiness(context, "consumer")
                .filter(r -> r.getState() == HealthCheck.State.UP).isPresent());

        LOG.info("[fault-matrix] {} PERMISSION_DENIED seed={} {} requests={} denied={} failedPolls={}", consumer, seed,
                scenario.verdict(), simulator.requests().count(), simulator.faults().injected().get(Fault.PERMISSION_DENIED),
                errors.pollFailures().size());
        assertThat(simulator.faults().injected().get(Fault.PERMISSION_DENIED)).as("denied requests").isPositive();
        scenario.assertExact();
        assertThat(errors.pollFailures()).isNotEmpty().allSatisfy(e -> {
            assertThat(e).isInstanceOf(VeltOperationException.class);
            assertThat(((VeltApiException) e).getStatus()).isEqualTo("PERMISSION_DENIED");
            assertThat(((VeltApiException) e).isRetryable()).isFalse();
        });
    }

    /**
     * An ingress answering 404 with its own HTML page (no Velt error envelope; e.g. while a deployment has no endpoints)
     * when the consumer checks a pending run with {@code agents/execution/get} is not Velt saying the run is gone: the
     * run must still be emitted once it finishes.
     */
    private static final long HOUR = 3_600_000L;

    @Test
    void aProxy404WhileCheckingAPendingRunDoesNotLoseIt() throws Exception {
        long now = simulator.tick();
        long hour = HOUR / TICK_MS;
        // an hour apart, further than the lookback window: a later poll's scan stops before run_slow
        simulator.addAgentRun("run_slow", "agent_404", now - 3 * hour, Long.MAX_VALUE / 4 / TICK_MS, "failed", List.of());
        simulator.addAgentRun("run_a", "agent_404", now - 2 * hour, now - 190, "passed", List.of());
        simulator.addAgentRun("run_b", "agent_404", now - hour, now - 90, "passed", List.of());
        Recorder route = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID, String.class));
        ErrorLog errors = new ErrorLog();
        // pageSize=1: after the first pass a poll reads two pages, so run_slow is checked with agents/execution/get
        startRoute("velt:agentExecutions?agentId=agent_404&pageSize=1&" + faulty(Case.INTERNAL_ERROR_500), route,
                ctx -> ctx.getRegistry().bind("errors", errors));
        await().until(() -> simulator.requests().count(GET_RUN) >= 1);

        simulator.faults().next(GET_RUN, Fault.NOT_FOUND_HTML);
        await().until(() -> simulator.faults().injected().containsKey(Fault.NOT_FOUND_HTML));
        int lists = simulator.requests().count(LIST_RUNS);
        await().until(() -> simulator.requests().count(LIST_RUNS) >= lists + 4);
        simulator.finishAgentRun("run_slow", "failed", List.of());
        int listsAfter = simulator.requests().count(LIST_RUNS);
        await().until(() -> simulator.requests().count(LIST_RUNS) >= listsAfter + 6);
        route.awaitQuiet(Duration.ofMillis(200));

        assertThat(route.processed()).as("runs emitted").containsExactly("run_slow");
    }

    /**
     * The consumer's stream, written when the test calls {@code write} (once its route runs): the clock starts then, so
     * every execution and run of it starts after the consumer's first start.
     */
    Scenario scenario(Consumer consumer, long seed) {
        Written stream = new Written();
        return switch (consumer) {
            case EVENTS -> {
                Recorder route = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                                                   + e.getMessage().getHeader(VeltConstants.EVENT_SEQ))
                        .withoutExchanges();
                yield new Scenario(route, StreamVerdict::executionOf,
                        "velt:events?definitionId=def_faults&pageSize=25&maxMessagesPerPoll=60", LIST_EXECUTIONS, 1 + 4,
                        s -> write(stream, () -> EventStreamPlan.write(simulator, "def_faults", seed, 8, 15, 60, 12, 2)
                                .expectedEvents()),
                        stream);
            }
            case AGENT_EXECUTIONS -> {
                Recorder route = new Recorder(e -> e.getMessage().getBody(AgentFinding.class).getId()).withoutExchanges();
                yield new Scenario(route, k -> k.substring(0, k.indexOf("-finding-")),
                        "velt:agentExecutions?agentId=agent_faults&splitFindings=true&pageSize=10&maxMessagesPerPoll=40",
                        LIST_RUNS, 1,
                        s -> write(stream, () -> AgentRunPlan.write(simulator, "agent_faults", seed, 80, 30, 2)
                                .expectedFindings()),
                        stream);
            }
        };
    }

    private void write(Written stream, java.util.function.Supplier<Map<String, List<String>>> plan) {
        simulator.atomically(() -> {
            simulator.startClock();
            stream.expected = plan.get();
            stream.onWritten.accept(stream.expected);
        });
        stream.written = true;
    }

    /** Every failed poll surfaced as the component's typed, retryable exception with the status the fault stands for. */
    static void assertFailuresAreTyped(ErrorLog errors, Fault fault) {
        Map<String, Integer> statuses = new TreeMap<>();
        for (Throwable failure : errors.pollFailures()) {
            assertThat(failure).as("a failed poll's exception").isInstanceOf(VeltOperationException.class);
            VeltApiException api = (VeltApiException) failure;
            assertThat(api.isRetryable()).as("retryable: %s", api.getMessage()).isTrue();
            statuses.merge(api.getStatus(), 1, Integer::sum);
        }
        // a spurious timeout on a loaded machine may end a poll too
        List<String> allowed = fault == null ? List.of("DEADLINE_EXCEEDED") : List.of(veltStatus(fault), "DEADLINE_EXCEEDED");
        assertThat(statuses.keySet()).as("statuses of failed polls %s", statuses).isSubsetOf(allowed);
    }
}
