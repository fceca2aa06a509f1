package dev.velt.camel.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.velt.camel.component.support.Payloads.MAPPER;
import static dev.velt.camel.component.support.Payloads.json;
import static dev.velt.camel.component.support.Payloads.payload;
import static dev.velt.camel.component.support.Payloads.payloadJson;
import static dev.velt.camel.component.support.Payloads.withoutNulls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model on its own (plain Jackson, as the client uses it): both findings shapes, both list envelopes, the workflow
 * executions list, unknown fields kept at every level, lenient statuses and requests that carry only the fields set.
 */
class VeltModelTest {

    private static final String AGENT = "abc123def456";

    /**
     * {@code value} serialized to JSON text and read back as a tree, as a route's {@code marshal().json()} would give it
     * (going through text also makes 150000 an int node on both sides, whatever the Java field's type).
     */
    private static JsonNode written(Object value) throws Exception {
        return json(MAPPER.writeValueAsString(value));
    }

    private static <T> T result(String payloadFile, Class<T> type) throws Exception {
        return MAPPER.treeToValue(payloadJson(payloadFile).get("result"), type);
    }

    // ---------------------------------------------------------------- findings

    @Test
    void findingsAtResultsFindingsOfPage004() throws Exception {
        AgentExecutionEnvelope envelope = result("agents-execution-get-with-results.json", AgentExecutionEnvelope.class);
        AgentExecution execution = envelope.getData().getExecution();
        execution.setResults(envelope.getData().getResults());

        List<AgentFinding> findings = execution.getAllFindings();
        assertEquals(1, findings.size());
        assertEquals("Heading uses wrong font", findings.get(0).getTitle());
        assertEquals("typography", findings.get(0).getCategory());
        assertEquals("Welcome to Example", findings.get(0).getTargetText());
        assertEquals(1, findings.get(0).getOccurrence());
        assertEquals("brand-font", findings.get(0).getIssueType());
        assertEquals(Boolean.FALSE, findings.get(0).getPageLevel());
        assertNull(execution.getResults().get(0).getAgentResult());
    }

    @Test
    void findingsAtResultsAgentResultFindingsOfTheCurrentApi() throws Exception {
        AgentExecutionEnvelope envelope = result("agents-execution-get-agentResult.json", AgentExecutionEnvelope.class);
        AgentExecution execution = envelope.getData().getExecution();
        execution.setResults(envelope.getData().getResults());

        assertNull(execution.getResults().get(0).getFindings());
        List<AgentFinding> findings = execution.getAllFindings();
        assertEquals(List.of("finding-1", "finding-2"), findings.stream().map(AgentFinding::getId).toList());
        assertEquals("pii", findings.get(1).getIssueType());
        assertEquals("instructions", findings.get(1).getSource());
        assertEquals("https://example.com/contact", findings.get(1).getSourceUrl());
    }

    @Test
    void noResultsMeansNoFindings() throws Exception {
        AgentExecution execution = result("agents-execution-get.json", AgentExecutionEnvelope.class).getData().getExecution();

        assertNull(execution.getResults());
        assertEquals(List.of(), execution.getAllFindings());
        AgentUrlResult empty = new AgentUrlResult();
        assertEquals(List.of(), empty.getAllFindings());
    }

    // ---------------------------------------------------------------- list envelopes

    @Test
    void legacyListEnvelope() throws Exception {
        AgentExecutionsPage page = result("agents-execution-list-legacy.json", AgentExecutionsPage.class);

        assertTrue(page.isLegacyEnvelope());
        assertEquals(2, page.getExecutions().size());
        assertEquals("eyJvZmZzZXQiOjUwfQ==", page.getNextPageToken());
        assertTrue(page.hasNextPage());

        AgentExecutionsPage last = result("agents-execution-list-legacy-last.json", AgentExecutionsPage.class);
        assertTrue(last.isLegacyEnvelope());
        assertNull(last.getNextPageToken());
        assertFalse(last.hasNextPage());
    }

    @Test
    void currentListEnvelope() throws Exception {
        AgentExecutionsPage page = result("agents-execution-list-current.json", AgentExecutionsPage.class);

        assertFalse(page.isLegacyEnvelope());
        assertEquals("success", page.getStatus());
        assertEquals(2, page.getExecutions().size());
        assertEquals("Q2hJS0VHVjRaV05mTVRjNE5Ua3dNREF3", page.getNextPageToken());

        AgentExecutionsPage last = result("agents-execution-list-current-last.json", AgentExecutionsPage.class);
        assertFalse(last.isLegacyEnvelope());
        assertNull(last.getNextPageToken());
        assertFalse(last.hasNextPage());
    }

