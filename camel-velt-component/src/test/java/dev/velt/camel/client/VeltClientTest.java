package dev.velt.camel.client;

import java.util.List;

import dev.velt.camel.component.VeltEndpoint;
import dev.velt.camel.component.VeltOperationException;
import dev.velt.camel.component.support.Payloads;
import dev.velt.camel.component.support.VeltTestSupport;
import dev.velt.camel.model.AgentExecution;
import dev.velt.camel.model.AgentExecutionsQuery;
import dev.velt.camel.model.ExecutionView;
import dev.velt.camel.model.ExecutionsPage;
import dev.velt.camel.model.ExecutionsQuery;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Java client the component builds (real HTTP to WireMock), for the calls the producers do not make themselves:
 * {@code workflow/executions/list} (how the events consumer discovers executions) and following every page of
 * {@code agents/execution/list}. A failure from the bare client names the API path, not a component operation.
 */
class VeltClientTest extends VeltTestSupport {

    private static final String LIST_EXECUTIONS = "workflow/executions/list";

    private VeltClient client() {
        return context.getEndpoint("velt:getExecution?maxRetries=1", VeltEndpoint.class).getClient();
    }

    @Test
    void listExecutionsSendsTheQueryAndReadsThePage() {
        stubOk(LIST_EXECUTIONS, "workflow-executions-list.json");

        ExecutionsPage page = client().listExecutions(new ExecutionsQuery("marketing-copy-approval", "running", 50, null));

        VELT.verify(exactly(1), veltRequest(LIST_EXECUTIONS,
                "{\"definitionId\": \"marketing-copy-approval\", \"status\": \"running\", \"pageSize\": 50}"));
        assertEquals(List.of("exec_1777400000000_b7c9d1e3", EXEC_ID),
                page.getItems().stream().map(ExecutionView::getExecutionId).toList());
        assertEquals("eyJzdGFydGVkQXQiOjE3NzczNzQ1MDQzNjR9", page.getNextCursor());
    }

    @Test
    void nextCursorGoesBackAsCursor() {
        stubOk(LIST_EXECUTIONS, "workflow-executions-list.json");
        ExecutionsQuery first = new ExecutionsQuery("marketing-copy-approval", null, null, null);

        client().listExecutions(first.withCursor("eyJzdGFydGVkQXQiOjE3NzczNzQ1MDQzNjR9"));

        VELT.verify(exactly(1), veltRequest(LIST_EXECUTIONS, "{\"definitionId\": \"marketing-copy-approval\", "
                                                             + "\"cursor\": \"eyJzdGFydGVkQXQiOjE3NzczNzQ1MDQzNjR9\"}"));
    }

    @Test
    void listAllAgentExecutionsFollowsEveryPage() {
        VELT.stubFor(veltPost(AGENT_LIST)
                .withRequestBody(equalToJson("{\"data\": {\"organizationId\": \"org_001\", \"documentId\": \"doc_001\"}}"))
                .willReturn(okJson(Payloads.payload("agents-execution-list-current.json"))));
        VELT.stubFor(veltPost(AGENT_LIST)
                .withRequestBody(equalToJson("{\"data\": {\"organizationId\": \"org_001\", \"documentId\": \"doc_001\", "
                                             + "\"pageToken\": \"Q2hJS0VHVjRaV05mTVRjNE5Ua3dNREF3\"}}"))
                .willReturn(okJson(Payloads.payload("agents-execution-list-current-last.json"))));

        List<AgentExecution> all = client().listAllAgentExecutions(
                new AgentExecutionsQuery(null, "org_001", "doc_001", null, null, null, null, null));

        assertEquals(3, all.size());
        VELT.verify(exactly(2), anyRequestedFor(anyUrl()));
    }

    @Test
    void bareClientFailureNamesTheApiPath() {
        stubError(LIST_EXECUTIONS, 400, "INVALID_ARGUMENT", "pageSize must be between 1 and 500");

        VeltApiException failure = assertThrows(VeltApiException.class,
                () -> client().listExecutions(new ExecutionsQuery(null, null, 501, null)));

        assertFalse(failure instanceof VeltOperationException);
        assertEquals(LIST_EXECUTIONS, failure.getOperation());
        assertEquals("INVALID_ARGUMENT", failure.getStatus());
        assertEquals(400, failure.getHttpStatusCode());
        VELT.verify(exactly(1), anyRequestedFor(anyUrl()));
    }
}
