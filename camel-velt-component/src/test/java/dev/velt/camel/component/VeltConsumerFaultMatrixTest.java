package dev.velt.camel.component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.component.support.AgentWorld;
import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.ErrorLog;
import dev.velt.camel.component.support.EventWorld;
import dev.velt.camel.component.support.FaultInjector;
import dev.velt.camel.component.support.FaultInjector.Kind;
import dev.velt.camel.component.support.Health;
import dev.velt.camel.component.support.Recorder;
import dev.velt.camel.component.support.StreamCheck;
import dev.velt.camel.model.AgentFinding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault matrix: each consumer reads a realistic stream while Velt (a {@link dev.velt.camel.component.support.FakeVelt}
 * behind WireMock) misbehaves at random points, and what the route processed successfully must be the stream exactly:
 * nothing lost, nothing twice, each execution's events (each run's findings) in order, and a failed item retried before
 * anything after it in its group.
 * <ul>
 * <li>{@code velt:events}: 8 executions of one definition, discovered through {@code workflow/executions/list}, 15 to 60
 * events each with seq gaps, at most 4 running at once, events arriving with every request; pageSize 25 so an
 * execution's events page, and the fake lists executions 3 per page so discovery pages too.</li>
 * <li>{@code velt:agentExecutions} with {@code splitFindings}: 80 runs of one agent started over time, finishing out of
 * start order (one in twenty takes ten times as long, falling off the first list pages), 0 to 4 findings each; pageSize 10.</li>
 * </ul>
 * Faults are chosen per request by a seeded {@link Random} ({@code -Dfaults.seed=...} to replay another sequence; the
 * seed and the figures of every case are printed). Faults move with the request sequence, not the clock. {@code maxRetries=1}, so some faults are absorbed by the client's
 * retry and others fail the poll, mid-discovery or mid-pagination, leaving the consumer to pick up on a later poll.
 * Every failed poll must surface as a retryable {@link VeltOperationException} with the status the fault stands for.
 * <p>
 * PERMISSION_DENIED is not transient and has a test of its own: readiness DOWN with {@code velt.status}, polls spaced
 * out by the default backoff, and the stream completed once access is back.
 */
class VeltConsumerFaultMatrixTest extends ConsumerTestSupport {

    static final long SEED = Long.getLong("faults.seed", 20261123L);

    static final String LIST_EXECUTIONS = "/v2/workflow/executions/list";
    static final String LIST_RUNS = "/v2/agents/execution/list";
    static final String GET_RUN = "/v2/agents/execution/get";

    /**
     * Fast retries, one retry per call, a short backoff after a failed poll, failures recorded instead of logged. The
     * request timeout is generous (a loaded CI machine is slow) except where slow answers are the fault.
     */
    static String faulty(Fault fault) {
        int requestTimeout = fault == Fault.READ_TIMEOUT ? 500 : 5000;
        return "initialDelay=0&delay=10&maxRetries=1&retryDelay=1&retryMaxDelay=50&requestTimeout=" + requestTimeout
               + "&backoffErrorThreshold=1&backoffMultiplier=3&exceptionHandler=#errors";
    }

    /** A fault of the matrix and the share of requests it hits. */
    enum Fault {
        RATE_LIMITED_429_RETRY_AFTER(Kind.RATE_LIMITED, 0.15),
        INTERNAL_ERROR_500(Kind.INTERNAL_ERROR, 0.15),
        BAD_GATEWAY_502_HTML(Kind.BAD_GATEWAY_HTML, 0.15),
        UNAVAILABLE_503_BURSTS(Kind.UNAVAILABLE_BURST, 0.04),
        CONNECTION_RESET(Kind.CONNECTION_RESET, 0.15),
        READ_TIMEOUT(Kind.READ_TIMEOUT, 0.06),
        MALFORMED_JSON(Kind.MALFORMED_JSON, 0.15),
        TRUNCATED_BODY(Kind.TRUNCATED_BODY, 0.15),
        MALFORMED_RESPONSE_CHUNK(Kind.MALFORMED_RESPONSE_CHUNK, 0.15),
        RANDOM_DATA_THEN_CLOSE(Kind.RANDOM_DATA_THEN_CLOSE, 0.15),
        EMPTY_BODY(Kind.EMPTY_BODY, 0.15),
        /** No HTTP fault: the route throws on 8% of the items, once or twice each. */
        ROUTE_THROWS(null, 0);

        final Kind kind;
        final double rate;

        Fault(Kind kind, double rate) {
            this.kind = kind;
            this.rate = rate;
        }
    }

    enum Consumer {
        EVENTS,
        AGENT_EXECUTIONS
    }

