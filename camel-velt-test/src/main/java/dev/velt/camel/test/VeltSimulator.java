package dev.velt.camel.test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateful fake of the Velt REST API on WireMock: workflow executions move through their steps and agent runs
 * finish as the simulator's clock ticks, generated from a seed. Start it with {@link #start(SimulatorOptions)} (or
 * {@link #create(SimulatorOptions)} then {@link #startClock()}), point a client at {@link #baseUrl()}, and read what
 * was generated with {@link #executions()} and {@link #agentRuns()}.
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
    private final ScenarioGenerator generator;
    private final WireMockServer server;
    private ScheduledExecutorService ticker;
    private boolean clockStarted;

    private VeltSimulator(SimulatorOptions options) {
        this.options = options;
        this.clock = new SimClock(options.startTime(), options.simulatedMillisPerTick());
        this.generator = new ScenarioGenerator(options, clock);
        WireMockConfiguration config = WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .notifier(new Slf4jNotifier(false))
                .disableRequestJournal()
                .gzipDisabled(true)
                .extensions(new VeltApiHandler(world, new SimJson(), options));
        config = options.port() > 0 ? config.port(options.port()) : config.dynamicPort();
        this.server = new WireMockServer(config);
    }

    /**
     * Runs a simulator on its own until Ctrl-C, e.g. to point another application at it:
     * {@code ./mvnw -q -pl camel-velt-test exec:java
     * -Dexec.args="8099 42"} (port, seed; API key {@code sim-api-key}, auth token {@code sim-auth-token}).
     */
    public static void main(String[] args) throws InterruptedException {
        SimulatorOptions options = SimulatorOptions.defaults()
                .port(args.length > 0 ? Integer.parseInt(args[0]) : 8099)
                .seed(args.length > 1 ? Long.parseLong(args[1]) : 42)
                .workflowExecutions(-1)
                .agentRuns(-1);
        VeltSimulator simulator = start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::stop));
        System.out.println("Velt simulator at " + simulator.baseUrl() + " (api key " + options.apiKey()
                           + ", auth token " + options.authToken() + "); Ctrl-C to stop");
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

    /** Epoch ms of tick 0, fixed when the clock starts: every execution and run starts after it. */
    public long startTime() {
        return clock.startTime();
    }

    public long tick() {
        return world.tick();
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

    /** True once everything the scenario starts has started and has ended: nothing more will change. */
    public synchronized boolean isSettled() {
        long tick = world.tick();
        return generator.done()
               && world.executions().stream().allMatch(e -> e.endTick() <= tick)
               && world.runs().stream().allMatch(r -> r.finishedAt(tick));
    }

    /** Stops the clock and the server. */
    public void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        server.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
