package dev.velt.camel.examples.quarkus;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;

import dev.velt.camel.component.VeltComponent;
import dev.velt.camel.examples.quarkus.ExecutionEventLog.Entry;
import dev.velt.camel.examples.quarkus.VeltStubResource.InjectVeltStub;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.velt.camel.examples.quarkus.VeltStubResource.API_KEY;
import static dev.velt.camel.examples.quarkus.VeltStubResource.AUTH_TOKEN;
import static dev.velt.camel.examples.quarkus.VeltStubResource.DEFINITION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the application as it is (its application.properties, its YAML route, Camel Quarkus' configuration of the
 * velt component) against a Velt stub in WireMock, started by {@link VeltStubResource} before the application.
 */
@QuarkusTest
@WithTestResource(VeltStubResource.class)
class VeltQuarkusApplicationTest {

    @InjectVeltStub
    VeltStub velt;

    @Inject
    CamelContext camelContext;

    @Inject
    ExecutionEventLog eventLog;

    @Test
    void routeFollowsTheDefinitionsExecutionsAndEnrichesEachEventOnce() {
        assertThat(camelContext.getRouteController().getRouteStatus("velt-execution-events")).isEqualTo(ServiceStatus.Started);
        // the component was configured from camel.component.velt.* in application.properties
        assertThat(camelContext.getComponent("velt", VeltComponent.class).getConfiguration().getBaseUrl()).isEqualTo(velt.baseUrl());

        await().atMost(Duration.ofSeconds(30)).until(() -> eventLog.entries().size() == 2);

        // the running execution finishes, and a new one starts and fails
        velt.putExecution("exec_running", DEFINITION, "completed", 2_000);
        velt.addEvent("exec_running", 4, "step.completed");
        velt.addEvent("exec_running", 6, "execution.completed");
        velt.putExecution("exec_new", DEFINITION, "failed", 4_000);
        velt.addEvent("exec_new", 1, "execution.dispatched");
        velt.addEvent("exec_new", 2, "execution.failed");

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
        List<LoggedRequest> requests = velt.server().findAll(postRequestedFor(urlPathMatching("/v2/.*")));
        assertThat(requests).isNotEmpty().allSatisfy(request -> {
            assertThat(request.getHeader("x-velt-api-key")).isEqualTo(API_KEY);
            assertThat(request.getHeader("x-velt-auth-token")).isEqualTo(AUTH_TOKEN);
        });
        for (String operation : List.of("list", "getEvents", "get")) {
            assertThat(velt.server().findAll(postRequestedFor(urlEqualTo("/v2/workflow/executions/" + operation))))
                    .as(operation).isNotEmpty();
        }
    }
}
