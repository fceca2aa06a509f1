package dev.velt.camel.examples.usertest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.velt.camel.component.VeltComponent;
import dev.velt.camel.test.ScriptedExecution;
import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltSimulatorExtension;
import dev.velt.camel.test.Webhooks;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class MyPushRouteTest extends CamelTestSupport {

    static final String SECRET = "my-test-webhook-secret-0123456789";
    static final int PORT = AvailablePortFinder.getNextAvailable();

    @RegisterExtension
    static final VeltSimulatorExtension VELT = new VeltSimulatorExtension(SimulatorOptions.defaults()
            .tickMillis(0).workflowExecutions(0).agentRuns(0)).clockStartedByTest();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        // platform-http needs an HTTP server: Camel Main starts one with camel.server.enabled=true, a
        // @SpringBootTest(webEnvironment = RANDOM_PORT) has Spring Boot's; in CamelTestSupport, add Vert.x's yourself
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindPort(PORT);
        context.addService(new VertxPlatformHttpServer(server));
        VeltComponent velt = context.getComponent("velt", VeltComponent.class);
        velt.getConfiguration().setBaseUrl(VELT.baseUrl());
        velt.getConfiguration().setApiKey(VELT.apiKey());
        velt.getConfiguration().setAuthToken(VELT.authToken());
        velt.getConfiguration().setWebhookSecret(SECRET);
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {

            @Override
            public void configure() {
                from("velt:events?definitionId=press-release-approval&webhookPath=/velt/events&delay=3600000")
                        .to("mock:events");
            }
        };
    }

    @Test
    void signedPushesReachTheRouteAndAWrongSignatureIsRefused() throws Exception {
        String url = "http://localhost:" + PORT + "/velt/events";
        MockEndpoint events = getMockEndpoint("mock:events");
        events.expectedHeaderValuesReceivedInAnyOrder("CamelVeltEventSeq", 1L, 2L);
        VELT.simulator().startClock();
        ScriptedExecution execution = VELT.simulator().addExecution("exec_push_1", "press-release-approval");
        VELT.simulator().pushTo(execution.executionId(), url, SECRET);

        execution.event(1, "execution.dispatched").event(2, "step.awaiting-approval");

        events.assertIsSatisfied();
        String body = "{\"event\":\"step.completed\",\"executionId\":\"exec_push_1\",\"seq\":3,"
                      + "\"timestamp\":\"2026-12-01T10:00:00Z\",\"data\":null}";
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("x-velt-signature", Webhooks.signature("not-the-secret-0123456789", body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
    }
}