    @Test
    void emptyPagesOfEitherEnvelope() throws Exception {
        AgentExecutionsPage legacy = MAPPER.readValue("{\"items\": [], \"nextCursor\": null, \"hasMore\": false}",
                AgentExecutionsPage.class);
        AgentExecutionsPage current = MAPPER.readValue("{\"status\": \"success\", \"message\": \"ok\", \"data\": "
                                                       + "{\"executions\": []}}",
                AgentExecutionsPage.class);

        for (AgentExecutionsPage page : List.of(legacy, current)) {
            assertEquals(List.of(), page.getExecutions());
            assertFalse(page.hasNextPage());
        }
    }

    @Test
    void nextPageQueryUsesTheRequestFieldOfTheEnvelope() throws Exception {
        AgentExecutionsQuery first = new AgentExecutionsQuery(AGENT, null, null, null, null, 50, null, null);

        AgentExecutionsQuery afterLegacy = first
                .nextPage(result("agents-execution-list-legacy.json", AgentExecutionsPage.class));
        AgentExecutionsQuery afterCurrent = first
                .nextPage(result("agents-execution-list-current.json", AgentExecutionsPage.class));

        assertEquals(json("{\"agentId\": \"abc123def456\", \"pageSize\": 50, \"cursor\": \"eyJvZmZzZXQiOjUwfQ==\"}"),
                written(afterLegacy));
        assertEquals(json("{\"agentId\": \"abc123def456\", \"pageSize\": 50, "
                          + "\"pageToken\": \"Q2hJS0VHVjRaV05mTVRjNE5Ua3dNREF3\"}"),
                written(afterCurrent));
    }

    @Test
    void requestsCarryOnlyTheFieldsSet() throws Exception {
        assertEquals(json("{\"executionId\": \"exec_1\"}"), written(new EventsQuery("exec_1", null, null)));
        assertEquals(json("{\"organizationId\": \"org_001\", \"documentId\": \"doc_001\"}"),
                written(new AgentExecutionsQuery(null, "org_001", "doc_001", null, null, null, null, null)));
        assertEquals(json("{\"definitionId\": \"marketing-copy-approval\", \"pageSize\": 50}"),
                written(new ExecutionsQuery("marketing-copy-approval", null, 50, null)));
    }

    // ---------------------------------------------------------------- workflow executions and events

    @Test
    void workflowExecutionsList() throws Exception {
        ExecutionsPage page = result("workflow-executions-list.json", ExecutionsPage.class);

        assertEquals(2, page.getItems().size());
        assertEquals("eyJzdGFydGVkQXQiOjE3NzczNzQ1MDQzNjR9", page.getNextCursor());
        assertNull(page.getHasMore());
        assertEquals(ExecutionStatus.RUNNING, page.getItems().get(0).getStatusValue());
        assertFalse(page.getItems().get(0).getStatusValue().isTerminal());
        assertEquals(List.of(), page.getItems().get(0).getSteps());
        assertEquals(withoutNulls(payloadJson("workflow-executions-list.json").get("result")),
                withoutNulls(written(page)));
    }

    @Test
    void terminalEvents() throws Exception {
        EventsPage page1 = result("workflow-executions-getEvents-page1.json", EventsPage.class);
        EventsPage page2 = result("workflow-executions-getEvents-page2.json", EventsPage.class);

        assertEquals(List.of(false, false), page1.getEvents().stream().map(WorkflowEvent::isTerminal).toList());
        assertTrue(page2.getEvents().get(0).isTerminal());
        assertNull(page1.getEvents().get(0).getStepId());
        assertNull(page2.getEvents().get(0).getData());
        assertTrue(page1.isHasMore());
        assertEquals(7L, page1.getNextCursor());
    }

    // ---------------------------------------------------------------- unknown fields

    @Test
    void unknownFieldsAreKeptAtEveryLevelAndWrittenBack() throws Exception {
        JsonNode sent = payloadJson("workflow-executions-get-unknown-fields.json").get("result");
        ExecutionView view = MAPPER.treeToValue(sent, ExecutionView.class);

        assertEquals("eu-west-1", view.getAdditionalProperties().get("region"));
        assertEquals(0.75, view.getAdditionalProperties().get("priorityScore"));
        assertEquals(List.of("campaign", "q3"), view.getAdditionalProperties().get("labels"));
        assertEquals("standard",
                ((Map<?, ?>) ((Map<?, ?>) view.getAdditionalProperties().get("sla")).get("policy")).get("name"));
        assertEquals(3, view.getFailureReason().getAdditionalProperties().get("attempts"));
        assertEquals("STEP_FAILED", view.getFailureReason().getCode());
        assertEquals(Boolean.TRUE, view.getSteps().get(0).getAdditionalProperties().get("escalated"));
        assertEquals(1777586400000L, view.getSteps().get(1).getAdditionalProperties().get("reviewDeadlineAt"));
        assertEquals(ExecutionStatus.FAILED, view.getStatusValue());

        assertEquals(withoutNulls(sent), withoutNulls(written(view)));
    }