    /** One consumer's stream: its world, its route, what it must deliver and how to tell it is done. */
    record Scenario(Runnable tick, BooleanSupplier finished, Map<String, List<String>> expected,
                    Recorder route, Function<String, String> groupOf, String uri, String pollPath, int maxRequestsPerPoll) {

        int total() {
            return expected.values().stream().mapToInt(List::size).sum();
        }

        boolean done() {
            return finished.getAsBoolean() && route.processed().size() >= total();
        }

        StreamCheck.Verdict verdict() {
            return StreamCheck.check(expected, route.processed(), route.attempts(), groupOf);
        }
    }

    @Override
    protected boolean keepRequestJournal() {
        return false;
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Consumer consumer : Consumer.values()) {
            for (Fault fault : Fault.values()) {
                cases.add(Arguments.of(consumer, fault));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("matrix")
    void deliversEveryItemOnceAndInOrder(Consumer consumer, Fault fault) throws Exception {
        long seed = SEED * 31 + consumer.ordinal() * 100 + fault.ordinal();
        Scenario scenario = scenario(consumer, seed);
        FaultInjector faults = new FaultInjector(seed, fault.rate, fault.kind == null ? List.of() : List.of(fault.kind),
                scenario.tick());
        velt.setInterceptor(faults);
        int plannedRouteFailures = fault == Fault.ROUTE_THROWS
                ? scenario.route().failSome(scenario.expected().values().stream().flatMap(List::stream).toList(),
                        new Random(seed ^ 0x5DEECE66DL), 0.08)
                : 0;
        ErrorLog errors = new ErrorLog();

        startRoute(scenario.uri() + "&" + faulty(fault), scenario.route(), ctx -> ctx.getRegistry().bind("errors", errors));
        await().atMost(Duration.ofMinutes(2)).until(scenario::done);
        StreamCheck.awaitQuiet(() -> scenario.route().processed().size(), Duration.ofMillis(300));

        StreamCheck.Verdict verdict = scenario.verdict();
        System.out.printf("[fault-matrix] %-16s %-28s seed=%d %s requests=%d faults=%s failedPolls=%d failedExchanges=%d%n",
                consumer, fault, seed, verdict, faults.requests(), faults.injected(), errors.pollFailures().size(),
                errors.exchangeFailures().size());
        verdict.assertExact();
        assertFailuresAreTyped(errors, fault.kind);
        if (fault == Fault.ROUTE_THROWS) {
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
        FaultInjector faults = new FaultInjector(seed, 0, List.of(), scenario.tick());
        faults.failAllFrom(30 + new Random(seed).nextInt(50), Kind.PERMISSION_DENIED);
        velt.setInterceptor(faults);
        ErrorLog errors = new ErrorLog();
        int delay = 20;
        // the component's default backoff: after a failed poll, the next polls are skipped (backoffMultiplier 10)
        CamelContext context = startRoute(scenario.uri() + "&initialDelay=0&delay=" + delay + "&retryDelay=1"
                                          + "&retryMaxDelay=50&exceptionHandler=#errors",
                scenario.route(), ctx -> {
                    Health.enable(ctx);
                    ctx.getRegistry().bind("errors", errors);
                });

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
        int requestsBefore = faults.requests();
        int pollsBefore = faults.requests(scenario.pollPath());
        long start = System.nanoTime();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> scenario.route().processed().size() == processedBefore);
        long windowMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        int requests = faults.requests() - requestsBefore;
        int polls = faults.requests(scenario.pollPath()) - pollsBefore;
        // without backoff a poll would start every `delay` ms; with it, at most one per 10 * delay ms (+1 at the edge)
        long maxPolls = windowMs / (10L * delay) + 2;
        System.out.printf("[fault-matrix] %-16s PERMISSION_DENIED seed=%d window=%d ms polls=%d requests=%d (bound %d polls,"
                          + " %d requests; unthrottled would be ~%d polls)%n",
                consumer, seed, windowMs, polls, requests, maxPolls, maxPolls * scenario.maxRequestsPerPoll(), windowMs / delay);
        assertThat(polls).as("polls in %d ms while denied", windowMs).isBetween(1, (int) maxPolls);
        assertThat(requests).as("requests in %d ms while denied", windowMs)
                .isLessThanOrEqualTo((int) maxPolls * scenario.maxRequestsPerPoll());

        faults.allow();
        await().atMost(Duration.ofMinutes(1)).until(scenario::done);
        StreamCheck.awaitQuiet(() -> scenario.route().processed().size(), Duration.ofMillis(300));
        await().atMost(Duration.ofSeconds(10)).until(() -> Health.readiness(context, "consumer")
                .filter(r -> r.getState() == HealthCheck.State.UP).isPresent());

        StreamCheck.Verdict verdict = scenario.verdict();
        System.out.printf("[fault-matrix] %-16s PERMISSION_DENIED seed=%d %s requests=%d denied=%d failedPolls=%d%n",
                consumer, seed, verdict, faults.requests(), faults.injected().get(Kind.PERMISSION_DENIED),
                errors.pollFailures().size());
        verdict.assertExact();
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
        FaultInjector faults = new FaultInjector(SEED, 0, List.of(), null);
        velt.setInterceptor(faults);
        long now = System.currentTimeMillis();
        // an hour apart, further than the lookback window: a later poll's scan stops before run_slow
        velt.putRun("run_slow", "agent_404", "running", now - 3 * HOUR, null);
        velt.putRun("run_a", "agent_404", "passed", now - 2 * HOUR, now - 1_900);
        velt.putRun("run_b", "agent_404", "passed", now - HOUR, now - 900);
        Recorder route = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID, String.class));
        ErrorLog errors = new ErrorLog();
        // pageSize=1: after the first pass a poll reads two pages, so run_slow is checked with agents/execution/get
        startRoute("velt:agentExecutions?agentId=agent_404&pageSize=1&" + faulty(Fault.INTERNAL_ERROR_500), route,
                ctx -> ctx.getRegistry().bind("errors", errors));
        await().until(() -> faults.requests(GET_RUN) >= 1);

        faults.failNext(GET_RUN, Kind.NOT_FOUND_HTML);
        await().until(() -> faults.injected().containsKey(Kind.NOT_FOUND_HTML));
        int lists = faults.requests(LIST_RUNS);
        await().until(() -> faults.requests(LIST_RUNS) >= lists + 4);
        velt.putRun("run_slow", "agent_404", "failed", now - 3 * HOUR, System.currentTimeMillis());
        int listsAfter = faults.requests(LIST_RUNS);
        await().until(() -> faults.requests(LIST_RUNS) >= listsAfter + 6);
        StreamCheck.awaitQuiet(() -> route.processed().size(), Duration.ofMillis(200));

        assertThat(route.processed()).as("runs emitted").containsExactly("run_slow");
    }

