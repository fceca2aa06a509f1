package dev.velt.camel.examples.quarkus;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the Velt simulator before the application and points the velt component at it. Its clock is manual: it is
 * moved on until one execution of the followed definition has finished while others still run, and stays there while
 * the application starts. Tests get the simulator in a field annotated {@link InjectVeltSimulator}.
 */
public class VeltSimulatorResource implements QuarkusTestResourceLifecycleManager {

    static final String DEFINITION = "marketing-copy-approval";
    /** The credentials application.properties configures for the test profile; the simulator answers no others. */
    static final String API_KEY = "ak_quarkus_example";
    static final String AUTH_TOKEN = "tok_quarkus_example";

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectVeltSimulator {
    }

    private VeltSimulator velt;

    @Override
    public Map<String, String> start() {
        // Seed 14, six executions: when the first execution of the followed definition ends, another definition's has
        // ended too, two of the followed one and one of the other still run, and one of the followed one is still to
        // start. The simulated time lies in the past (tick 0 ten minutes ago, 100 ms a tick), so the executions
        // finished by then are older than the application's start, as they would be in Velt.
        velt = VeltSimulator.create(SimulatorOptions.defaults()
                .seed(14).workflowExecutions(6).agentRuns(0).meanStartGapTicks(8)
                .tickMillis(0).simulatedMillisPerTick(100).startTime(System.currentTimeMillis() - 600_000)
                .apiKey(API_KEY).authToken(AUTH_TOKEN));
        while (velt.executions().stream().noneMatch(e -> e.definitionId().equals(DEFINITION) && e.endTick() <= velt.tick())) {
            velt.advance(1);
        }
        return Map.of("camel.component.velt.base-url", velt.baseUrl(),
                "velt.example.definition-id", DEFINITION,
                "camel.server.port", String.valueOf(freePort()));
    }

    /** A free local port for the application's webhook server. */
    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(velt,
                new TestInjector.AnnotatedAndMatchesType(InjectVeltSimulator.class, VeltSimulator.class));
    }

    @Override
    public void stop() {
        if (velt != null) {
            velt.stop();
        }
    }
}