    @Test
    void unknownFieldsOfAgentExecutionsAndEnvelopesAreKept() throws Exception {
        JsonNode sent = payloadJson("agents-execution-get-unknown-fields.json").get("result");
        AgentExecutionEnvelope envelope = MAPPER.treeToValue(sent, AgentExecutionEnvelope.class);
        AgentExecution execution = envelope.getData().getExecution();

        assertEquals(0.0421, execution.getAdditionalProperties().get("costUsd"));
        assertEquals("trc_5d41402abc4b2a76", execution.getError().getAdditionalProperties().get("traceId"));
        assertEquals("CONTEXT_GATHERING_ERROR", execution.getError().getCode());
        assertEquals(AgentExecutionStatus.ERROR, execution.getStatusValue());
        AgentUrlResult first = envelope.getData().getResults().get(0);
        assertEquals("https://cdn.example.com/shots/a1b2c3d4e5f6.png", first.getAdditionalProperties().get("screenshotUrl"));
        assertEquals("claude/claude-sonnet-4-6", first.getAgentResult().getAdditionalProperties().get("model"));
        assertTrue(first.getAgentResult().getFindings().get(0).getAdditionalProperties().containsKey("boundingBox"));
        assertEquals("Inter", first.getAgentResult().getFindings().get(0).getMetadata().get("expectedFont"));

        // the whole envelope, status/message included, is written back as sent
        assertEquals(withoutNulls(sent), withoutNulls(written(envelope)));

        EventsPage events = result("workflow-executions-getEvents-unknown-fields.json", EventsPage.class);
        assertEquals(1777500099999L, events.getAdditionalProperties().get("serverTime"));
        assertEquals(2, events.getEvents().get(0).getAdditionalProperties().get("schemaVersion"));
        assertEquals(withoutNulls(payloadJson("workflow-executions-getEvents-unknown-fields.json").get("result")),
                withoutNulls(written(events)));
    }

    @Test
    void bothListEnvelopesAreWrittenBackAsSent() throws Exception {
        for (String file : List.of("agents-execution-list-legacy.json", "agents-execution-list-current.json")) {
            JsonNode sent = payloadJson(file).get("result");
            assertEquals(withoutNulls(sent), withoutNulls(written(MAPPER.treeToValue(sent, AgentExecutionsPage.class))),
                    file);
        }
    }

    // ---------------------------------------------------------------- lenient statuses

    @Test
    void unknownWorkflowStatusIsUnknown() {
        assertEquals(ExecutionStatus.UNKNOWN, ExecutionStatus.of("brand-new"));
        assertEquals(ExecutionStatus.UNKNOWN, ExecutionStatus.of(null));
        assertEquals(ExecutionStatus.UNKNOWN, ExecutionStatus.of(""));
        assertFalse(ExecutionStatus.UNKNOWN.isTerminal());
    }

    @ParameterizedTest
    @CsvSource({"pending, PENDING, false", "running, RUNNING, false", "completed, COMPLETED, true",
            "failed, FAILED, true", "cancelled, CANCELLED, true", "Completed, COMPLETED, true"})
    void knownWorkflowStatuses(String value, ExecutionStatus expected, boolean terminal) {
        assertEquals(expected, ExecutionStatus.of(value));
        assertEquals(terminal, ExecutionStatus.of(value).isTerminal());
    }

    @ParameterizedTest
    @CsvSource({"running, RUNNING, false", "passed, PASSED, true", "failed, FAILED, true", "partial, PARTIAL, true",
            "error, ERROR, true", "skipped, SKIPPED, true", "queued, UNKNOWN, true"})
    void agentStatusesAreLenient(String value, AgentExecutionStatus expected, boolean finished) {
        assertEquals(expected, AgentExecutionStatus.of(value));
        assertEquals(finished, AgentExecutionStatus.of(value).isFinished());
    }

    @Test
    void unknownStatusParsesInsideAPayload() throws Exception {
        String text = payload("agents-execution-list-current.json").replace("\"partial\"", "\"queued\"");
        AgentExecutionsPage page = MAPPER.treeToValue(json(text).get("result"), AgentExecutionsPage.class);

        assertEquals("queued", page.getExecutions().get(0).getStatus());
        assertEquals(AgentExecutionStatus.UNKNOWN, page.getExecutions().get(0).getStatusValue());
    }
}
