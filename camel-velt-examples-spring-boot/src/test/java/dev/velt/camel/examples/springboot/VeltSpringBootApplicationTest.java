package dev.velt.camel.examples.springboot;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.velt.camel.examples.springboot.ExecutionEventLog.Entry;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the application as it is (its application.yaml, its YAML route, Camel Spring Boot's configuration of the velt
 * component) against a Velt stub in WireMock, whose URL replaces the base URL before the context starts.
 */
@SpringBootTest(properties = {
        "camel.component.velt.api-key=" + VeltSpringBootApplicationTest.API_KEY,
        "camel.component.velt.auth-token=" + VeltSpringBootApplicationTest.AUTH_TOKEN,
        "velt.example.poll-delay=50",
        // the test ends the application, not a run controller
        "camel.main.run-controller=false"
})
@ExtendWith(OutputCaptureExtension.class)
class VeltSpringBootApplicationTest {

    static final String API_KEY = "ak_spring_boot_example";
    static final String AUTH_TOKEN = "tok_spring_boot_example";
    private static final String DEFINITION = "marketing-copy-approval";

    private static final VeltStub VELT = new VeltStub(API_KEY, AUTH_TOKEN);

    static {
        // what Velt holds when the application starts
        VELT.putExecution("exec_running", DEFINITION, "running", 2_000);
        VELT.addEvent("exec_running", 1, "execution.dispatched");
        VELT.addEvent("exec_running", 3, "step.awaiting-approval");
        // finished before the application started: not followed
        VELT.putExecution("exec_done", DEFINITION, "completed", 1_000);
        VELT.addEvent("exec_done", 1, "execution.dispatched");
        VELT.addEvent("exec_done", 2, "execution.completed");
        // another workflow: not followed
        VELT.putExecution("exec_other", "onboarding", "running", 3_000);
        VELT.addEvent("exec_other", 1, "execution.dispatched");
    }

    @DynamicPropertySource
    static void veltBaseUrl(DynamicPropertyRegistry registry) {
        registry.add("camel.component.velt.base-url", VELT::baseUrl);
    }

    @AfterAll
    static void stopVelt() {
        VELT.stop();
    }

    @Autowired
    CamelContext camelContext;

    @Autowired
    ExecutionEventLog eventLog;

    @Test
    void routeFollowsTheDefinitionsExecutionsAndEnrichesEachEventOnce(CapturedOutput output) {
        assertThat(camelContext.getRouteController().getRouteStatus("velt-execution-events")).isEqualTo(ServiceStatus.Started);

        await().atMost(Duration.ofSeconds(30)).until(() -> eventLog.entries().size() == 2);

        // the running execution finishes, and a new one starts and fails
        VELT.putExecution("exec_running", DEFINITION, "completed", 2_000);
        VELT.addEvent("exec_running", 4, "step.completed");
        VELT.addEvent("exec_running", 6, "execution.completed");
        VELT.putExecution("exec_new", DEFINITION, "failed", 4_000);
        VELT.addEvent("exec_new", 1, "execution.dispatched");
        VELT.addEvent("exec_new", 2, "execution.failed");

        await().atMost(Duration.ofSeconds(30)).until(() -> eventLog.entries().size() >= 6);
        // both executions are finished: nothing else arrives
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> eventLog.entries().size() == 6);

        List<Entry> entries = eventLog.entries();
        assertThat(entries.stream().filter(e -> e.executionId().equals("exec_running")).toList()).containsExactly(
                new Entry("exec_running", 1, "execution.dispatched", "running", DEFINITION),
                new Entry("exec_running", 3, "step.awaiting-approval", "running", DEFINITION),
                new Entry("exec_running", 4, "step.completed", "completed", DEFINITION),
                new Entry("exec_running", 6, "execution.completed", "completed", DEFINITION));
        assertThat(entries.stream().filter(e -> e.executionId().equals("exec_new")).toList()).containsExactly(
                new Entry("exec_new", 1, "execution.dispatched", "failed", DEFINITION),
                new Entry("exec_new", 2, "execution.failed", "failed", DEFINITION));

        // every call carried the credentials from the configuration, and each endpoint was used
        List<LoggedRequest> requests = VELT.server().findAll(postRequestedFor(urlPathMatching("/v2/.*")));
        assertThat(requests).isNotEmpty().allSatisfy(request -> {
            assertThat(request.getHeader("x-velt-api-key")).isEqualTo(API_KEY);
            assertThat(request.getHeader("x-velt-auth-token")).isEqualTo(AUTH_TOKEN);
        });
        for (String operation : List.of("list", "getEvents", "get")) {
            assertThat(VELT.server().findAll(postRequestedFor(urlEqualTo("/v2/workflow/executions/" + operation))))
                    .as(operation).isNotEmpty();
        }

        // the route's log steps ran, and the secrets were not logged
        assertThat(output.getOut()).contains("Velt event #3 step.awaiting-approval of execution exec_running")
                .contains("Execution exec_new (" + DEFINITION + ") is failed")
                .doesNotContain(API_KEY).doesNotContain(AUTH_TOKEN);
    }
}
