package dev.velt.camel.test;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a {@link VeltSimulator} on a free port for a JUnit 5 test and stops it afterwards:
 *
 * <pre>{@code
 *
 * @RegisterExtension
 * static VeltSimulatorExtension velt = new VeltSimulatorExtension(SimulatorOptions.defaults().seed(7));
 * }</pre>
 *
 * In a static field it lives for the whole class, in an instance field for each test. The test reads
 * {@link #baseUrl()}, {@link #apiKey()} and {@link #authToken()} (or takes a {@link VeltSimulator} parameter). With
 * {@code tickMillis} above 0 the clock starts with the simulator; {@link #clockStartedByTest()} leaves that to the test
 * (so a route can be running before anything happens).
 */
public final class VeltSimulatorExtension
        implements
            BeforeAllCallback,
            AfterAllCallback,
            BeforeEachCallback,
            AfterEachCallback,
            ParameterResolver {

    private final SimulatorOptions options;
    private boolean startClock = true;
    private VeltSimulator simulator;
    private boolean perClass;

    /** A simulator with a manual clock ({@code tickMillis(0)}) and the default scenario options. */
    public VeltSimulatorExtension() {
        this(SimulatorOptions.defaults().tickMillis(0));
    }

    public VeltSimulatorExtension(SimulatorOptions options) {
        this.options = options;
    }

    /** The test starts the clock itself ({@link VeltSimulator#startClock()}); the server still starts before it. */
    public VeltSimulatorExtension clockStartedByTest() {
        this.startClock = false;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    private void start() {
        simulator = VeltSimulator.create(options);
        if (startClock) {
            simulator.startClock();
        }
    }

    private void stop() {
        if (simulator != null) {
            simulator.stop();
            simulator = null;
        }
    }

    /** The running simulator. */
    public VeltSimulator simulator() {
        if (simulator == null) {
            throw new IllegalStateException("the Velt simulator runs only while a test of its class runs");
        }
        return simulator;
    }

    /** What to configure as the component's {@code baseUrl}. */
    public String baseUrl() {
        return simulator().baseUrl();
    }

    public String apiKey() {
        return options.apiKey();
    }

    public String authToken() {
        return options.authToken();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == VeltSimulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return simulator();
    }
}
