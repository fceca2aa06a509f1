package dev.velt.camel.builder.endpoint;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.component.VeltEndpoint;
import dev.velt.camel.component.VeltOperation;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.velt.camel.builder.endpoint.StaticEndpointBuilders.velt;
import static org.assertj.core.api.Assertions.assertThat;

/** The generated Endpoint DSL builders in a plain Java RouteBuilder, against a WireMock Velt. */
class VeltEndpointDslTest {

    private final WireMockServer wireMock = new WireMockServer(wireMockConfig().dynamicPort());
    private CamelContext context;

    @BeforeEach
    void start() {
        wireMock.start();
        context = new DefaultCamelContext();
    }

    @AfterEach
    void stop() {
        context.stop();
        wireMock.stop();
    }

    @Test
    void aProducerBuiltWithTheDslCallsVelt() throws Exception {
        wireMock.stubFor(post(urlPathEqualTo("/v2/workflow/executions/get")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(
                        "{\"result\":{\"executionId\":\"exec_1\",\"status\":\"running\",\"definitionId\":\"def_1\",\"steps\":[]}}")));
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                from("direct:status")
                        .to(velt("getExecution").executionId("exec_1").apiKey("ak_dsl").authToken("tok_dsl")
                                .baseUrl(wireMock.baseUrl()).advanced().maxRetries(0));
            }
        });
        context.start();

        Exchange result = context.createProducerTemplate().request("direct:status", e -> {
        });

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getHeader(VeltConstants.EXECUTION_STATUS)).isEqualTo("running");
        wireMock.verify(1, postRequestedFor(urlPathEqualTo("/v2/workflow/executions/get"))
                .withHeader("x-velt-api-key", equalTo("ak_dsl"))
                .withRequestBody(equalToJson("{\"data\":{\"executionId\":\"exec_1\"}}")));
    }

    @Test
    void aConsumerBuiltWithTheDslGetsEveryOptionAndHidesTheSecrets() throws Exception {
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                from(velt("events").definitionId("def_1").types("step.awaiting-approval,execution.failed")
                        .maxMessagesPerPoll(10).apiKey("ak_dsl").authToken("tok_dsl").baseUrl(wireMock.baseUrl()))
                        .routeId("dsl-consumer").autoStartup(false)
                        .to("log:velt");
            }
        });
        context.start();

        VeltEndpoint endpoint = (VeltEndpoint) context.getRoute("dsl-consumer").getEndpoint();
        assertThat(endpoint.getOperation()).isEqualTo(VeltOperation.events);
        assertThat(endpoint.getConfiguration().getDefinitionId()).isEqualTo("def_1");
        assertThat(endpoint.getConfiguration().getTypes()).isEqualTo("step.awaiting-approval,execution.failed");
        assertThat(endpoint.getConfiguration().getMaxMessagesPerPoll()).isEqualTo(10);
        assertThat(endpoint.getConfiguration().getApiKey()).isEqualTo("ak_dsl");
        assertThat(endpoint.getEndpointUri()).doesNotContain("ak_dsl", "tok_dsl");
    }
}