    Scenario scenario(Consumer consumer, long seed) {
        return switch (consumer) {
            case EVENTS -> {
                velt.setExecutionsPageSize(3); // discovery pages too
                EventWorld world = new EventWorld(velt, "def_faults", seed, 8, 15, 60, 4, 2);
                Recorder route = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                                                   + e.getMessage().getHeader(VeltConstants.EVENT_SEQ)).withoutExchanges();
                yield new Scenario(world::tick, world::finished, world.expectedKeys(), route,
                        k -> k.substring(0, k.indexOf('#')),
                        "velt:events?definitionId=def_faults&pageSize=25&maxMessagesPerPoll=60", LIST_EXECUTIONS, 1 + 4);
            }
            case AGENT_EXECUTIONS -> {
                AgentWorld world = new AgentWorld(velt, "agent_faults", seed, 80, 30, 0.5);
                Recorder route = new Recorder(e -> e.getMessage().getBody(AgentFinding.class).getId()).withoutExchanges();
                yield new Scenario(world::tick, world::finished, world.expectedFindings(), route,
                        k -> k.substring(0, k.indexOf("-finding-")),
                        "velt:agentExecutions?agentId=agent_faults&splitFindings=true&pageSize=10&maxMessagesPerPoll=40",
                        LIST_RUNS, 1);
            }
        };
    }

    /** Every failed poll surfaced as the component's typed, retryable exception with the status the fault stands for. */
    static void assertFailuresAreTyped(ErrorLog errors, Kind kind) {
        Map<String, Integer> statuses = new TreeMap<>();
        for (Throwable failure : errors.pollFailures()) {
            assertThat(failure).as("a failed poll's exception").isInstanceOf(VeltOperationException.class);
            VeltApiException api = (VeltApiException) failure;
            assertThat(api.isRetryable()).as("retryable: %s", api.getMessage()).isTrue();
            statuses.merge(api.getStatus(), 1, Integer::sum);
        }
        // a spurious timeout on a loaded machine may end a poll too
        List<String> allowed = kind == null ? List.of("DEADLINE_EXCEEDED") : List.of(kind.veltStatus(), "DEADLINE_EXCEEDED");
        assertThat(statuses.keySet()).as("statuses of failed polls %s", statuses).isSubsetOf(allowed);
    }
}
