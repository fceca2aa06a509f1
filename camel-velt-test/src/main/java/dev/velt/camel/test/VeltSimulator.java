package dev.velt.camel.test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

/**
 * A stateful simulator of the Velt REST API over real HTTP (WireMock): workflow executions move through their steps
 * and agent runs finish as the simulator's clock ticks, generated from a seed (the same seed plays the same
 * scenario); tests may also {@link #addExecution(String, String) script} executions and runs, and
 * {@code dispatch}, decisions, resolutions and cancels are played for real on the executions they start. Faults are
 * injected per path through {@link #faults()}, every request is kept in {@link #requests()}, and executions with a
 * webhook target are pushed as signed webhooks ({@link #webhooks()}).
 * <p>
 * Start it with {@link #start(SimulatorOptions)} (or {@link #create(SimulatorOptions)} then {@link #startClock()}),
 * point a client at {@link #baseUrl()} with {@link #apiKey()} and {@link #authToken()}, and read what happened with
 * {@link #executions()} and {@link #agentRuns()}. In JUnit 5 tests, {@link VeltSimulatorExtension} does the starting
 * and stopping.
 */
public final class VeltSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VeltSimulator.class);

    /** The workflow definitions the scenario starts executions of; most are of the first. */
    public static final List<String> DEFINITION_IDS = WorkflowScenario.DEFINITIONS;
    /** The agents the scenario runs; most runs are of the first. */
    public static final List<String> AGENT_IDS = List.of(AgentRunScenario.BRAND.id(), AgentRunScenario.ACCESSIBILITY.id());

    private final SimulatorOptions options;
    private final SimClock clock;
    private final SimWorld world = new SimWorld();
    private final SimJson json = new SimJson();
    private final ScenarioGenerator generator;
    private final Faults faults;
    private final RequestLog requests = new RequestLog();
    private final CannedAnswers canned = new CannedAnswers();
    private final Webhooks webhooks;
    private final WorkflowEngine engine;
    private final AgentRunner runner;
    private final DefinitionsApi definitions;
    private final Random scriptRandom;
    private final WireMockServer server;
    private ScheduledExecutorService ticker;
    private boolean clockStarted;

    private VeltSimulator(SimulatorOptions options) {
        this.options = options;
        this.clock = new SimClock(options.startTime(), options.simulatedMillisPerTick());
        this.faults = new Faults(options.seed() + 3);
        this.webhooks = new Webhooks(json, options);
        this.engine = new WorkflowEngine(world, json, clock, webhooks, options.seed() + 2);
        this.runner = new AgentRunner(world, json, clock, options.seed() + 5);
        this.definitions = new DefinitionsApi(json);
        this.generator = new ScenarioGenerator(options, clock, engine);
        this.scriptRandom = new Random(options.seed() + 4);
        VeltApiHandler.Hooks hooks = new VeltApiHandler.Hooks() {

            @Override
            public void beforeRequest() {
                if (options.ticksPerRequest() > 0) {
                    advance(options.ticksPerRequest());
                }
            }

            @Override
            public void afterRequest() {
                pushWebhooks();
            }
        };
        WireMockConfiguration config = WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .notifier(new Slf4jNotifier(false))
                .disableRequestJournal()
                .gzipDisabled(true)
                .extensions(new VeltApiHandler(this, world, json, options, engine, runner, definitions, faults, canned,
                        requests, hooks));
        config = options.port() > 0 ? config.port(options.port()) : config.dynamicPort();
        this.server = new WireMockServer(config);
    }

    /**
     * Runs a simulator on its own until Ctrl-C, e.g. to point another application at it:
     * {@code ./mvnw -B -q -pl camel-velt-test compile exec:java -Dexec.args="8099 42"} (port, seed; then optionally a
     * webhook
     * URL and secret to push every event to). Prints its base URL and credentials.
     */
    public static void main(String[] args) throws InterruptedException {
        SimulatorOptions options = SimulatorOptions.defaults()
                .port(args.length > 0 ? Integer.parseInt(args[0]) : 8099)
                .seed(args.length > 1 ? Long.parseLong(args[1]) : 42)
                .workflowExecutions(-1)
                .agentRuns(-1);
        if (args.length > 3) {
            options.webhook(args[2], args[3]);
        }
        VeltSimulator simulator = start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::stop));
        System.out.println("Velt simulator at " + simulator.baseUrl() + " (x-velt-api-key " + options.apiKey()
                           + ", x-velt-auth-token " + options.authToken() + "; definitions " + DEFINITION_IDS
                           + ", agents " + AGENT_IDS + "); Ctrl-C to stop");
        Thread.currentThread().join();
    }

    /** Starts the HTTP server and the clock. */
    public static VeltSimulator start(SimulatorOptions options) {
        VeltSimulator simulator = create(options);
        simulator.startClock();
        return simulator;
    }

    /**
     * Starts the HTTP server only: the API answers, with nothing in it until {@link #startClock()} (so a client can be
     * started first and see the whole scenario happen).
     */
    public static VeltSimulator create(SimulatorOptions options) {
        VeltSimulator simulator = new VeltSimulator(options);
        simulator.server.start();
        simulator.server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(VeltApiHandler.NAME)));
        LOG.debug("Velt simulator listening on {} (seed {})", simulator.baseUrl(), options.seed());
        return simulator;
    }

    /**
     * Fixes tick 0 at now (unless {@code startTime} was given) and, unless {@code tickMillis} is 0, starts ticking.
     * Calling it again does nothing.
     */
    public synchronized void startClock() {
        if (clockStarted) {
            return;
        }
        clockStarted = true;
        clock.startAt(System.currentTimeMillis());
        if (options.tickMillis() > 0) {
            ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "velt-simulator-clock");
                thread.setDaemon(true);
                return thread;
            });
            ticker.scheduleAtFixedRate(this::tickSafely, options.tickMillis(), options.tickMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** What to use as the component's {@code baseUrl}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public SimulatorOptions options() {
        return options;
    }

    /** The {@code x-velt-api-key} it accepts. */
    public String apiKey() {
        return options.apiKey();
    }

    /** The {@code x-velt-auth-token} it accepts. */
    public String authToken() {
        return options.authToken();
    }

    /** The HTTP port it listens on (127.0.0.1). */
    public int port() {
        return server.port();
    }

    /** The fault plan, per path. */
    public Faults faults() {
        return faults;
    }

    /** Every request received so far. */
    public RequestLog requests() {
        return requests;
    }

    /** Webhook delivery: its record of attempts, and its faults (drops, duplicates, reordering, outages). */
    public Webhooks webhooks() {
        return webhooks;
    }

    /**
     * Runs {@code changes} (scripting executions and runs, say) with no tick and no request in between: a client sees
     * all of them or none.
     */
    public synchronized void atomically(Runnable changes) {
        changes.run();
    }

    /**
     * Answers {@code path} with {@code body} (the whole response, e.g. {@code {"result": ...}}), byte for byte, for every
     * request that names {@code id} as its {@code executionId} (else {@code agentId}, else {@code definitionId}); for
     * {@code agents/execution/get}, {@code includeResults} says which of the two answers this is.
     */
    public VeltSimulator cannedAnswer(String path, String id, boolean includeResults, String body) {
        canned.put(path, id, includeResults, body);
        return this;
    }

    /**
     * Answers the requests to {@code path} whose {@code data} matches with HTTP {@code status} and {@code body} (the
     * whole response, e.g. {@code {"result": ...}} or an error envelope), byte for byte, before anything else: an
     * answer Velt gives only in a given state, such as an empty page that still has more
     * ({@code data -> data.path("sinceSeq").asLong() == 2}).
     */
    public VeltSimulator cannedAnswer(String path, Predicate<JsonNode> data, int status, String body) {
        canned.put(path, data, status, body);
        return this;
    }

    /**
     * Serves the examples of Velt's API reference pages byte for byte: execution {@value CannedAnswers#PAGE_EXECUTION_ID}
     * ({@code workflow/executions/get} and {@code getEvents}), agent run {@value CannedAnswers#PAGE_AGENT_RUN_ID}
     * ({@code agents/execution/get}, with and without results) and, with {@code legacyAgentList}, agent
     * {@value CannedAnswers#PAGE_AGENT_ID}'s list in the older envelope.
     */
    public VeltSimulator withApiPageExamples() {
        canned.putApiPageExamples(options.legacyAgentList());
        return this;
    }

    /**
     * The definition {@code dispatch} plays for its id (instead of {@link WorkflowDefinition#approval(String)});
     * {@code workflow/definitions/get} and {@code list} show it from now on, with {@code updatedAt} now.
     */
    public VeltSimulator define(WorkflowDefinition definition) {
        engine.define(definition);
        definitions.define(definition, System.currentTimeMillis());
        return this;
    }

    /**
     * How the runs that {@code agents/execution/run} starts end: each is {@code running} for {@code ticks} ticks, then
     * ends with {@code status} ({@code passed}, {@code failed}, {@code partial}, {@code error}, {@code skipped}) and
     * {@code findings}, placed on the run's URL. By default a run lasts 3 ticks and fails with one critical and one
     * low finding ({@link #brandFinding(String, String, String)}).
     */
    public VeltSimulator agentRunOutcome(long ticks, String status, List<SimFinding> findings) {
        runner.outcome(ticks, status, findings);
        return this;
    }

    /** A finding for {@link #agentRunOutcome}: its URL is the run's. */
    public static SimFinding brandFinding(String id, String severity, String title) {
        return AgentRunner.finding(id, severity, title);
    }

    /** From now on {@code agents/execution/run} answers RESOURCE_EXHAUSTED (the workspace's AI credits are spent). */
    public VeltSimulator aiCreditsExhausted(boolean exhausted) {
        runner.creditsExhausted(exhausted);
        return this;
    }

    /** {@code agents/execution/count} counts {@code -1} (a count that failed) for {@code agentId}. */
    public VeltSimulator failAgentCount(String agentId) {
        runner.failCount(agentId);
        return this;
    }

    /**
     * With true, {@code recordReviewerDecision} on a step that no longer waits answers FAILED_PRECONDITION even when it
     * repeats the decision that completed the step (as Velt's docs describe it); by default such a replay answers
     * {@code recorded: false}.
     */
    public VeltSimulator decidedStepsRefuseDecisions(boolean refuse) {
        engine.decidedStepsRefuse(refuse);
        return this;
    }

    /** Forgets an agent run: {@code agents/execution/get} answers NOT_FOUND for it from now on. */
    public synchronized VeltSimulator removeAgentRun(String runId) {
        world.removeRun(runId);
        return this;
    }

    /** Pushes {@code executionId}'s external events as signed webhooks to {@code url} from now on. */
    public synchronized VeltSimulator pushTo(String executionId, String url, String secret) {
        webhooks.target(executionId, url, secret);
        pushWebhooks();
        return this;
    }

    /**
     * Adds an execution of {@code definitionId} that starts at the current tick, listed as {@code running} with no
     * events: give it events (seq gaps, internal and terminal ones) through the returned script.
     */
    public synchronized ScriptedExecution addExecution(String executionId, String definitionId) {
        return addExecution(executionId, definitionId, world.tick(), world.tick());
    }

    /**
     * Adds an execution listed from {@code visibleFromTick}, {@code pending} without {@code startedAt} until
     * {@code startTick}; {@code startedAt} is the simulated time of {@code startTick}.
     */
    public synchronized ScriptedExecution addExecution(String executionId, String definitionId, long visibleFromTick,
            long startTick) {
        SimExecution execution = new SimExecution(executionId, definitionId, 1, "corr_" + executionId, null,
                visibleFromTick, startTick, clock.timeOf(startTick), List.of(), List.of());
        world.add(execution);
        return new ScriptedExecution(this, execution);
    }

    /** Adds an agent run of {@code agentId} that starts now and runs until {@link #finishAgentRun}. */
    public synchronized SimAgentRun addAgentRun(String runId, String agentId) {
        long tick = world.tick();
        SimAgentRun run = new SimAgentRun(runId, agentId, agentId, 1, "org_sim", "doc_sim", "https://www.acme.example/",
                false, tick, Long.MAX_VALUE, clock.timeOf(tick), 0, "running", "Execution in progress",
                List.of(), null, null, Map.of());
        world.add(run);
        return run;
    }

    /**
     * Adds an agent run that starts at {@code startTick} and ends at {@code endTick} with {@code status} ({@code
     * passed}, {@code failed}, {@code partial}, {@code error}, {@code skipped}) and {@code results}.
     */
    public synchronized SimAgentRun addAgentRun(String runId, String agentId, long startTick, long endTick,
            String status, List<SimUrlResult> results) {
        SimAgentRun run = AgentRunScenario.scripted(runId, agentId, clock, startTick, endTick, status, results, null);
        world.add(run);
        return run;
    }

    /** Finishes a run now with {@code status} and {@code results}. */
    public synchronized SimAgentRun finishAgentRun(String runId, String status, List<SimUrlResult> results) {
        SimAgentRun started = requireRun(runId);
        SimAgentRun run = AgentRunScenario.scripted(runId, started.agentId(), clock, started.startTick(),
                Math.max(world.tick(), started.startTick()), status, results, started.previousExecutionId());
        world.add(run);
        return run;
    }

    /**
     * Reruns a finished agent run (match-and-merge): the new run, with {@code previousExecutionId} set, finds the same
     * problems again (same page, issue type, target text and selector, under new finding ids) but the last one, which
     * was fixed, plus {@code newFindings}; {@code resultsSummary.matchResult} counts them ({@code created} new,
     * {@code skipped} matched, {@code resolved} gone). It starts now and runs as long as the original.
     */
    public synchronized SimAgentRun rerunAgent(String runId, List<SimFinding> newFindings) {
        SimAgentRun rerun = AgentRunScenario.rerun(requireRun(runId), "exec_" + clock.timeOf(world.tick()) + "_"
                                                                      + Ids.alnum(scriptRandom, 12),
                world.tick(), clock, newFindings);
        world.add(rerun);
        return rerun;
    }

    private SimAgentRun requireRun(String runId) {
        SimAgentRun run = world.anyRun(runId);
        if (run == null) {
            throw new IllegalArgumentException("no agent run " + runId);
        }
        return run;
    }

    /** Schedules the webhook pushes of what has happened by now. */
    synchronized void pushWebhooks() {
        webhooks.pump(world.executions(), world.tick());
    }

    /**
     * The external events that have happened by now, per execution in seq order, as {@code executionId#seq}: what a
     * route following {@code definitionId} (null: every definition) must have received.
     */
    public synchronized Map<String, List<String>> expectedEvents(String definitionId) {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        long tick = world.tick();
        for (SimExecution execution : world.executions()) {
            if (definitionId == null || definitionId.equals(execution.definitionId())) {
                expected.put(execution.executionId(), execution.eventsAt(tick).stream().filter(e -> !e.internal())
                        .map(e -> execution.executionId() + "#" + e.seq()).toList());
            }
        }
        expected.values().removeIf(List::isEmpty);
        return expected;
    }

    /** Epoch ms of tick 0, fixed when the clock starts: every execution and run starts after it. */
    public long startTime() {
        return clock.startTime();
    }

    /** The current tick of the simulator's clock. */
    public long tick() {
        return world.tick();
    }

    /** The simulated epoch ms of {@code tick}. */
    public long timeOf(long tick) {
        return clock.timeOf(tick);
    }

    /** Moves the clock on by {@code ticks}, starting what the scenario starts on the way; starts the clock if needed. */
    public synchronized void advance(int ticks) {
        if (!clockStarted) {
            startClock();
        }
        for (int i = 0; i < ticks; i++) {
            long next = world.tick() + 1;
            generator.onTick(next, world);
            world.setTick(next);
        }
        pushWebhooks();
    }

    private void tickSafely() {
        try {
            advance(1);
        } catch (RuntimeException e) {
            LOG.error("Velt simulator tick failed", e);
        }
    }

    /** Every workflow execution started so far, in start order, with its whole timeline (also the part still to come). */
    public List<SimExecution> executions() {
        return world.executions();
    }

    /** Every agent run started so far, in start order, with its outcome (also when still running). */
    public List<SimAgentRun> agentRuns() {
        return world.runs();
    }

    /**
     * True once everything the scenario starts has started and every timeline has played to its last written event:
     * the clock will change nothing more (a dispatched execution may still wait for a decision).
     */
    public synchronized boolean isSettled() {
        long tick = world.tick();
        return generator.done()
                && world.executions().stream().allMatch(e -> e.events().stream().allMatch(event -> event.tick() <= tick))
                && world.runs().stream().allMatch(r -> r.finishedAt(tick));
    }

    /**
     * Starts afresh on the same server and clock: forgets every execution, run, canned answer, fault and request, so one
     * simulator can play many short scenarios one after another (the tick goes on from where it is, so times only move
     * forward).
     */
    public synchronized void reset() {
        world.clear();
        canned.clear();
        faults.clear();
        requests.clear();
    }

    /** Stops the clock, webhook delivery and the server. */
    public void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        webhooks.close();
        server.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
