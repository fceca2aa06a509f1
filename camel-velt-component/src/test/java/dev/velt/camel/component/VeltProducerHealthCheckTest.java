package dev.velt.camel.component;

import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The producer health check judges from the calls already made and never calls Velt itself. Velt is plain WireMock
 * stubs here: each answer is set by the test, and the journal says no call was made.
 */
class VeltProducerHealthCheckTest {

    @RegisterExtension
    static final WireMockExtension VELT = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String GET = "/v2/workflow/executions/get";
    private CamelContext context;

    @AfterEach
    void stopContext() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void downAfterVeltRefusedTheCredentialsUpAfterASuccessAndUnmovedByACallersMistake() throws Exception {
        context = startContextWithProducerChecks();
        ProducerTemplate template = context.createProducerTemplate();
        String uri = "velt:getExecution?executionId=exec_1";

        VELT.stubFor(post(urlEqualTo(GET)).willReturn(okJson("{\"result\":{\"executionId\":\"exec_1\",\"status\":\"running\"}}")));
        template.send(uri, e -> {
        });
        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.UP);

        VELT.stubFor(post(urlEqualTo(GET)).willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Execution not found\",\"status\":\"NOT_FOUND\"}}")));
        template.send(uri, e -> {
        });
        assertThat(readiness().getState()).as("a caller's mistake").isEqualTo(HealthCheck.State.UP);

        VELT.stubFor(post(urlEqualTo(GET)).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Invalid API key\",\"status\":\"PERMISSION_DENIED\"}}")));
        template.send(uri, e -> {
        });
        int requests = VELT.findAll(anyRequestedFor(anyUrl())).size();
        HealthCheck.Result down = readiness();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getDetails()).containsEntry("velt.status", "PERMISSION_DENIED")
                .containsEntry(HealthCheck.HTTP_RESPONSE_CODE, 403).containsEntry("velt.operation", "getExecution");
        assertThat(VELT.findAll(anyRequestedFor(anyUrl()))).as("the check made no call").hasSize(requests);
    }

    @Test
    void missingCredentialsKeepTheProducerFromStartingAtAll() {
        context = startContextWithProducerChecks();
        context.getComponent("velt", VeltComponent.class).getConfiguration().setApiKey(null);

        assertThatThrownBy(() -> context.createProducerTemplate()
                .send("velt:getExecution?executionId=exec_1&lazyStartProducer=false", e -> {
                }))
                .rootCause().hasMessageContaining("velt:getExecution cannot call Velt: apiKey is not set");
        assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).as("requests sent").isEmpty();
    }

    private CamelContext startContextWithProducerChecks() {
        CamelContext camel = new DefaultCamelContext();
        HealthCheckRegistry registry = new DefaultHealthCheckRegistry();
        registry.setCamelContext(camel);
        camel.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, registry);
        // producer checks are off by default in Camel (camel.health.producersEnabled=true turns them on)
        HealthCheckRepository producers = (HealthCheckRepository) registry.resolveById("producers");
        producers.setEnabled(true);
        registry.register(producers);
        VeltComponent velt = new VeltComponent();
        velt.getConfiguration().setBaseUrl(VELT.baseUrl());
        velt.getConfiguration().setApiKey("ak_test_key");
        velt.getConfiguration().setAuthToken("tok_test_token");
        velt.getConfiguration().setRetryDelay(1);
        velt.getConfiguration().setRetryMaxDelay(20);
        camel.addComponent("velt", velt);
        camel.start();
        return camel;
    }

    private HealthCheck.Result readiness() {
        Optional<HealthCheck.Result> result = HealthCheckHelper.invokeReadiness(context).stream()
                .filter(r -> r.getCheck().getId().startsWith("producer:velt-")).findFirst();
        assertThat(result).as("the velt producer's check").isPresent();
        return result.get();
    }
}
