package dev.velt.camel.component;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Comparator;
import java.util.List;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.component.support.Payloads;
import dev.velt.camel.component.support.VeltTestSupport;
import dev.velt.camel.model.ExecutionView;
import org.apache.camel.Exchange;
import org.apache.camel.spi.HttpResponseAware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The component's error rules for API failures: every API status and every broken response becomes a
 * {@link VeltApiException}
 * (the Camel layer's {@link VeltOperationException}) with the API's status, HTTP code, operation name and message,
 * never
 * a raw Jackson exception or NullPointerException; transient failures are retried (counted on the WireMock side),
 * others are not, and {@code Retry-After} is honoured.
 */
class VeltErrorHandlingTest extends VeltTestSupport {

    private static final String GET_URI = "velt:getExecution?executionId=" + EXEC_ID;

    @ParameterizedTest(name = "{0} (HTTP {1})")
    @CsvSource({
            "INVALID_ARGUMENT,    400, false",
            "PERMISSION_DENIED,   403, false",
            "NOT_FOUND,           404, false",
            "ALREADY_EXISTS,      409, false",
            "FAILED_PRECONDITION, 400, false",
            "RESOURCE_EXHAUSTED,  429, true",
            "DEADLINE_EXCEEDED,   504, true",
            "INTERNAL,            500, true",
            "UNAVAILABLE,         503, true"})
    void apiErrorStatusBecomesVeltApiException(String status, int httpStatus, boolean retryable) {
        String message = "Velt says " + status.toLowerCase();
        stubError(GET_EXECUTION, httpStatus, status, message);

        Exchange exchange = send(GET_URI + "&maxRetries=2");

        VeltApiException failure = apiFailure(exchange);
        assertEquals(status, failure.getStatus());
        assertEquals(httpStatus, failure.getHttpStatusCode());
        assertEquals("getExecution", failure.getOperation());
        assertEquals(retryable, failure.isRetryable());
        assertTrue(failure.getMessage().contains(message), failure.getMessage());
        HttpResponseAware http = assertInstanceOf(HttpResponseAware.class, failure);
        assertEquals(httpStatus, http.getHttpResponseCode());
        assertEquals(status, http.getHttpResponseStatus());
        // retryable statuses: the first attempt and maxRetries=2 retries; the others: one attempt only
        VELT.verify(exactly(retryable ? 3 : 1), postRequestedFor(urlEqualTo("/v2/" + GET_EXECUTION)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "getExecution,        workflow/executions/get,       executionId=exec_1",
            "getEvents,           workflow/executions/getEvents, executionId=exec_1",
            "getAgentExecution,   agents/execution/get,          executionId=exec_1",
            "listAgentExecutions, agents/execution/list,         agentId=abc123def456"})
    void exceptionNamesTheComponentOperation(String operation, String path, String options) {
        VELT.stubFor(veltPost(path).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody(Payloads.payload("error-not-found.json"))));

        Exchange exchange = send("velt:" + operation + "?" + options);

        VeltApiException failure = apiFailure(exchange);
        assertEquals(operation, failure.getOperation());
        assertEquals("NOT_FOUND", failure.getStatus());
        assertEquals(404, failure.getHttpStatusCode());
        assertFalse(failure.isRetryable());
        assertTrue(failure.getMessage().contains("Execution exec_1777374504255_xzy43k9q not found"), failure.getMessage());
        VELT.verify(exactly(1), anyRequestedFor(anyUrl()));
    }

    @Test
    void errorEnvelopeWinsOverAnHttp200() {
        VELT.stubFor(veltPost(GET_EXECUTION).willReturn(okJson(Payloads.payload("error-not-found.json"))));

        VeltApiException failure = apiFailure(send(GET_URI));

        assertEquals("NOT_FOUND", failure.getStatus());
        assertEquals(200, failure.getHttpStatusCode());
        VELT.verify(exactly(1), anyRequestedFor(anyUrl()));
    }

    @Test
    void statusUnknownToTheComponentIsKept() {
        stubError(GET_EXECUTION, 401, "UNAUTHENTICATED", "Auth token expired");

        VeltApiException failure = apiFailure(send(GET_URI));

        assertEquals("UNAUTHENTICATED", failure.getStatus());
        assertEquals(401, failure.getHttpStatusCode());
        assertFalse(failure.isRetryable());
        VELT.verify(exactly(1), anyRequestedFor(anyUrl()));
    }

    // ---------------------------------------------------------------- retry counts

    @Test
    void unavailableForeverIsTriedMaxRetriesPlusOneTimes() {
        stubError(GET_EXECUTION, 503, "UNAVAILABLE", "Service unavailable");

        VeltApiException failure = apiFailure(send(GET_URI + "&maxRetries=2&retryDelay=1&retryMaxDelay=50"));

        assertEquals("UNAVAILABLE", failure.getStatus());
        VELT.verify(exactly(3), postRequestedFor(urlEqualTo("/v2/" + GET_EXECUTION)));
    }

    @Test
    void defaultMaxRetriesIsThree() {
        stubError(GET_EXECUTION, 503, "UNAVAILABLE", "Service unavailable");

        apiFailure(send(GET_URI));

        VELT.verify(exactly(4), postRequestedFor(urlEqualTo("/v2/" + GET_EXECUTION)));
    }

    @Test
    void notFoundIsNotRetried() {
        stubError(GET_EXECUTION, 404, "NOT_FOUND", "Execution not found");

        apiFailure(send(GET_URI + "&maxRetries=3"));

        VELT.verify(exactly(1), postRequestedFor(urlEqualTo("/v2/" + GET_EXECUTION)));
    }

    @Test
    void maxRetriesZeroTurnsRetryingOff() {
        stubError(GET_EXECUTION, 503, "UNAVAILABLE", "Service unavailable");

        VeltApiException failure = apiFailure(send(GET_URI + "&maxRetries=0"));

        assertTrue(failure.isRetryable());
        VELT.verify(exactly(1), postRequestedFor(urlEqualTo("/v2/" + GET_EXECUTION)));
    }

    @Test
    void unavailableThenOkSucceedsOnTheSecondAttempt() {
        VELT.stubFor(veltPost(GET_EXECUTION).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(errorResponse(503, "UNAVAILABLE", "Service unavailable"))
                .willSetStateTo("recovered"));
        VELT.stubFor(veltPost(GET_EXECUTION).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(okJson(Payloads.payload("workflow-executions-get.json"))));

        Exchange exchange = send(GET_URI + "&maxRetries=2");

        assertNull(exchange.getException());
        assertEquals(EXEC_ID, exchange.getMessage().getBody(ExecutionView.class).getExecutionId());
        VELT.verify(exactly(2), veltRequest(GET_EXECUTION, "{\"executionId\": \"" + EXEC_ID + "\"}"));
    }

    @Test
    void retryAfterIsHonoured() {
        VELT.stubFor(veltPost(GET_EXECUTION).inScenario("rate-limited").whenScenarioStateIs(STARTED)
                .willReturn(errorResponse(429, "RESOURCE_EXHAUSTED", "Rate limit exceeded").withHeader("Retry-After", "1"))
                .willSetStateTo("allowed"));
        VELT.stubFor(veltPost(GET_EXECUTION).inScenario("rate-limited").whenScenarioStateIs("allowed")
                .willReturn(okJson(Payloads.payload("workflow-executions-get.json"))));

        // the backoff alone would wait about 1 ms; only Retry-After explains a pause of a second
        Exchange exchange = send(GET_URI + "&maxRetries=2&retryDelay=1&retryMaxDelay=5000");

        assertNull(exchange.getException());
        List<Long> received = requestTimes();
        assertEquals(2, received.size());
        long gap = received.get(1) - received.get(0);
        assertTrue(gap >= 1000, "second request came " + gap + " ms after the first; Retry-After asked for 1 s");
    }

    @Test
    void retryAfterIsCappedAtRetryMaxDelay() {
        VELT.stubFor(veltPost(GET_EXECUTION).inScenario("rate-limited").whenScenarioStateIs(STARTED)
                .willReturn(errorResponse(429, "RESOURCE_EXHAUSTED", "Rate limit exceeded").withHeader("Retry-After", "120"))
                .willSetStateTo("allowed"));
        VELT.stubFor(veltPost(GET_EXECUTION).inScenario("rate-limited").whenScenarioStateIs("allowed")
                .willReturn(okJson(Payloads.payload("workflow-executions-get.json"))));

        Exchange exchange = send(GET_URI + "&maxRetries=1&retryDelay=1&retryMaxDelay=200");

        assertNull(exchange.getException());
        List<Long> received = requestTimes();
        assertEquals(2, received.size());
        long gap = received.get(1) - received.get(0);
        // at least the cap minus jitter, and nowhere near the 120 s the server asked for
        assertTrue(gap >= 150 && gap < 10_000, "second request came " + gap + " ms after the first");
    }

    /** When WireMock received each request (its own journal's timestamps), oldest first. */
    private static List<Long> requestTimes() {
        return VELT.getAllServeEvents().stream()
                .map(ServeEvent::getRequest)
                .map(r -> r.getLoggedDate().getTime())
                .sorted(Comparator.naturalOrder())
                .toList();
    }

    // ---------------------------------------------------------------- broken responses and transport failures

    @Test
    void htmlBadGatewayPageIsUnavailableAndRetried() {
        VELT.stubFor(veltPost(GET_EXECUTION).willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "text/html")
                .withBody("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>"
                          + "<hr><center>nginx</center></body></html>")));

        VeltApiException failure = apiFailure(send(GET_URI + "&maxRetries=1"));

        assertEquals("UNAVAILABLE", failure.getStatus());
        assertEquals(502, failure.getHttpStatusCode());
        assertTrue(failure.isRetryable());
        assertFalse(failure.getMessage().contains("<html>"), "the body is not copied into the message");
        VELT.verify(exactly(2), anyRequestedFor(anyUrl()));
    }

    @Test
    void htmlNotFoundPageFromAProxyIsNotRetried() {
        VELT.stubFor(veltPost(GET_EXECUTION).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "text/html").withBody("<html><body>Not Found</body></html>")));

        VeltApiException failure = apiFailure(send(GET_URI + "&maxRetries=2"));

        assertEquals("NOT_FOUND", failure.getStatus());
        assertEquals(404, failure.getHttpStatusCode());
        VELT.verify(exactly(1), anyRequestedFor(anyUrl()));
    }

    @Test
    void emptyOkBodyIsAnApiException() {
        VELT.stubFor(veltPost(GET_EXECUTION).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")));

        VeltApiException failure = apiFailure(send(GET_URI + "&maxRetries=0"));

        assertEquals("INTERNAL", failure.getStatus());
        assertEquals(200, failure.getHttpStatusCode());
        VELT.verify(exactly(1), anyRequestedFor(anyUrl()));
    }

    @Test
    void malformedJsonIsAnApiExceptionNotAJacksonOne() {
        VELT.stubFor(veltPost(GET_EXECUTION).willReturn(okJson("{\"result\": {\"executionId\": \"exec_1\", \"status\": ")));

        VeltApiException failure = apiFailure(send(GET_URI + "&maxRetries=0"));

        assertEquals("INTERNAL", failure.getStatus());
        assertEquals(200, failure.getHttpStatusCode());
        assertTrue(failure.getMessage().contains("not JSON"), failure.getMessage());
    }

    @Test
    void resultOfTheWrongShapeIsAnApiException() {
        VELT.stubFor(
                veltPost(GET_EXECUTION).willReturn(okJson("{\"result\": {\"executionId\": \"exec_1\", \"steps\": \"none\"}}")));

        VeltApiException failure = apiFailure(send(GET_URI));

        assertEquals("UNKNOWN", failure.getStatus());
        assertFalse(failure.isRetryable());
        assertEquals("getExecution", failure.getOperation());
        // a shape error is not transient: the same answer would come again
        VELT.verify(exactly(1), anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "getExecution?executionId=exec_1           | workflow/executions/get       | {\"result\": null}",
            "getExecution?executionId=exec_1           | workflow/executions/get       | {\"data\": {}}",
            "getEvents?executionId=exec_1              | workflow/executions/getEvents | []",
            "getAgentExecution?executionId=exec_1      | agents/execution/get          | {\"result\": {\"status\": \"success\", \"data\": {}}}",
            "getAgentExecution?executionId=exec_1      | agents/execution/get          | {\"result\": {\"status\": \"success\"}}",
            "listAgentExecutions?agentId=abc123def456  | agents/execution/list         | {\"result\": \"ok\"}"})
    void okResponseWithoutAUsableResultIsAnApiException(String uri, String path, String body) {
        VELT.stubFor(veltPost(path).willReturn(okJson(body)));

        VeltApiException failure = apiFailure(send("velt:" + uri + "&maxRetries=0"));

        // valid JSON without a usable result: the same answer would come again, so not retryable
        assertEquals("UNKNOWN", failure.getStatus());
        assertFalse(failure.isRetryable());
        assertEquals(200, failure.getHttpStatusCode());
        assertEquals(uri.substring(0, uri.indexOf('?')), failure.getOperation());
    }

    @Test
    void randomDataThenCloseIsAnApiException() {
        VELT.stubFor(veltPost(GET_EXECUTION).willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));

        VeltApiException failure = apiFailure(send(GET_URI + "&maxRetries=0&requestTimeout=300"));

        assertTrue(failure.isRetryable(), failure::toString);
        VELT.verify(exactly(1), anyRequestedFor(anyUrl()));
    }

    @Test
    void bodyCutOffAfterTheStatusLineIsAnApiException() {
        // HTTP 200 and headers, then a broken chunk and the connection closes: the body never arrives whole
        VELT.stubFor(veltPost(GET_EXECUTION).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));

        VeltApiException failure = apiFailure(send(GET_URI + "&maxRetries=0&requestTimeout=300"));

        assertEquals("UNAVAILABLE", failure.getStatus());
        assertTrue(failure.isRetryable());
        VELT.verify(exactly(1), anyRequestedFor(anyUrl()));
    }

    @Test
    void connectionClosedWithoutAResponseIsUnavailableAndRetried() {
        VELT.stubFor(veltPost(GET_EXECUTION).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        VeltApiException failure = apiFailure(send(GET_URI + "&maxRetries=1"));

        assertEquals("UNAVAILABLE", failure.getStatus());
        assertEquals(0, failure.getHttpStatusCode());
        VELT.verify(exactly(2), anyRequestedFor(anyUrl()));
    }

    @Test
    void truncatedJsonBodyIsAnApiException() {
        String body = Payloads.payload("workflow-executions-get.json");
        VELT.stubFor(veltPost(GET_EXECUTION).willReturn(okJson(body.substring(0, body.length() / 2))));

        VeltApiException failure = apiFailure(send(GET_URI + "&maxRetries=0"));

        assertEquals("INTERNAL", failure.getStatus());
        assertEquals(200, failure.getHttpStatusCode());
    }

    @Test
    void connectionResetIsUnavailableAndRetried() {
        VELT.stubFor(veltPost(GET_EXECUTION).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        VeltApiException failure = apiFailure(send(GET_URI + "&maxRetries=2"));

        assertEquals("UNAVAILABLE", failure.getStatus());
        assertEquals(0, failure.getHttpStatusCode());
        assertTrue(failure.isRetryable());
        VELT.verify(exactly(3), anyRequestedFor(anyUrl()));
    }

    @Test
    void connectionRefusedIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        VeltApiException failure = apiFailure(send(GET_URI + "&maxRetries=1&connectTimeout=300&baseUrl=http://127.0.0.1:"
                                                   + closedPort));

        assertEquals("UNAVAILABLE", failure.getStatus());
        assertEquals(0, failure.getHttpStatusCode());
        assertEquals("getExecution", failure.getOperation());
    }

    @Test
    void readTimeoutIsDeadlineExceededAndRetried() {
        VELT.stubFor(veltPost(GET_EXECUTION).willReturn(okJson(Payloads.payload("workflow-executions-get.json"))
                .withFixedDelay(2000)));

        VeltApiException failure = apiFailure(send(GET_URI + "&maxRetries=1&requestTimeout=300"));

        assertEquals("DEADLINE_EXCEEDED", failure.getStatus());
        assertEquals(0, failure.getHttpStatusCode());
        assertTrue(failure.isRetryable());
        // WireMock may journal a delayed request only once it has answered it
        await().untilAsserted(() -> VELT.verify(exactly(2), anyRequestedFor(anyUrl())));
    }
}
