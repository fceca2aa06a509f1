package dev.velt.camel.examples.quarkus;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the Velt stub before the application, with what Velt holds when the application starts, and points the
 * velt component at it. Tests get the stub in a field annotated {@link InjectVeltStub}.
 */
public class VeltStubResource implements QuarkusTestResourceLifecycleManager {

    static final String DEFINITION = "marketing-copy-approval";
    /** The credentials application.properties configures for the test profile; the stub answers no others. */
    static final String API_KEY = "ak_quarkus_example";
    static final String AUTH_TOKEN = "tok_quarkus_example";

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectVeltStub {
    }

    private VeltStub velt;

    @Override
    public Map<String, String> start() {
        velt = new VeltStub(API_KEY, AUTH_TOKEN);
        // what Velt holds when the application starts
        velt.putExecution("exec_running", DEFINITION, "running", 2_000);
        velt.addEvent("exec_running", 1, "execution.dispatched");
        velt.addEvent("exec_running", 3, "step.awaiting-approval");
        // finished before the application started: not followed
        velt.putExecution("exec_done", DEFINITION, "completed", 1_000);
        velt.addEvent("exec_done", 1, "execution.dispatched");
        velt.addEvent("exec_done", 2, "execution.completed");
        // another workflow: not followed
        velt.putExecution("exec_other", "onboarding", "running", 3_000);
        velt.addEvent("exec_other", 1, "execution.dispatched");
        return Map.of("camel.component.velt.base-url", velt.baseUrl());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(velt, new TestInjector.AnnotatedAndMatchesType(InjectVeltStub.class, VeltStub.class));
    }

    @Override
    public void stop() {
        if (velt != null) {
            velt.stop();
        }
    }
}
