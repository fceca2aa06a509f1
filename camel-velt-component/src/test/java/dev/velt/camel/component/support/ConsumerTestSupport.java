package dev.velt.camel.component.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.velt.camel.component.VeltComponent;
import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * A Velt simulator (camel-velt-test) per test and real CamelContexts running consumer routes against it. By default its
 * clock ticks every 10 ms of real time (a tick is 10 ms of simulated time too, so what happens "now" happens at about
 * the wall clock's time) and nothing is generated: each test writes the executions and runs it needs, through
 * {@link #velt} or the simulator itself.
 */
public abstract class ConsumerTestSupport {

    public static final String API_KEY = "ak_test_key";
    public static final String AUTH_TOKEN = "tok_test_token";
    /** Simulated (and real) milliseconds per tick of the default clock. */
    protected static final long TICK_MS = 10;

    protected VeltSimulator simulator;
    /** Shorthand for scripting executions into {@link #simulator}. */
    protected VeltScript velt;
    private final List<CamelContext> contexts = new ArrayList<>();

    /** The test about to run, for options that differ by test. */
    protected TestInfo testInfo;

    @BeforeEach
    void startVelt(TestInfo testInfo) {
        this.testInfo = testInfo;
        simulator = VeltSimulator.create(simulatorOptions().apiKey(API_KEY).authToken(AUTH_TOKEN));
        if (startClockBeforeTest()) {
            simulator.startClock();
        }
        velt = new VeltScript(simulator);
    }

    /** The simulator's options: {@link #clockTickingWithRealTime()}, unless a test needs others. */
    protected SimulatorOptions simulatorOptions() {
        return clockTickingWithRealTime();
    }

    /** An empty scenario and a clock ticking every {@value #TICK_MS} ms, a tick being as long in simulated time. */
    protected static SimulatorOptions clockTickingWithRealTime() {
        return SimulatorOptions.defaults().workflowExecutions(0).agentRuns(0).tickMillis(TICK_MS)
                .simulatedMillisPerTick(TICK_MS);
    }

    /**
     * Whether the simulator's clock starts before the test; tests whose stream must start after their route (so that
     * nothing in it ended before the consumer's first start) return false and start it themselves.
     */
    protected boolean startClockBeforeTest() {
        return true;
    }

    @AfterEach
    void stopAll() throws Exception {
        for (CamelContext context : contexts) {
            context.stop();
        }
        simulator.stop();
    }

    /**
     * Starts a CamelContext whose velt component points at the simulator, with one route from {@code uri} to
     * {@code processor}.
     */
    protected CamelContext startRoute(String uri, Processor processor) throws Exception {
        return startRoute(uri, processor, context -> {
        });
    }

    /** As {@link #startRoute(String, Processor)}, letting {@code setup} bind beans before the context starts. */
    protected CamelContext startRoute(String uri, Processor processor, Consumer<CamelContext> setup) throws Exception {
        CamelContext context = new DefaultCamelContext();
        setup.accept(context);
        configure(context);
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from(uri).routeId("consumer").process(processor);
            }
        });
        context.start();
        contexts.add(context);
        return context;
    }

    /** Adds a velt component pointing at the simulator, retrying fast. */
    protected void configure(CamelContext context) {
        VeltComponent velt = new VeltComponent();
        velt.getConfiguration().setBaseUrl(simulator.baseUrl());
        velt.getConfiguration().setApiKey(API_KEY);
        velt.getConfiguration().setAuthToken(AUTH_TOKEN);
        velt.getConfiguration().setRetryDelay(1);
        velt.getConfiguration().setRetryMaxDelay(20);
        context.addComponent("velt", velt);
    }

    protected void stop(CamelContext context) throws Exception {
        context.stop();
        contexts.remove(context);
    }

    /** How many requests to {@code path} (e.g. {@code /v2/workflow/executions/list}) the simulator received. */
    protected int requestsTo(String path) {
        return simulator.requests().count(path);
    }

    /** How many requests to {@code path} named {@code executionId} in their {@code data}. */
    protected int requestsFor(String path, String executionId) {
        return requestsWith(path, "executionId", executionId);
    }

    /** How many requests to {@code path} had {@code field} of their {@code data} at {@code value} (as text). */
    protected int requestsWith(String path, String field, String value) {
        return (int) simulator.requests().to(path).stream()
                .filter(r -> value.equals(r.data().path(field).asText())).count();
    }

    /** A consumer URI option string with fast polling for tests. */
    protected static String fast() {
        return "initialDelay=0&delay=20";
    }
}
