package dev.velt.camel.component.support;

import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.component.VeltComponent;
import dev.velt.camel.component.VeltConfiguration;
import dev.velt.camel.component.VeltOperationException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A real CamelContext whose {@code velt} component talks real HTTP to a WireMock server (one per test class, reset
 * before
 * every test) that serves the API pages' payloads. The component is configured at component level with
 * {@link #API_KEY}, {@link #AUTH_TOKEN} and the WireMock base URL, and with short retry delays so retrying tests stay
 * fast.
 */
public abstract class VeltTestSupport extends CamelTestSupport {

    public static final String API_KEY = "ak_test_4f7c2e91";
    public static final String AUTH_TOKEN = "tok_test_9b1d3a58";

    public static final String GET_EXECUTION = "workflow/executions/get";
    public static final String GET_EVENTS = "workflow/executions/getEvents";
    public static final String AGENT_GET = "agents/execution/get";
    public static final String AGENT_LIST = "agents/execution/list";

    /** The workflow execution of the API reference's examples. */
    public static final String EXEC_ID = "exec_1777374504255_xzy43k9q";
    /** The agent execution of the API reference's examples. */
    public static final String AGENT_EXEC_ID = "exec_1711900000000_abc123def456";
    public static final String AGENT_ID = "abc123def456";

    @RegisterExtension
    protected static final WireMockExtension VELT = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        configureVelt(context.getComponent("velt", VeltComponent.class).getConfiguration());
        return context;
    }

    /** Component-level options; subclasses may change them (call super first). */
    protected void configureVelt(VeltConfiguration configuration) {
        configuration.setBaseUrl(VELT.baseUrl());
        configuration.setApiKey(API_KEY);
        configuration.setAuthToken(AUTH_TOKEN);
        configuration.setRetryDelay(1);
        configuration.setRetryMaxDelay(50);
    }

    /** Velt answers {@code POST /v2/<path>} with HTTP 200 and the payload file {@code velt-api/<payloadFile>}. */
    protected static void stubOk(String path, String payloadFile) {
        VELT.stubFor(veltPost(path).willReturn(okJson(Payloads.payload(payloadFile))));
    }

    /** Velt answers {@code POST /v2/<path>} with its error envelope. */
    protected static void stubError(String path, int httpStatus, String status, String message) {
        VELT.stubFor(veltPost(path).willReturn(errorResponse(httpStatus, status, message)));
    }

    /** Velt's error envelope {@code {"error": {"message", "status"}}} with {@code httpStatus}. */
    protected static ResponseDefinitionBuilder errorResponse(int httpStatus, String status, String message) {
        return aResponse().withStatus(httpStatus).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"message\": \"" + message + "\", \"status\": \"" + status + "\"}}");
    }

    protected static MappingBuilder veltPost(String path) {
        return post(urlEqualTo("/v2/" + path));
    }

    /** A request to {@code POST /v2/<path>} carrying the component-level credentials and a JSON body. */
    protected static RequestPatternBuilder veltRequest(String path) {
        return veltRequest(path, API_KEY, AUTH_TOKEN);
    }

    protected static RequestPatternBuilder veltRequest(String path, String apiKey, String authToken) {
        return postRequestedFor(urlEqualTo("/v2/" + path))
                .withHeader("x-velt-api-key", equalTo(apiKey))
                .withHeader("x-velt-auth-token", equalTo(authToken))
                .withHeader("Content-Type", containing("application/json"));
    }

    /** {@link #veltRequest(String)} whose body is exactly {@code {"data": <data>}}: no other field, nothing missing. */
    protected static RequestPatternBuilder veltRequest(String path, String data) {
        return veltRequest(path).withRequestBody(equalToJson("{\"data\": " + data + "}", false, false));
    }

    /** Sends an empty body with {@code headers} to {@code uri} and returns the exchange (exceptions stay on it). */
    protected Exchange send(String uri, Map<String, Object> headers) {
        return template.send(uri, exchange -> exchange.getMessage().setHeaders(new HashMap<>(headers)));
    }

    protected Exchange send(String uri) {
        return send(uri, Map.of());
    }

    /** The exchange failed with the component's API exception (the Camel layer's subclass); returns it. */
    protected static VeltApiException apiFailure(Exchange exchange) {
        assertNotNull(exchange.getException(), "the exchange should have failed");
        return assertInstanceOf(VeltOperationException.class, exchange.getException(),
                () -> "expected a VeltOperationException, got " + exchange.getException());
    }
}
