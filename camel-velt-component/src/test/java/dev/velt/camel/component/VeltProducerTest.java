package dev.velt.camel.component;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.velt.camel.component.support.Payloads;
import dev.velt.camel.component.support.VeltTestSupport;
import dev.velt.camel.model.AgentExecution;
import dev.velt.camel.model.AgentExecutionStatus;
import dev.velt.camel.model.AgentFinding;
import dev.velt.camel.model.ExecutionStatus;
import dev.velt.camel.model.ExecutionStep;
import dev.velt.camel.model.ExecutionView;
import dev.velt.camel.model.WorkflowEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The four producers against WireMock stubs serving the API pages' payloads: the request each one sends (path,
 * credentials, a {@code {"data": {...}}} body with exactly the fields set), the typed body and the headers it returns,
 * header overrides and paging.
 */
class VeltProducerTest extends VeltTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {

            @Override
            public void configure() {
                from("direct:events")
                        .to("velt:getEvents?executionId=" + EXEC_ID);
            }
        };
    }

    // ---------------------------------------------------------------- getExecution

    @Test
    void getExecutionReturnsTheExecutionView() {
        stubOk(GET_EXECUTION, "workflow-executions-get.json");

        Exchange exchange = send("velt:getExecution?executionId=" + EXEC_ID);

        assertNull(exchange.getException());
        VELT.verify(1, veltRequest(GET_EXECUTION, "{\"executionId\": \"" + EXEC_ID + "\"}"));
        VELT.verify(1, anyRequestedFor(anyUrl()));

        Message out = exchange.getMessage();
        ExecutionView view = assertInstanceOf(ExecutionView.class, out.getBody());
        assertEquals(EXEC_ID, view.getExecutionId());
        assertEquals("completed", view.getStatus());
        assertEquals(ExecutionStatus.COMPLETED, view.getStatusValue());
        assertTrue(view.getStatusValue().isTerminal());
        assertEquals(1777374504364L, view.getStartedAt());
        assertEquals(1777374842347L, view.getCompletedAt());
        assertNull(view.getCancelledAt());
        assertEquals("marketing-copy-approval", view.getDefinitionId());
        assertEquals(1, view.getDefinitionVersion());
        assertEquals("corr_campaign_42", view.getCorrelationId());
        assertEquals("campaign-42-dispatch", view.getIdempotencyKey());
        assertNull(view.getFailureReason());
        assertEquals(1, view.getSteps().size());
        ExecutionStep step = view.getSteps().get(0);
        assertEquals("group_parallel-review__to__agent-publish", step.getStepId());
        assertEquals("agent-publish", step.getNodeId());
        assertEquals("agent", step.getNodeType());
        assertEquals("completed", step.getStatus());
        assertEquals("publish-agent-v1", step.getOutput().get("agentId"));
        assertNull(step.getError());

        assertEquals(EXEC_ID, out.getHeader(VeltConstants.EXECUTION_ID));
        assertEquals("completed", out.getHeader(VeltConstants.EXECUTION_STATUS));
    }

    @Test
    void executionIdHeaderOverridesTheOption() {
        stubOk(GET_EXECUTION, "workflow-executions-get.json");

        Exchange exchange = send("velt:getExecution?executionId=exec_from_option",
                Map.of(VeltConstants.EXECUTION_ID, EXEC_ID));

        assertNull(exchange.getException());
        VELT.verify(1, veltRequest(GET_EXECUTION, "{\"executionId\": \"" + EXEC_ID + "\"}"));
        VELT.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void executionIdFromTheHeaderAloneIsEnough() {
        stubOk(GET_EXECUTION, "workflow-executions-get.json");

        Exchange exchange = send("velt:getExecution", Map.of(VeltConstants.EXECUTION_ID, EXEC_ID));

        assertNull(exchange.getException());
        VELT.verify(1, veltRequest(GET_EXECUTION, "{\"executionId\": \"" + EXEC_ID + "\"}"));
    }

    @Test
    void endpointCredentialsAndBaseUrlOverrideTheComponentOnes() {
        stubOk(GET_EXECUTION, "workflow-executions-get.json");
        // nothing listens there: only the endpoint's baseUrl can reach WireMock
        context.getComponent("velt", VeltComponent.class).getConfiguration().setBaseUrl("http://127.0.0.1:1");

        Exchange exchange = send("velt:getExecution?executionId=" + EXEC_ID + "&baseUrl=" + VELT.baseUrl()
                                 + "&apiKey=RAW(ak_endpoint+1&x)&authToken=RAW(tok_endpoint_2)");

        assertNull(exchange.getException());
        VELT.verify(1, veltRequest(GET_EXECUTION, "ak_endpoint+1&x", "tok_endpoint_2")
                .withRequestBody(equalToJson("{\"data\": {\"executionId\": \"" + EXEC_ID + "\"}}", false, false)));
        VELT.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void statusTheModelDoesNotKnowIsPassedThrough() {
        ObjectNode payload = (ObjectNode) Payloads.payloadJson("workflow-executions-get.json");
        ((ObjectNode) payload.get("result")).put("status", "brand-new");
        VELT.stubFor(veltPost(GET_EXECUTION).willReturn(okJson(payload.toString())));

        Exchange exchange = send("velt:getExecution?executionId=" + EXEC_ID);

        assertNull(exchange.getException());
        ExecutionView view = exchange.getMessage().getBody(ExecutionView.class);
        assertEquals("brand-new", view.getStatus());
        assertEquals(ExecutionStatus.UNKNOWN, view.getStatusValue());
        assertEquals("brand-new", exchange.getMessage().getHeader(VeltConstants.EXECUTION_STATUS));
    }

    // ---------------------------------------------------------------- getEvents

    @Test
    void getEventsSendsSinceSeqZeroByDefaultAndReturnsTheEvents() {
        stubOk(GET_EVENTS, "workflow-executions-getEvents.json");

        Exchange exchange = send("velt:getEvents?executionId=" + EXEC_ID);

        assertNull(exchange.getException());
        VELT.verify(1, veltRequest(GET_EVENTS, "{\"executionId\": \"" + EXEC_ID + "\", \"sinceSeq\": 0}"));
        VELT.verify(1, anyRequestedFor(anyUrl()));

        Message out = exchange.getMessage();
        List<?> body = assertInstanceOf(List.class, out.getBody());
        assertEquals(1, body.size());
        WorkflowEvent event = assertInstanceOf(WorkflowEvent.class, body.get(0));
        assertEquals("evt_01hzx7k3qf6m2n8p4r5t9w", event.getEventId());
        assertEquals(7L, event.getSeq());
        assertEquals("step.awaiting-approval", event.getType());
        assertEquals("step_agent-draft_3f9a2c_lwofay__to__human-legal", event.getStepId());
        assertEquals(1777374842347L, event.getTimestamp());
        assertEquals("corr_campaign_42", event.getCorrelationId());
        assertEquals(1, event.getData().get("waitingForReviewers"));
        assertEquals("human:exec_1777374504255_xzy43k9q:human-legal", event.getData().get("resumeKey"));
        assertFalse(event.isTerminal());

        assertEquals(12L, assertInstanceOf(Long.class, out.getHeader(VeltConstants.NEXT_CURSOR)));
        assertEquals(Boolean.FALSE, out.getHeader(VeltConstants.HAS_MORE));
    }

    @Test
    void getEventsSendsSinceSeqAndPageSizeOptions() {
        stubOk(GET_EVENTS, "workflow-executions-getEvents.json");

        Exchange exchange = send("velt:getEvents?executionId=" + EXEC_ID + "&sinceSeq=5&pageSize=100");

        assertNull(exchange.getException());
        VELT.verify(1, veltRequest(GET_EVENTS,
                "{\"executionId\": \"" + EXEC_ID + "\", \"sinceSeq\": 5, \"pageSize\": 100}"));
    }

    @Test
    void sinceSeqAndExecutionIdHeadersOverrideTheOptions() {
        stubOk(GET_EVENTS, "workflow-executions-getEvents.json");

        Exchange exchange = send("velt:getEvents?executionId=exec_from_option&sinceSeq=5",
                Map.of(VeltConstants.EXECUTION_ID, EXEC_ID, VeltConstants.SINCE_SEQ, 9));

        assertNull(exchange.getException());
        VELT.verify(1, veltRequest(GET_EVENTS, "{\"executionId\": \"" + EXEC_ID + "\", \"sinceSeq\": 9}"));
        VELT.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void getEventsReturnsOnePageUnlessFetchAllPages() {
        stubEventPages();

        Exchange exchange = template.send("direct:events", e -> {
        });

        assertNull(exchange.getException());
        VELT.verify(1, anyRequestedFor(anyUrl()));
        assertEquals(List.of(1L, 7L), seqs(exchange.getMessage().getBody(List.class)));
        assertEquals(7L, exchange.getMessage().getHeader(VeltConstants.NEXT_CURSOR));
        assertEquals(Boolean.TRUE, exchange.getMessage().getHeader(VeltConstants.HAS_MORE));
    }

    @Test
    void fetchAllPagesFollowsNextCursorAsSinceSeqWhileHasMore() {
        stubEventPages();

        Exchange exchange = send("velt:getEvents?executionId=" + EXEC_ID + "&pageSize=2&fetchAllPages=true");

        assertNull(exchange.getException());
        VELT.verify(1, veltRequest(GET_EVENTS,
                "{\"executionId\": \"" + EXEC_ID + "\", \"sinceSeq\": 0, \"pageSize\": 2}"));
        VELT.verify(1, veltRequest(GET_EVENTS,
                "{\"executionId\": \"" + EXEC_ID + "\", \"sinceSeq\": 7, \"pageSize\": 2}"));
        VELT.verify(2, anyRequestedFor(anyUrl()));

        List<?> events = exchange.getMessage().getBody(List.class);
        assertEquals(List.of(1L, 7L, 12L), seqs(events));
        assertTrue(((WorkflowEvent) events.get(2)).isTerminal());
        assertEquals(12L, exchange.getMessage().getHeader(VeltConstants.NEXT_CURSOR));
        assertEquals(Boolean.FALSE, exchange.getMessage().getHeader(VeltConstants.HAS_MORE));
    }

    /** Page 1 ({@code sinceSeq} 0): seq 1 and 7, nextCursor 7, hasMore; page 2 ({@code sinceSeq} 7): seq 12, the last. */
    private static void stubEventPages() {
        VELT.stubFor(veltPost(GET_EVENTS)
                .withRequestBody(matchingJsonPath("$.data.sinceSeq",
                        equalTo("0")))
                .willReturn(okJson(Payloads.payload("workflow-executions-getEvents-page1.json"))));
        VELT.stubFor(veltPost(GET_EVENTS)
                .withRequestBody(matchingJsonPath("$.data.sinceSeq",
                        equalTo("7")))
                .willReturn(okJson(Payloads.payload("workflow-executions-getEvents-page2.json"))));
    }

    private static List<Long> seqs(List<?> events) {
        return events.stream().map(e -> ((WorkflowEvent) e).getSeq()).toList();
    }

    // ---------------------------------------------------------------- getAgentExecution

    @Test
    void getAgentExecutionReturnsTheExecutionWithoutResultsByDefault() {
        stubOk(AGENT_GET, "agents-execution-get.json");

        Exchange exchange = send("velt:getAgentExecution?executionId=" + AGENT_EXEC_ID);

        assertNull(exchange.getException());
        VELT.verify(1, veltRequest(AGENT_GET, "{\"executionId\": \"" + AGENT_EXEC_ID + "\"}"));
        VELT.verify(1, anyRequestedFor(anyUrl()));

        Message out = exchange.getMessage();
        AgentExecution run = assertInstanceOf(AgentExecution.class, out.getBody());
        assertEquals(AGENT_EXEC_ID, run.getId());
        assertEquals(AGENT_ID, run.getAgentId());
        assertEquals("Brand Consistency Checker", run.getAgentName());
        assertEquals(3, run.getAgentVersion());
        assertEquals("passed", run.getStatus());
        assertEquals(AgentExecutionStatus.PASSED, run.getStatusValue());
        assertEquals(150000L, run.getDurationMs());
        assertEquals("standalone", run.getTrigger());
        assertEquals("doc_001", run.getMetadata().get("clientDocumentId"));
        assertEquals("https://example.com", run.getConfig().get("seedUrl"));
        assertEquals("jane@example.com", run.getRanBy().get("email"));
        assertEquals(7, run.getResultsSummary().getTotalFindings());
        assertEquals(12, run.getResultsSummary().getUrlsProcessed());
        assertEquals(2, run.getResultsSummary().getMatchResult().get("skipped"));
        assertEquals("claude/claude-sonnet-4-6", run.getLlmModel());
        assertEquals(15700, run.getTokenUsage().get("totalTokens"));
        assertEquals(Boolean.TRUE, run.getKnowledgeRetrieved());
        assertEquals(Boolean.FALSE, run.getDegraded());
        assertNull(run.getResults());
        assertTrue(run.getAllFindings().isEmpty());

        assertEquals(AGENT_EXEC_ID, out.getHeader(VeltConstants.EXECUTION_ID));
        assertEquals("passed", out.getHeader(VeltConstants.EXECUTION_STATUS));
    }

    @Test
    void includeResultsReturnsFindingsOfPage004Shape() {
        stubOk(AGENT_GET, "agents-execution-get-with-results.json");

        Exchange exchange = send("velt:getAgentExecution?includeResults=true&executionId=" + AGENT_EXEC_ID);

        assertNull(exchange.getException());
        VELT.verify(1, veltRequest(AGENT_GET,
                "{\"executionId\": \"" + AGENT_EXEC_ID + "\", \"includeResults\": true}"));

        AgentExecution run = exchange.getMessage().getBody(AgentExecution.class);
        assertEquals(1, run.getResults().size());
        assertEquals("https://example.com", run.getResults().get(0).getUrl());
        assertEquals("a1b2c3d4e5f6", run.getResults().get(0).getUrlHash());
        assertEquals(1, run.getResults().get(0).getFindingCount());
        List<AgentFinding> findings = run.getAllFindings();
        assertEquals(1, findings.size());
        AgentFinding finding = findings.get(0);
        assertEquals("finding-1", finding.getId());
        assertEquals("high", finding.getSeverity());
        assertEquals("h1.hero-title", finding.getHtmlSelector());
        assertEquals(Boolean.FALSE, finding.getPageLevel());
        assertEquals(92, finding.getConfidence());
    }

    @Test
    void includeResultsReturnsFindingsOfTheCurrentAgentResultShape() {
        stubOk(AGENT_GET, "agents-execution-get-agentResult.json");

        Exchange exchange = send("velt:getAgentExecution?includeResults=true&executionId=exec_1786000000000_abc123def456");

        assertNull(exchange.getException());
        AgentExecution run = exchange.getMessage().getBody(AgentExecution.class);
        assertEquals("failed", run.getStatus());
        assertEquals(AgentExecutionStatus.FAILED, run.getStatusValue());
        assertTrue(run.getStatusValue().isFinished());
        assertEquals(2, run.getResults().size());
        assertEquals(List.of("finding-1", "finding-2"), run.getAllFindings().stream().map(AgentFinding::getId).toList());
        assertEquals(List.of("high", "critical"), run.getAllFindings().stream().map(AgentFinding::getSeverity).toList());
        assertEquals("exec_1786000000000_abc123def456", exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID));
        assertEquals("failed", exchange.getMessage().getHeader(VeltConstants.EXECUTION_STATUS));
    }

    @Test
    void includeResultsHeaderOverridesTheOptionBothWays() {
        stubOk(AGENT_GET, "agents-execution-get.json");

        Exchange asked = send("velt:getAgentExecution?executionId=" + AGENT_EXEC_ID,
                Map.of(VeltConstants.INCLUDE_RESULTS, true));
        Exchange notAsked = send("velt:getAgentExecution?includeResults=true&executionId=" + AGENT_EXEC_ID,
                Map.of(VeltConstants.INCLUDE_RESULTS, "false"));

        assertNull(asked.getException());
        assertNull(notAsked.getException());
        VELT.verify(1, veltRequest(AGENT_GET,
                "{\"executionId\": \"" + AGENT_EXEC_ID + "\", \"includeResults\": true}"));
        VELT.verify(1, veltRequest(AGENT_GET, "{\"executionId\": \"" + AGENT_EXEC_ID + "\"}"));
        VELT.verify(2, anyRequestedFor(anyUrl()));
        // asked for results, the API had none (the API reference's running example): an empty list, not null
        assertEquals(List.of(), asked.getMessage().getBody(AgentExecution.class).getResults());
        assertNull(notAsked.getMessage().getBody(AgentExecution.class).getResults());
    }

    // ---------------------------------------------------------------- listAgentExecutions

    @Test
    void listAgentExecutionsReadsTheLegacyEnvelope() {
        stubOk(AGENT_LIST, "agents-execution-list-legacy.json");

        Exchange exchange = send("velt:listAgentExecutions?agentId=" + AGENT_ID + "&pageSize=50");

        assertNull(exchange.getException());
        VELT.verify(1, veltRequest(AGENT_LIST, "{\"agentId\": \"" + AGENT_ID + "\", \"pageSize\": 50}"));
        VELT.verify(1, anyRequestedFor(anyUrl()));

        Message out = exchange.getMessage();
        List<?> runs = assertInstanceOf(List.class, out.getBody());
        assertEquals(List.of("exec_1711900000000_abc123def456", "exec_1711800000000_abc123def456"), ids(runs));
        AgentExecution running = (AgentExecution) runs.get(1);
        assertEquals(AgentExecutionStatus.RUNNING, running.getStatusValue());
        assertFalse(running.getStatusValue().isFinished());
        assertNull(running.getCompletedAt());
        assertEquals("Execution in progress", running.getMessage());
        assertEquals("eyJvZmZzZXQiOjUwfQ==", out.getHeader(VeltConstants.NEXT_PAGE_TOKEN));
        assertEquals(Boolean.TRUE, out.getHeader(VeltConstants.HAS_MORE));
    }

    @Test
    void listAgentExecutionsReadsTheCurrentEnvelope() {
        stubOk(AGENT_LIST, "agents-execution-list-current.json");

        Exchange exchange = send("velt:listAgentExecutions?agentId=" + AGENT_ID);

        assertNull(exchange.getException());
        VELT.verify(1, veltRequest(AGENT_LIST, "{\"agentId\": \"" + AGENT_ID + "\"}"));

        Message out = exchange.getMessage();
        List<?> runs = out.getBody(List.class);
        assertEquals(List.of("exec_1786000000000_abc123def456", "exec_1785900000000_abc123def456"), ids(runs));
        assertEquals(AgentExecutionStatus.PARTIAL, ((AgentExecution) runs.get(0)).getStatusValue());
        assertEquals("exec_1785899990000_k2m4n6p8", ((AgentExecution) runs.get(1)).getWorkflowExecutionId());
        assertEquals("Q2hJS0VHVjRaV05mTVRjNE5Ua3dNREF3", out.getHeader(VeltConstants.NEXT_PAGE_TOKEN));
        assertEquals(Boolean.TRUE, out.getHeader(VeltConstants.HAS_MORE));
    }

    @Test
    void nextPageTokenIsAbsentOnTheLastPageOfEitherEnvelope() {
        VELT.stubFor(veltPost(AGENT_LIST).withRequestBody(equalToJson("{\"data\": {\"agentId\": \"current\"}}"))
                .willReturn(okJson(Payloads.payload("agents-execution-list-current-last.json"))));
        VELT.stubFor(veltPost(AGENT_LIST).withRequestBody(equalToJson("{\"data\": {\"agentId\": \"legacy\"}}"))
                .willReturn(okJson(Payloads.payload("agents-execution-list-legacy-last.json"))));

        // a token left on the message by an earlier call must not survive either
        Map<String, Object> stale = Map.of(VeltConstants.NEXT_PAGE_TOKEN, "stale-token");
        Exchange current = send("velt:listAgentExecutions?agentId=current", stale);
        Exchange legacy = send("velt:listAgentExecutions?agentId=legacy", stale);

        for (Exchange exchange : List.of(current, legacy)) {
            assertNull(exchange.getException());
            assertEquals(1, exchange.getMessage().getBody(List.class).size());
            assertFalse(exchange.getMessage().getHeaders().containsKey(VeltConstants.NEXT_PAGE_TOKEN));
            assertEquals(Boolean.FALSE, exchange.getMessage().getHeader(VeltConstants.HAS_MORE));
        }
        AgentExecution broken = (AgentExecution) current.getMessage().getBody(List.class).get(0);
        assertEquals(AgentExecutionStatus.ERROR, broken.getStatusValue());
        assertEquals("CONTEXT_GATHERING_ERROR", broken.getError().getCode());
        assertEquals(Boolean.TRUE, broken.getError().getRetryable());
    }

    @Test
    void legacyPageWithHasMoreFalseEndsTheListEvenWithACursor() {
        ObjectNode payload = (ObjectNode) Payloads.payloadJson("agents-execution-list-legacy.json");
        ((ObjectNode) payload.get("result")).put("hasMore", false);
        VELT.stubFor(veltPost(AGENT_LIST).willReturn(okJson(payload.toString())));

        Exchange exchange = send("velt:listAgentExecutions?agentId=" + AGENT_ID + "&fetchAllPages=true");

        assertNull(exchange.getException());
        VELT.verify(1, anyRequestedFor(anyUrl()));
        assertFalse(exchange.getMessage().getHeaders().containsKey(VeltConstants.NEXT_PAGE_TOKEN));
        assertEquals(Boolean.FALSE, exchange.getMessage().getHeader(VeltConstants.HAS_MORE));
    }

    @Test
    void listAgentExecutionsSendsExactlyTheFiltersSet() {
        stubOk(AGENT_LIST, "agents-execution-list-legacy-last.json");

        Exchange exchange = send("velt:listAgentExecutions?agentId=" + AGENT_ID
                                 + "&documentId=doc_001&organizationId=org_001&status=failed&orderDirection=asc&pageSize=100");
        Exchange byDocument = send("velt:listAgentExecutions?organizationId=org_001&documentId=doc_001");

        assertNull(exchange.getException());
        assertNull(byDocument.getException());
        VELT.verify(1, veltRequest(AGENT_LIST, "{\"agentId\": \"" + AGENT_ID + "\", \"documentId\": \"doc_001\", "
                                               + "\"organizationId\": \"org_001\", \"status\": \"failed\", "
                                               + "\"orderDirection\": \"asc\", \"pageSize\": 100}"));
        VELT.verify(1, veltRequest(AGENT_LIST, "{\"organizationId\": \"org_001\", \"documentId\": \"doc_001\"}"));
        VELT.verify(2, anyRequestedFor(anyUrl()));
    }

    @Test
    void pageTokenHeaderOverridesTheOption() {
        stubOk(AGENT_LIST, "agents-execution-list-current-last.json");

        Exchange fromOption = send("velt:listAgentExecutions?agentId=" + AGENT_ID + "&pageToken=token_option");
        Exchange fromHeader = send("velt:listAgentExecutions?agentId=" + AGENT_ID + "&pageToken=token_option",
                Map.of(VeltConstants.PAGE_TOKEN, "token_header"));

        assertNull(fromOption.getException());
        assertNull(fromHeader.getException());
        VELT.verify(1, veltRequest(AGENT_LIST, "{\"agentId\": \"" + AGENT_ID + "\", \"pageToken\": \"token_option\"}"));
        VELT.verify(1, veltRequest(AGENT_LIST, "{\"agentId\": \"" + AGENT_ID + "\", \"pageToken\": \"token_header\"}"));
        VELT.verify(2, anyRequestedFor(anyUrl()));
    }

    @Test
    void fetchAllPagesOfTheLegacyEnvelopeSendsCursor() {
        VELT.stubFor(veltPost(AGENT_LIST)
                .withRequestBody(equalToJson("{\"data\": {\"agentId\": \"" + AGENT_ID + "\", \"pageSize\": 50}}"))
                .willReturn(okJson(Payloads.payload("agents-execution-list-legacy.json"))));
        VELT.stubFor(veltPost(AGENT_LIST)
                .withRequestBody(equalToJson("{\"data\": {\"agentId\": \"" + AGENT_ID + "\", \"pageSize\": 50, "
                                             + "\"cursor\": \"eyJvZmZzZXQiOjUwfQ==\"}}"))
                .willReturn(okJson(Payloads.payload("agents-execution-list-legacy-last.json"))));

        Exchange exchange = send("velt:listAgentExecutions?agentId=" + AGENT_ID + "&pageSize=50&fetchAllPages=true");

        assertNull(exchange.getException());
        VELT.verify(1, veltRequest(AGENT_LIST, "{\"agentId\": \"" + AGENT_ID + "\", \"pageSize\": 50}"));
        VELT.verify(1, veltRequest(AGENT_LIST, "{\"agentId\": \"" + AGENT_ID + "\", \"pageSize\": 50, "
                                               + "\"cursor\": \"eyJvZmZzZXQiOjUwfQ==\"}"));
        VELT.verify(2, anyRequestedFor(anyUrl()));
        assertEquals(List.of("exec_1711900000000_abc123def456", "exec_1711800000000_abc123def456",
                "exec_1711700000000_abc123def456"), ids(exchange.getMessage().getBody(List.class)));
        assertFalse(exchange.getMessage().getHeaders().containsKey(VeltConstants.NEXT_PAGE_TOKEN));
        assertEquals(Boolean.FALSE, exchange.getMessage().getHeader(VeltConstants.HAS_MORE));
    }

    @Test
    void fetchAllPagesOfTheCurrentEnvelopeSendsPageToken() {
        VELT.stubFor(veltPost(AGENT_LIST)
                .withRequestBody(equalToJson("{\"data\": {\"agentId\": \"" + AGENT_ID + "\"}}"))
                .willReturn(okJson(Payloads.payload("agents-execution-list-current.json"))));
        VELT.stubFor(veltPost(AGENT_LIST)
                .withRequestBody(equalToJson("{\"data\": {\"agentId\": \"" + AGENT_ID + "\", "
                                             + "\"pageToken\": \"Q2hJS0VHVjRaV05mTVRjNE5Ua3dNREF3\"}}"))
                .willReturn(okJson(Payloads.payload("agents-execution-list-current-last.json"))));

        Exchange exchange = send("velt:listAgentExecutions?agentId=" + AGENT_ID + "&fetchAllPages=true");

        assertNull(exchange.getException());
        VELT.verify(1, veltRequest(AGENT_LIST, "{\"agentId\": \"" + AGENT_ID + "\"}"));
        VELT.verify(1, veltRequest(AGENT_LIST, "{\"agentId\": \"" + AGENT_ID + "\", "
                                               + "\"pageToken\": \"Q2hJS0VHVjRaV05mTVRjNE5Ua3dNREF3\"}"));
        VELT.verify(2, postRequestedFor(urlEqualTo("/v2/" + AGENT_LIST)));
        VELT.verify(2, anyRequestedFor(anyUrl()));
        assertEquals(List.of("exec_1786000000000_abc123def456", "exec_1785900000000_abc123def456",
                "exec_1785800000000_abc123def456"), ids(exchange.getMessage().getBody(List.class)));
        assertFalse(exchange.getMessage().getHeaders().containsKey(VeltConstants.NEXT_PAGE_TOKEN));
        assertEquals(Boolean.FALSE, exchange.getMessage().getHeader(VeltConstants.HAS_MORE));
    }

    private static List<String> ids(List<?> runs) {
        return runs.stream().map(r -> assertInstanceOf(AgentExecution.class, r).getId()).toList();
    }
}
