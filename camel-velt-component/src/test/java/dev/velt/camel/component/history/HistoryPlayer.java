package dev.velt.camel.component.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.velt.camel.component.consumer.VeltPollingConsumer;
import dev.velt.camel.component.history.History.Event;
import dev.velt.camel.component.history.History.Exec;
import dev.velt.camel.component.history.History.Kind;
import dev.velt.camel.component.history.History.Run;
import dev.velt.camel.component.history.History.Step;
import dev.velt.camel.test.ScriptedExecution;
import dev.velt.camel.test.SimFinding;
import dev.velt.camel.test.SimUrlResult;
import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;

/**
 * Plays {@link History histories} one after another against real routes of a shared {@link CamelContext}, over real
 * HTTP to a {@link VeltSimulator} of its own whose clock moves only when the player moves it (one tick, one simulated
 * second): a pause of 24 hours of list time costs no real time. After each history it hands the route's received
 * exchanges ({@link DeliveryLog}) to {@link HistoryVerdict}.
 */
final class HistoryPlayer implements AutoCloseable {

    /** How long a route stop may take before it counts as hanging. */
    static final long STOP_BOUND_MILLIS = 10_000;
    /**
     * Polls the state may take to settle after a history drained: Camel skips 9 polls after a failed one, and a position
     * write that failed on a route thread fails the next poll that runs once more, so two rounds of skips and more.
     */
    static final int KEPT_SETTLE_POLLS = 25;
    /** The same for a route that Camel's own scheduler polls. */
    static final Duration KEPT_SETTLE_WAIT = Duration.ofSeconds(5);
    /** Polls of the list per step at most (a step's poll interval grows to fit). */
    static final int MAX_POLLS_PER_STEP = 6;
    /** How long to wait for the consumer to poll after the clock moved. */
    static final Duration POLL_WAIT = Duration.ofMillis(1500);
    /** The drain ends when nothing new completed for this many polls. */
    static final int DRAIN_IDLE_POLLS = 25;
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(20);
    /** Requests one poll may send (the budget the consumers document: 100). */
    static final int REQUEST_BUDGET_PER_POLL = Integer.getInteger("velt.history.requestBudget", 100);

    private static final Logger LOG = LoggerFactory.getLogger(HistoryPlayer.class);
    private String lastJournal = "";
    private static final AtomicLong ROUTES = new AtomicLong();
    private static final String PAGE = "https://www.acme.example/";
    /** Adding and removing routes and beans of one CamelContext from several players at once is not safe. */
    private static final Object ROUTE_MODEL = new Object();

