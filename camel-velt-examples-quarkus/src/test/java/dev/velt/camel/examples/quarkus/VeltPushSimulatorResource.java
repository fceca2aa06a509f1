package dev.velt.camel.examples.quarkus;

import java.util.Map;

import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Velt simulator with nothing in it for the push test, which scripts its own execution; polling all but off (a poll
 * an hour), so what reaches the route came by push. Tests get the simulator in a field annotated
 * {@link VeltSimulatorResource.InjectVeltSimulator}.
 */
public class VeltPushSimulatorResource implements QuarkusTestResourceLifecycleManager {

    static final String DEFINITION = "press-release-approval";

    private VeltSimulator velt;

    @Override
    public Map<String, String> start() {
        // the test starts the clock: its execution starts after the application, as a new one would
        velt = VeltSimulator.create(SimulatorOptions.defaults().tickMillis(0).workflowExecutions(0).agentRuns(0)
                .apiKey(VeltSimulatorResource.API_KEY).authToken(VeltSimulatorResource.AUTH_TOKEN));
        return Map.of("camel.component.velt.base-url", velt.baseUrl(),
                "velt.example.definition-id", DEFINITION,
                "velt.example.poll-delay", "3600000",
                "camel.server.port", String.valueOf(VeltSimulatorResource.freePort()));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(velt, new TestInjector.AnnotatedAndMatchesType(
                VeltSimulatorResource.InjectVeltSimulator.class, VeltSimulator.class));
    }

    @Override
    public void stop() {
        if (velt != null) {
            velt.stop();
        }
    }
}
