package dev.velt.camel.component;

import java.util.Map;

import dev.velt.camel.component.support.VeltTestSupport;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.util.ObjectHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad options or headers: an IllegalArgumentException (wrapped in ResolveEndpointFailedException
 * when the endpoint is created) that names the option, and not a single HTTP request.
 */
class VeltOptionsValidationTest extends VeltTestSupport {

    @AfterEach
    void nothingWasSent() {
        VELT.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"getExecution", "getEvents", "getAgentExecution"})
    void missingExecutionIdNamesTheOptionAndTheHeader(String operation) {
        Exchange exchange = send("velt:" + operation);

        IllegalArgumentException failure = assertInstanceOf(IllegalArgumentException.class, exchange.getException());
        assertTrue(failure.getMessage().contains("executionId"), failure.getMessage());
        assertTrue(failure.getMessage().contains(VeltConstants.EXECUTION_ID), failure.getMessage());
    }

    @Test
    void emptyExecutionIdHeaderIsMissing() {
        Exchange exchange = send("velt:getExecution", Map.of(VeltConstants.EXECUTION_ID, ""));

        IllegalArgumentException failure = assertInstanceOf(IllegalArgumentException.class, exchange.getException());
        assertTrue(failure.getMessage().contains("executionId"), failure.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "velt:getEvents?executionId=exec_1&pageSize=0",
            "velt:getEvents?executionId=exec_1&pageSize=501",
            "velt:listAgentExecutions?agentId=abc123def456&pageSize=0",
            "velt:listAgentExecutions?agentId=abc123def456&pageSize=101"})
    void pageSizeOutOfRangeFailsAtEndpointCreation(String uri) {
        assertOptionRejected(uri, "pageSize");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "velt:getEvents?executionId=exec_1&pageSize=1",
            "velt:getEvents?executionId=exec_1&pageSize=500",
            "velt:listAgentExecutions?agentId=abc123def456&pageSize=1",
            "velt:listAgentExecutions?agentId=abc123def456&pageSize=100"})
    void pageSizeAtTheBoundsIsAccepted(String uri) {
        Endpoint endpoint = context.getEndpoint(uri);

        int expected = Integer.parseInt(uri.substring(uri.lastIndexOf('=') + 1));
        assertEquals(expected, ((VeltEndpoint) endpoint).getConfiguration().getPageSize());
    }

    @Test
    void unknownOperationIsNamed() {
        String message = assertOptionRejected("velt:nope", "nope");
        assertTrue(message.contains("getExecution") && message.contains("listAgentExecutions"),
                "the valid operations are listed: " + message);
    }

    @Test
    void listAgentExecutionsWithoutAFilterNamesTheFilterOptions() {
        String message = assertOptionRejected("velt:listAgentExecutions?pageSize=20", "agentId");
        assertTrue(message.contains("documentId") && message.contains("organizationId"), message);
    }

    @Test
    void negativeSinceSeqOptionIsRejected() {
        assertOptionRejected("velt:getEvents?executionId=exec_1&sinceSeq=-1", "sinceSeq");
    }

    @Test
    void negativeSinceSeqHeaderIsRejected() {
        Exchange exchange = send("velt:getEvents?executionId=exec_1", Map.of(VeltConstants.SINCE_SEQ, -3L));

        IllegalArgumentException failure = assertInstanceOf(IllegalArgumentException.class, exchange.getException());
        assertTrue(failure.getMessage().contains("sinceSeq"), failure.getMessage());
    }

    @Test
    void sinceSeqHeaderThatIsNotANumberIsRejected() {
        Exchange exchange = send("velt:getEvents?executionId=exec_1", Map.of(VeltConstants.SINCE_SEQ, "latest"));

        IllegalArgumentException failure = assertInstanceOf(IllegalArgumentException.class, exchange.getException());
        assertTrue(failure.getMessage().contains(VeltConstants.SINCE_SEQ), failure.getMessage());
    }

    @Test
    void includeResultsHeaderThatIsNotABooleanIsRejected() {
        Exchange exchange = send("velt:getAgentExecution?executionId=exec_1", Map.of(VeltConstants.INCLUDE_RESULTS, "maybe"));

        IllegalArgumentException failure = assertInstanceOf(IllegalArgumentException.class, exchange.getException());
        assertTrue(failure.getMessage().contains(VeltConstants.INCLUDE_RESULTS), failure.getMessage());
    }

    @Test
    void invalidUriFailsTheRouteAtStart() {
        Exception failure = assertThrows(Exception.class, () -> context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                from("direct:bad").routeId("bad").to("velt:getEvents?executionId=exec_1&pageSize=501");
            }
        }));

        assertInstanceOf(FailedToCreateRouteException.class, failure);
        ResolveEndpointFailedException resolve = ObjectHelper.getException(ResolveEndpointFailedException.class, failure);
        assertNotNull(resolve, "caused by ResolveEndpointFailedException");
        assertTrue(resolve.getCause().getMessage().contains("pageSize"), resolve.getCause().getMessage());
    }

    @Test
    void consumerOperationCannotBeUsedAsProducer() {
        Exception failure = assertThrows(Exception.class, () -> template.sendBody("velt:events?executionId=exec_1", null));

        IllegalArgumentException cause = ObjectHelper.getException(IllegalArgumentException.class, failure);
        assertNotNull(cause, () -> "caused by IllegalArgumentException: " + failure);
        assertTrue(cause.getMessage().contains("getExecution"), cause.getMessage());
    }

    /**
     * Endpoint creation fails with ResolveEndpointFailedException whose cause names {@code option}; returns the cause's
     * message.
     */
    private String assertOptionRejected(String uri, String option) {
        ResolveEndpointFailedException failure = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint(uri));
        IllegalArgumentException cause = assertInstanceOf(IllegalArgumentException.class, failure.getCause());
        assertTrue(cause.getMessage().contains(option), cause.getMessage());
        return cause.getMessage();
    }
}
