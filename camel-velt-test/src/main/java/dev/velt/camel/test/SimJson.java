package dev.velt.camel.test;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.velt.camel.test.ExecutionState.StepState;
import dev.velt.camel.test.SimulatorOptions.FindingsShape;

/** Renders the simulator's model as the API's JSON, as it stands at a given tick. */
final class SimJson {

    private final ObjectMapper mapper = new ObjectMapper();

    ObjectMapper mapper() {
        return mapper;
    }

    String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code {"result": ...}}. */
    String result(JsonNode result) {
        ObjectNode root = mapper.createObjectNode();
        root.set("result", result);
        return write(root);
    }

    /** {@code {"error": {"message", "status"}}}. */
    String error(String status, String message) {
        ObjectNode root = mapper.createObjectNode();
        root.putObject("error").put("message", message).put("status", status);
        return write(root);
    }

    /** An {@code ExecutionView}; {@code workflow/executions/list} shows it with {@code steps: []}. */
    ObjectNode executionView(SimExecution execution, long tick, boolean withSteps) {
        ExecutionState state = execution.stateAt(tick);
        ObjectNode view = mapper.createObjectNode()
                .put("executionId", execution.executionId())
                .put("status", state.status())
                .put("startedAt", "pending".equals(state.status()) ? null : Long.valueOf(execution.startedAt()))
                .put("completedAt", state.completedAt())
                .put("cancelledAt", state.cancelledAt())
                .put("definitionId", execution.definitionId())
                .put("definitionVersion", execution.definitionVersion())
                .put("correlationId", execution.correlationId())
                .put("idempotencyKey", execution.idempotencyKey());
        view.set("failureReason", mapper.valueToTree(state.failureReason()));
        ArrayNode steps = view.putArray("steps");
        if (withSteps) {
            state.steps().forEach(step -> steps.add(step(step)));
        }
        return view;
    }

    private ObjectNode step(StepState state) {
        ObjectNode step = mapper.createObjectNode()
                .put("stepId", state.step().stepId())
                .put("nodeId", state.step().nodeId())
                .put("nodeType", state.step().nodeType())
                .put("status", state.status())
                .put("groupId", state.step().groupId())
                .put("startedAt", state.startedAt())
                .put("completedAt", state.completedAt());
        step.set("output", mapper.valueToTree(state.output()));
        step.set("error", mapper.valueToTree(state.error()));
        return step;
    }

    ObjectNode event(SimEvent event) {
        ObjectNode node = mapper.createObjectNode()
                .put("eventId", event.eventId())
                .put("seq", event.seq())
                .put("type", event.type());
        if (event.stepId() != null) {
            node.put("stepId", event.stepId());
        }
        node.put("timestamp", event.timestamp()).put("correlationId", event.correlationId());
        node.set("data", mapper.valueToTree(event.data()));
        return node;
    }

    /** The agent execution document (without results). */
    ObjectNode agentExecution(SimAgentRun run, long tick) {
        boolean finished = run.finishedAt(tick);
        ObjectNode node = mapper.createObjectNode()
                .put("id", run.id())
                .put("agentId", run.agentId())
                .put("agentName", run.agentName())
                .put("agentVersion", run.agentVersion());
        node.putObject("metadata")
                .put("apiKey", "ak_simulated")
                .put("organizationId", "server_" + run.organizationId())
                .put("clientOrganizationId", run.organizationId())
                .put("documentId", "server_" + run.documentId())
                .put("clientDocumentId", run.documentId());
        ObjectNode config = node.putObject("config")
                .put("seedUrl", run.seedUrl())
                .put("crossPageExecute", run.crossPage())
                .put("maxUrlsToProcess", 25);
        if (run.crossPage()) {
            config.putObject("crawlerConfig").put("maxPages", 100).put("timeout", 300000).put("maxDepth", 0);
        }
        node.put("status", run.statusAt(tick))
                .put("message", finished ? run.finalMessage() : "Execution in progress")
                .put("startedAt", run.startedAt())
                .put("completedAt", finished ? run.completedAt() : null)
                .put("durationMs", finished ? run.completedAt() - run.startedAt() : null)
                .put("trigger", "standalone")
                .putNull("workflowExecutionId")
                .put("previousExecutionId", run.previousExecutionId());
        node.putObject("ranBy").put("userId", "user_123").put("name", "Jane Doe").put("email", "jane@example.com");
        if (finished) {
            if (run.error() != null) {
                node.set("error", mapper.valueToTree(run.error()));
            } else {
                node.set("resultsSummary", mapper.valueToTree(run.summary()));
            }
            if (run.crossPage()) {
                node.putObject("crawlerResults").put("status", "completed").put("totalUrlsFound", run.results().size())
                        .put("duration", (run.completedAt() - run.startedAt()) / 3).put("pagesVisited", run.results().size());
            }
            node.put("llmModel", "claude/claude-sonnet-4-6");
            node.set("tokenUsage", mapper.valueToTree(run.tokenUsage()));
            node.put("knowledgeRetrieved", true).put("knowledgeCached", false).put("degraded", false);
        }
        return node;
    }

    /**
     * {@code results}: the per-URL results of a finished run (none while it runs), findings where {@code shape} puts them.
     */
    ArrayNode results(SimAgentRun run, long tick, FindingsShape shape) {
        ArrayNode results = mapper.createArrayNode();
        if (!run.finishedAt(tick)) {
            return results;
        }
        for (SimUrlResult result : run.results()) {
            ObjectNode node = results.addObject()
                    .put("url", result.url())
                    .put("urlHash", AgentRunScenario.urlHash(result.url()));
            ArrayNode findings = shape == FindingsShape.FLAT
                    ? node.putArray("findings")
                    : node.putObject("agentResult").putArray("findings");
            result.findings().forEach(finding -> findings.add(finding(finding)));
            node.put("findingCount", result.findings().size())
                    .put("annotationsCreated", result.annotationsCreated())
                    .put("processedAt", result.processedAt());
        }
        return results;
    }

    ObjectNode finding(SimFinding f) {
        return mapper.createObjectNode()
                .put("id", f.id())
                .put("title", f.title())
                .put("description", f.description())
                .put("severity", f.severity())
                .put("category", f.category())
                .put("targetText", f.targetText())
                .put("occurrence", f.occurrence())
                .put("sourceUrl", f.sourceUrl())
                .put("suggestion", f.suggestion())
                .put("htmlSelector", f.htmlSelector())
                .put("htmlXpath", f.htmlXpath())
                .put("isPageLevel", f.pageLevel())
                .put("issueType", f.issueType())
                .put("confidence", f.confidence());
    }

    /** {@code {"status": "success", "message": ..., "data": {...}}}, the agents API's envelope inside {@code result}. */
    ObjectNode agentsEnvelope(String message, Map<String, JsonNode> data) {
        ObjectNode envelope = mapper.createObjectNode().put("status", "success").put("message", message);
        ObjectNode dataNode = envelope.putObject("data");
        data.forEach(dataNode::set);
        return envelope;
    }
}