    private final CamelContext context;
    private final VeltSimulator simulator;
    private static final java.util.concurrent.atomic.AtomicLong PLAYERS = new java.util.concurrent.atomic.AtomicLong();
    /** Whether the consumers run on the simulator's clock ({@code -Dvelt.history.clock=simulator}). */
    static final boolean SIMULATOR_CLOCK = "simulator".equals(System.getProperty("velt.history.clock", "system"));
    /** The URI scheme of this player's own Velt component. */
    private final String scheme;
    private final ExecutorService stopper = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "history-route-control");
        thread.setDaemon(true);
        return thread;
    });

    HistoryPlayer(CamelContext context) {
        this(context, SIMULATOR_CLOCK);
    }

    /** A player whose consumers run on the simulator's clock ({@code simulatorClock}) or on the system clock. */
    HistoryPlayer(CamelContext context, boolean simulatorClock) {
        this.context = context;
        this.simulator = VeltSimulator.start(SimulatorOptions.defaults().workflowExecutions(0).agentRuns(0)
                .tickMillis(0).simulatedMillisPerTick(1000));
        // a component of its own; with -Dvelt.history.clock=simulator its clock is the simulator's, so the consumer's first
        // start is the history's (else the system clock: the consumer's first start lies before every history)
        this.scheme = "velth" + PLAYERS.incrementAndGet();
        dev.velt.camel.component.VeltComponent component = new dev.velt.camel.component.VeltComponent();
        component.getConfiguration().setApiKey(SimulatorOptions.defaults().apiKey());
        component.getConfiguration().setAuthToken(SimulatorOptions.defaults().authToken());
        if (simulatorClock) {
            component.setClock(new SimulatorClock(simulator));
        }
        synchronized (ROUTE_MODEL) {
            context.addComponent(scheme, component);
        }
    }

    /** The simulator's clock: the time of its current tick. */
    private static final class SimulatorClock extends java.time.Clock {

        private final VeltSimulator simulator;

        SimulatorClock(VeltSimulator simulator) {
            this.simulator = simulator;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }

        @Override
        public long millis() {
            return simulator.timeOf(simulator.tick());
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(millis());
        }
    }

    VeltSimulator simulator() {
        return simulator;
    }

    /**
     * The journal of the history played last (the state repository's reads and writes, the player's steps and polls,
     * the completed exchanges, in order), to print beside a failing verdict.
     */
    String lastJournal() {
        return lastJournal;
    }

    /** Plays one history and checks it. */
    HistoryVerdict play(History history) throws Exception {
        Playing playing = new Playing(history);
        HistoryVerdict verdict;
        try {
            try {
                playing.play();
            } catch (Exception | AssertionError e) {
                StackTraceElement[] at = e.getStackTrace();
                playing.notes.add("the player failed: " + e + (at.length > 0 ? " at " + at[0] : "")
                                  + (at.length > 1 ? " < " + at[1] : "") + (at.length > 2 ? " < " + at[2] : ""));
            }
            verdict = HistoryVerdict.check(history, playing.firstListingRead(), playing.deliveries, playing.killWindows,
                    playing.writeOutages, playing.kills,
                    playing.notes, playing.polls);
            lastJournal = playing.repository.journal();
        } finally {
            playing.cleanUp();
        }
        return verdict;
    }

    @Override
    public void close() {
        stopper.shutdownNow();
        simulator.stop();
        synchronized (ROUTE_MODEL) {
            context.removeComponent(scheme);
        }
    }

    /** One history being played. */
    private final class Playing {

        final History history;
        final DeliveryLog deliveries;
        final FlakyStateRepository repository = new FlakyStateRepository();
        final PollCounter pollCounter = new PollCounter();
        final List<ManualScheduler> schedulers = new ArrayList<>();
        ManualScheduler scheduler;
        final List<long[]> killWindows = new ArrayList<>();
        final List<long[]> writeOutages = new ArrayList<>();
        final List<HistoryVerdict.Kill> kills = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final long number = ROUTES.incrementAndGet();
        final String routeId;
        final String repositoryName;
        final String listPath;
        final long began = System.nanoTime();
        long base;
        int polls;
        boolean overBudget;
        boolean routeAdded;

        Playing(History history) {
            pollCounter.countRequestsWith(() -> simulator.requests().count());
            this.history = history;
            this.deliveries = new DeliveryLog(history, repository::note);
            this.routeId = "history-" + number;
            this.repositoryName = "historyRepository" + number;
            this.listPath = history.kind() == Kind.EVENTS ? "workflow/executions/list" : "agents/execution/list";
        }

        private long millis() {
            return (System.nanoTime() - began) / 1_000_000;
        }

        void play() throws Exception {
            simulator.reset();
            base = simulator.tick() + 1;
            write();
            advanceTo(history.firstStart());
            synchronized (ROUTE_MODEL) {
                context.getRegistry().bind(repositoryName, repository);
                context.getRegistry().bind(repositoryName + "Polls", pollCounter);
            }
            addRoute();
            awaitPoll();
            LOG.debug("seed {}: first start +{} ms", history.seed(), millis());
            for (Step step : history.steps()) {
                play(step);
                LOG.debug("seed {}: {} +{} ms", history.seed(), step, millis());
            }
            drain();
            LOG.debug("seed {}: drained +{} ms after {} polls", history.seed(), millis(), polls);
            checkWhatIsKept();
        }

        /**
         * What the consumer keeps once the history has drained, stored and in memory, is bounded by what is still live:
         * the scan state and a position per execution (or run) that has not ended; nothing of what ended.
         */
        private void checkWhatIsKept() {
            long live = history.kind() == Kind.EVENTS
                    ? history.executions().stream().filter(e -> e.endTick() == Long.MAX_VALUE).count()
                    : history.runs().stream().filter(r -> !r.finishes()).count();
            // a poll that failed (an outage at the end) makes Camel skip the next ones: the state is written after them;
            // and an execution that ended before the first start, which the drain does not wait for, may still be
            // delivered (and let go) by the polls after it
            if (scheduler != null && scheduler.scheduled()) {
                for (int polls = 0; polls < KEPT_SETTLE_POLLS && keepsMore(live); polls++) {
                    awaitPoll();
                    awaitHandedOn();
                }
            } else {
                try {
                    await().atMost(KEPT_SETTLE_WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                            .until(() -> !keepsMore(live));
                } catch (ConditionTimeoutException e) {
                    // reported below
                }
            }
            List<String> keys = repository.keys();
            if (keys.size() > 1 + live) {
                notes.add("the state repository keeps " + keys.size() + " keys for " + live
                          + " live items (the scan state and one per live item at most): " + keys);
            }
            if (context.getRoute(routeId) != null
                    && context.getRoute(routeId).getConsumer() instanceof VeltPollingConsumer consumer
                    && consumer.tracked().size() > live) {
                notes.add("the consumer tracks " + consumer.tracked().keySet() + " with " + live + " items live");
            }
        }

        /** More keys stored than the scan state and one per live item, or more items tracked than live. */
        private boolean keepsMore(long live) {
            return repository.keys().size() > 1 + live
                    || context.getRoute(routeId) != null
                            && context.getRoute(routeId).getConsumer() instanceof VeltPollingConsumer consumer
                            && consumer.tracked().size() > live;
        }

        private void write() {
            for (Exec exec : history.executions()) {
                ScriptedExecution script = simulator.addExecution(exec.id(), history.scope(), base + exec.visibleFrom(),
                        base + exec.start());
                for (Event event : exec.events()) {
                    String type = event.type();
                    script.eventAt(base + event.tick(), event.seq(), type,
                            type.startsWith("step.") ? "step_" + event.seq() : null,
                            type.equals("execution.completed") ? null : Map.of("n", event.seq()));
                }
            }
            history.emptyPages().forEach((id, afters) -> afters.forEach(after -> {
                long next = nextSeq(id, after);
                simulator.cannedAnswer("workflow/executions/getEvents",
                        data -> id.equals(data.path("executionId").asText()) && data.path("sinceSeq").asLong() == after,
                        200, "{\"result\":{\"executionId\":\"" + id + "\",\"events\":[],\"nextCursor\":" + (next - 1)
                             + ",\"hasMore\":true}}");
            }));
            for (Run run : history.runs()) {
                List<SimFinding> findings = new ArrayList<>();
                for (String id : run.findingIds()) {
                    findings.add(new SimFinding(id, "Broken link " + id, "The link answers 404", "high", "content",
                            "See " + id, 1, PAGE, "Fix the link", "a." + id, "/html/body/a", false, "broken-link", 90));
                }
                simulator.addAgentRun(run.id(), history.scope(), base + run.start(), base + run.end(), run.status(),
                        findings.isEmpty() ? List.of() : List.of(new SimUrlResult(PAGE, findings, 0, 0)));
            }
        }

        private long nextSeq(String id, long after) {
            for (Exec exec : history.executions()) {
                if (exec.id().equals(id)) {
                    for (Event event : exec.events()) {
                        if (event.seq() > after) {
                            return event.seq();
                        }
                    }
                }
            }
            return after + 1;
        }

        private void play(Step step) throws Exception {
            repository.note("step " + step + " at tick " + (simulator.tick() - base));
            switch (step.type()) {
                case RUN -> runFor(step.ticks(), step.pollEvery());
                case STOP -> {
                    if (step.midPoll()) {
                        midPoll();
                    } else {
                        betweenPolls();
                    }
                    stopRoute(STOP_BOUND_MILLIS + 5_000);
                    advance(step.ticks());
                    control("start", () -> {
                        synchronized (ROUTE_MODEL) {
                            context.getRouteController().startRoute(routeId);
                        }
                    });
                    awaitPoll();
                }
                case KILL -> {
                    if (step.midPoll()) {
                        midPoll();
                    }
                    repository.freeze(true);
                    long killed = System.nanoTime();
                    kills.add(new HistoryVerdict.Kill(killed, repository.unsaved()));
                    stopRoute(50);
                    removeRoute();
                    advance(step.ticks());
                    long restarted = System.nanoTime();
                    repository.freeze(false);
                    killWindows.add(new long[]{killed - TimeUnit.SECONDS.toNanos(1),
                            restarted + TimeUnit.SECONDS.toNanos(1)});
                    addRoute();
                    awaitPoll();
                }
                case SUSPEND -> {
                    if (step.midPoll()) {
                        midPoll();
                    } else {
                        betweenPolls();
                    }
                    control("suspend", () -> context.getRouteController().suspendRoute(routeId));
                    advance(step.ticks());
                    control("resume", () -> context.getRouteController().resumeRoute(routeId));
                    awaitPoll();
                }
                case READ_OUTAGE -> {
                    repository.readFails(true);
                    try {
                        runFor(step.ticks(), step.pollEvery());
                    } finally {
                        repository.readFails(false);
                    }
                }
                case WRITE_OUTAGE -> {
                    repository.writeFails(true);
                    long from = System.nanoTime();
                    try {
                        runFor(step.ticks(), step.pollEvery());
                    } finally {
                        repository.writeFails(false);
                        writeOutages.add(new long[]{from, System.nanoTime()});
                    }
                }
                default -> throw new IllegalStateException(step.type().toString());
            }
        }

        /** Lets the route drain once everything written has happened: until it has all, or stops making progress. */
        private void drain() {
            advanceTo(Math.max(history.lastTick(), history.stepsEnd()) + 1);
            long until = System.nanoTime() + DRAIN_LIMIT.toNanos();
            int idle = 0;
            int seen = deliveries.completedCount();
            HistoryVerdict.Expected expected = HistoryVerdict.expected(history, firstListingRead());
            while (System.nanoTime() < until && idle < DRAIN_IDLE_POLLS) {
                awaitPoll();
                awaitHandedOn();
                if (expected.complete(deliveries.completions(), deliveries.failedAttempts()) && deliveries.open() == 0) {
                    int before = deliveries.completedCount();
                    awaitPoll(); // a repeat, or the rest of what the consumer chose to deliver, would come now
                    awaitHandedOn();
                    if (deliveries.completedCount() == before) {
                        break;
                    }
                }
                int now = deliveries.completedCount();
                idle = now == seen ? idle + 1 : 0;
                seen = now;
            }
        }

        /** Waits (a while) until no exchange is on its way through the route (another thread may hold it). */
        private void awaitHandedOn() {
            try {
                await().atMost(Duration.ofSeconds(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                        .until(() -> deliveries.open() == 0);
            } catch (ConditionTimeoutException e) {
                // the drain goes on polling
            }
        }

        private void runFor(long ticks, long pollEvery) {
            long every = Math.max(pollEvery, (ticks + MAX_POLLS_PER_STEP - 1) / MAX_POLLS_PER_STEP);
            long remaining = ticks;
            if (remaining == 0) {
                awaitPoll();
            }
            while (remaining > 0) {
                long chunk = Math.min(every, remaining);
                advance(chunk);
                remaining -= chunk;
                awaitPoll();
            }
        }

        /**
         * The tick at which the consumer's first listing of running executions read its last page (the tick of the last
         * {@code running} list request before the first {@code pending} one), or {@link Long#MIN_VALUE} for agent runs
         * or before any.
         */
        long firstListingRead() {
            long last = Long.MIN_VALUE;
            if (history.kind() != Kind.EVENTS) {
                return last;
            }
            for (dev.velt.camel.test.SimRequest request : simulator.requests().to(listPath)) {
                String status = request.data().path("status").asText(null);
                if ("pending".equals(status)) {
                    return last;
                }
                if ("running".equals(status)) {
                    last = request.tick() - base;
                }
            }
            return last;
        }

        private void advanceTo(long tick) {
            long target = base + tick;
            if (target > simulator.tick()) {
                advance(target - simulator.tick());
            }
        }

        private void advance(long ticks) {
            long left = ticks;
            while (left > 0) {
                int chunk = (int) Math.min(left, Integer.MAX_VALUE);
                simulator.advance(chunk);
                left -= chunk;
            }
        }

        /**
         * Waits until a whole poll saw the clock where it is now (two more polls ended, or two more list requests were
         * sent), at most a while.
         */
        private void awaitPoll() {
            repository.note("poll at tick " + (simulator.tick() - base));
            if (scheduler != null && scheduler.scheduled()) {
                polls++;
                pollCounter.takeMostRequests();
                awaitPoll(scheduler.poll());
                int sent = pollCounter.takeMostRequests();
                if (sent > REQUEST_BUDGET_PER_POLL && !overBudget) {
                    overBudget = true;
                    notes.add("a poll sent " + sent + " requests (budget " + REQUEST_BUDGET_PER_POLL + ")");
                }
                return;
            }
            int before = simulator.requests().count(listPath);
            int begun = pollCounter.begun();
            polls++;
            try {
                await().atMost(POLL_WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                        .until(() -> pollCounter.ended() >= begun + 1 || simulator.requests().count(listPath) >= before + 2);
            } catch (ConditionTimeoutException e) {
                // a backoff or a failing repository may skip polls: the clock moves on anyway
            }
        }

        private String uri(String schedulerName) {
            StringBuilder uri = new StringBuilder(scheme).append(':');
            uri.append(history.kind() == Kind.EVENTS ? "events?definitionId=" : "agentExecutions?agentId=")
                    .append(history.scope());
            uri.append("&baseUrl=RAW(").append(simulator.baseUrl()).append(')');
            uri.append("&stateRepository=#").append(repositoryName);
            uri.append("&pollStrategy=#").append(repositoryName).append("Polls");
            if (history.scheduled()) {
                uri.append("&delay=").append(history.delayMillis()).append("&initialDelay=0");
            } else {
                uri.append("&scheduler=#").append(schedulerName);
            }
            if (history.status() != null) {
                uri.append("&status=").append(history.status());
            }
            if (history.pageSize() != null) {
                uri.append("&pageSize=").append(history.pageSize());
            }
            if (history.splitFindings()) {
                uri.append("&splitFindings=true");
            }
            if (history.maxMessagesPerPoll() != null) {
                uri.append("&maxMessagesPerPoll=").append(history.maxMessagesPerPoll());
            }
            return uri.toString();
        }

        private void addRoute() throws Exception {
            String seda = "seda:history-" + number;
            String schedulerName = repositoryName + "Scheduler" + schedulers.size();
            if (!history.scheduled()) {
                scheduler = new ManualScheduler();
                schedulers.add(scheduler);
                synchronized (ROUTE_MODEL) {
                    context.getRegistry().bind(schedulerName, scheduler);
                }
            }
            RouteBuilder builder = new RouteBuilder() {

                @Override
                public void configure() {
                    errorHandler(noErrorHandler());
                    RouteDefinition route = from(uri(schedulerName)).routeId(routeId).process(deliveries::enter);
                    switch (history.handoff()) {
                        case NONE -> route.process(deliveries::process);
                        case THREADS -> route.threads(2).process(deliveries::process);
                        case SEDA -> {
                            route.to(seda);
                            if (context.getRoute(routeId + "-seda") == null) {
                                from(seda).routeId(routeId + "-seda").process(deliveries::process);
                            }
                        }
                        default -> throw new IllegalStateException();
                    }
                }
            };
            synchronized (ROUTE_MODEL) {
                context.addRoutes(builder);
            }
            routeAdded = true;
        }

        private void awaitPoll(Future<?> poll) {
            try {
                poll.get(STOP_BOUND_MILLIS * 2, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("a poll hangs (over " + STOP_BOUND_MILLIS * 2 + " ms)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                notes.add("a poll threw " + e.getCause());
            }
        }

        /**
         * A stop drawn {@code midPoll} comes while a poll is under way: it starts one and lets it send its first
         * request.
         */
        private void midPoll() {
            if (scheduler == null || !scheduler.scheduled()) {
                return;
            }
            int before = simulator.requests().count();
            Future<?> poll = scheduler.poll();
            try {
                await().atMost(Duration.ofMillis(500)).pollDelay(Duration.ZERO).pollInterval(Duration.ofNanos(200_000))
                        .until(() -> poll.isDone() || simulator.requests().count() > before);
            } catch (ConditionTimeoutException e) {
                // stop anyway
            }
        }

        /**
         * Waits (briefly) until a poll has just ended, so the stop finds the consumer between polls: Camel's graceful
         * shutdown waits a whole second when it finds a poll under way, and most stops need not pay that. A step
         * drawn {@code midPoll} stops wherever the consumer is.
         */
        private void betweenPolls() {
            if (!history.scheduled()) {
                return; // the player polls: none is under way
            }
            int ended = pollCounter.ended();
            try {
                await().atMost(POLL_WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofNanos(200_000))
                        .until(() -> pollCounter.ended() > ended && pollCounter.begun() == pollCounter.ended());
            } catch (ConditionTimeoutException e) {
                // stop anyway
            }
        }

        private void stopRoute(long timeoutMillis) {
            repository.note("route stop");
            long started = System.nanoTime();
            control("stop", () -> context.getRouteController().stopRoute(routeId, timeoutMillis, TimeUnit.MILLISECONDS));
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (millis > STOP_BOUND_MILLIS) {
                notes.add("stopping the route took " + millis + " ms (bound " + STOP_BOUND_MILLIS + " ms)");
            }
        }

        private void removeRoute() {
            org.apache.camel.Route route = context.getRoute(routeId);
            org.apache.camel.Endpoint endpoint = route == null ? null : route.getEndpoint();
            control("remove", () -> {
                synchronized (ROUTE_MODEL) {
                    context.removeRoute(routeId);
                }
            });
            if (endpoint != null) {
                control("remove endpoint", () -> context.removeEndpoint(endpoint));
            }
            routeAdded = false;
        }

        /** Runs a route operation on another thread, so a hanging one is reported instead of hanging the checker. */
        private void control(String what, Action action) {
            Future<?> done = stopper.submit(() -> {
                action.run();
                return null;
            });
            try {
                done.get(STOP_BOUND_MILLIS * 2, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("the route's " + what + " hangs (over " + STOP_BOUND_MILLIS * 2
                                                + " ms)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("the route's " + what + " failed: " + e.getCause(), e.getCause());
            }
        }

        void cleanUp() {
            try {
                if (routeAdded) {
                    betweenPolls();
                    stopRoute(history.scheduled() ? 50 : STOP_BOUND_MILLIS + 5_000);
                    LOG.debug("seed {}: stopped +{} ms", history.seed(), millis());
                    removeRoute();
                    LOG.debug("seed {}: removed +{} ms", history.seed(), millis());
                }
                if (context.getRoute(routeId + "-seda") != null) {
                    control("stop seda", () -> context.getRouteController().stopRoute(routeId + "-seda", 50,
                            TimeUnit.MILLISECONDS));
                    control("remove seda", () -> {
                        synchronized (ROUTE_MODEL) {
                            context.removeRoute(routeId + "-seda");
                        }
                    });
                    control("remove seda endpoints", () -> context.removeEndpoints("seda:history-" + number));
                    LOG.debug("seed {}: seda removed +{} ms", history.seed(), millis());
                }
            } catch (RuntimeException e) {
                notes.add("cleaning up failed: " + e);
            } finally {
                synchronized (ROUTE_MODEL) {
                    context.getRegistry().unbind(repositoryName);
                    context.getRegistry().unbind(repositoryName + "Polls");
                    for (int i = 0; i < schedulers.size(); i++) {
                        context.getRegistry().unbind(repositoryName + "Scheduler" + i);
                    }
                }
                schedulers.forEach(ManualScheduler::dispose);
            }
        }
    }

    @FunctionalInterface
    private interface Action {

        void run() throws Exception;
    }

}
