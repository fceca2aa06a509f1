package dev.velt.camel.test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.velt.camel.test.WorkflowDefinition.AgentNode;
import dev.velt.camel.test.WorkflowDefinition.BlockingAgentNode;
import dev.velt.camel.test.WorkflowDefinition.HumanNode;
import dev.velt.camel.test.WorkflowDefinition.Node;
import dev.velt.camel.test.WorkflowDefinition.Reviewer;

import static dev.velt.camel.test.WorkflowScenario.map;

/**
 * The write side: {@code dispatch}, {@code cancel}, {@code recordReviewerDecision} and {@code recordAgentResolution},
 * played on the executions they start. Each write appends the events it causes at the current tick. Generated
 * executions (whose timeline is written ahead) refuse writes with FAILED_PRECONDITION. Called one request at a time.
 */
final class WorkflowEngine {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[A-Za-z0-9:_\\-.]{1,200}$");

    /** A dispatched execution being played. */
    private static final class Live {

        final SimExecution execution;
        final WorkflowDefinition definition;
        final Map<String, Map<String, String>> decisions = new HashMap<>(); // stepId -> reviewerId -> decision
        final Map<String, Map<String, JsonNode>> resolutions = new HashMap<>(); // stepId -> resolutionId -> output
        int next;
        String waitingStep;
        Node waitingNode;

        Live(SimExecution execution, WorkflowDefinition definition) {
            this.execution = execution;
            this.definition = definition;
        }
    }

    private final SimWorld world;
    private final SimJson json;
    private final SimClock clock;
    private final Webhooks webhooks;
    private final Random random;
    private final Map<String, WorkflowDefinition> definitions = new HashMap<>();
    private final Map<String, String> byIdempotencyKey = new HashMap<>();
    private final Map<String, Live> live = new LinkedHashMap<>();
    private boolean decidedStepsRefuse;

    WorkflowEngine(SimWorld world, SimJson json, SimClock clock, Webhooks webhooks, long seed) {
        this.world = world;
        this.json = json;
        this.clock = clock;
        this.webhooks = webhooks;
        this.random = new Random(seed);
    }

    /** With true, a decision on a step that no longer waits is FAILED_PRECONDITION even when it repeats one. */
    synchronized void decidedStepsRefuse(boolean refuse) {
        this.decidedStepsRefuse = refuse;
    }

    synchronized void define(WorkflowDefinition definition) {
        definitions.put(definition.definitionId(), definition);
    }

    synchronized JsonNode dispatch(ApiRequest request, long tick) {
        String definitionId = request.requiredText("definitionId");
        String key = request.text("idempotencyKey");
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw ApiError.invalid("idempotencyKey must match " + IDEMPOTENCY_KEY.pattern());
        }
        String webhookUrl = request.text("webhookUrl");
        String webhookSecret = request.text("webhookSecret");
        if ((webhookUrl == null) != (webhookSecret == null)) {
            throw ApiError.invalid("webhookUrl and webhookSecret go together");
        }
        if (webhookSecret != null && (webhookSecret.length() < 16 || webhookSecret.length() > 512)) {
            throw ApiError.invalid("webhookSecret must be 16 to 512 characters");
        }
        if (key != null && byIdempotencyKey.containsKey(key)) {
            SimExecution existing = world.anyExecution(byIdempotencyKey.get(key));
            return answer(existing, true);
        }
        SimExecution execution = start(definitionId, request.text("correlationId"), key, tick);
        if (webhookUrl != null) {
            webhooks.target(execution.executionId(), webhookUrl, webhookSecret);
        }
        return answer(execution, false);
    }

    /** Starts an execution of {@code definitionId} at {@code tick} and plays it until a step waits. */
    synchronized SimExecution start(String definitionId, String correlationId, String idempotencyKey, long tick) {
        long startedAt = clock.timeOf(tick);
        String executionId = "exec_" + startedAt + "_" + Ids.alnum(random, 8);
        WorkflowDefinition definition = definitions.getOrDefault(definitionId, WorkflowDefinition.approval(definitionId));
        SimExecution execution = new SimExecution(executionId, definitionId, definition.version(),
                correlationId == null ? "corr_" + executionId : correlationId, idempotencyKey, tick, startedAt,
                List.of(), List.of());
        world.add(execution);
        if (idempotencyKey != null) {
            byIdempotencyKey.put(idempotencyKey, executionId);
        }
        Live run = new Live(execution, definition);
        live.put(executionId, run);
        String first = definition.nodes().isEmpty() ? null : stepId(run, definition.nodes().get(0));
        emit(run, tick, "execution.dispatched", null, map("definitionId", definitionId, "definitionVersion",
                definition.version(), "rootStepIds", first == null ? List.of() : List.of(first)), null, null);
        proceed(run, tick);
        return execution;
    }

    private ObjectNode answer(SimExecution execution, boolean deduplicated) {
        return json.mapper().createObjectNode().put("executionId", execution.executionId())
                .put("correlationId", execution.correlationId()).put("deduplicated", deduplicated);
    }

    synchronized JsonNode cancel(ApiRequest request, long tick) {
        Live run = find(request);
        String reason = request.text("reason");
        if (reason != null && reason.length() > 500) {
            throw ApiError.invalid("reason must be at most 500 characters");
        }
        if (run.execution.ended()) {
            throw ApiError.failedPrecondition("Execution " + run.execution.executionId() + " has already ended");
        }
        if (run.waitingStep != null) {
            emit(run, tick, "step.cancelled", run.waitingStep, map("actorId", "api", "reason", reason), "cancelled", null);
            run.waitingStep = null;
        }
        emit(run, tick, "execution.cancelled", null, reason == null ? map() : map("reason", reason), null, null);
        return json.mapper().createObjectNode().put("cancelled", true).put("executionId", run.execution.executionId());
    }

    synchronized JsonNode recordReviewerDecision(ApiRequest request, long tick) {
        Live run = find(request);
        String stepId = request.requiredText("stepId");
        String reviewerId = request.requiredText("reviewerId");
        String decision = request.requiredText("decision");
        String reason = request.text("reason");
        if (!decision.equals("approve") && !decision.equals("reject")) {
            throw ApiError.invalid("decision must be approve or reject");
        }
        if (reason != null && reason.length() > 2000) {
            throw ApiError.invalid("reason must be at most 2000 characters");
        }
        Map<String, String> recorded = run.decisions.computeIfAbsent(stepId, s -> new LinkedHashMap<>());
        if (decidedStepsRefuse && !stepId.equals(run.waitingStep)) {
            throw ApiError.failedPrecondition("Step " + stepId + " is not waiting for a decision");
        }
        if (decision.equals(recorded.get(reviewerId))) {
            return decisionAnswer(false, aggregate(run, stepId), false);
        }
        if (!stepId.equals(run.waitingStep) || !(run.waitingNode instanceof HumanNode human)) {
            throw ApiError.failedPrecondition("Step " + stepId + " is not waiting for a decision");
        }
        if (human.reviewers().stream().noneMatch(r -> r.userId().equals(reviewerId))) {
            throw ApiError.invalid("reviewerId " + reviewerId + " is not a reviewer of step " + stepId);
        }
        recorded.put(reviewerId, decision);
        emit(run, tick, "step.response-recorded", stepId, map("reviewerId", reviewerId, "decision", decision), "waiting", null);
        String status = aggregate(run, stepId);
        if (status.equals("pending")) {
            return decisionAnswer(true, status, false);
        }
        boolean approved = status.equals("resolved");
        emit(run, tick, "step.completed", stepId, map("aggregatorStatus", status, "nodeType", "human",
                "decision", approved ? "approve" : "reject", "aggregatorBacked", true), "completed",
                map("decision", approved ? "approve" : "reject", "reviewerId", reviewerId));
        run.waitingStep = null;
        if (approved) {
            proceed(run, tick);
        } else {
            emit(run, tick, "execution.failed", null, map("failureReason", map("code", "STEP_REJECTED",
                    "message", "Step " + human.nodeId() + " was rejected by " + reviewerId)), null, null);
        }
        return decisionAnswer(true, status, true);
    }

    /** pending, resolved (every mandatory reviewer approved) or rejected (someone rejected). */
    private static String aggregate(Live run, String stepId) {
        Map<String, String> recorded = run.decisions.getOrDefault(stepId, Map.of());
        if (recorded.containsValue("reject")) {
            return "rejected";
        }
        HumanNode human = run.waitingNode instanceof HumanNode h && stepId.equals(run.waitingStep) ? h : null;
        if (human == null) {
            return recorded.isEmpty() ? "pending" : "resolved";
        }
        boolean all = human.reviewers().stream().filter(Reviewer::mandatory)
                .allMatch(r -> "approve".equals(recorded.get(r.userId())));
        return all ? "resolved" : "pending";
    }

    private ObjectNode decisionAnswer(boolean recorded, String status, boolean resumeScheduled) {
        return json.mapper().createObjectNode().put("recorded", recorded).put("aggregatorStatus", status)
                .put("resumeScheduled", resumeScheduled);
    }

    /**
     * Both shapes: the current one ({@code responseId}, {@code resolution} resolved|rejected, {@code actorId},
     * {@code reason}), idempotent per (stepId, responseId); and the May one ({@code resolutionId}, {@code output}).
     * A replay answers {@code recorded: false}. One rejected resolution rejects the step and fails the execution.
     */
    synchronized JsonNode recordAgentResolution(ApiRequest request, long tick) {
        Live run = find(request);
        String stepId = request.requiredText("stepId");
        boolean current = request.data().has("responseId");
        String key = current ? request.requiredText("responseId") : request.requiredText("resolutionId");
        JsonNode output = current ? json.mapper().getNodeFactory().textNode(currentResolution(request))
                : request.data().get("output");
        Map<String, JsonNode> recorded = run.resolutions.computeIfAbsent(stepId, s -> new LinkedHashMap<>());
        if (recorded.containsKey(key)) {
            return decisionAnswer(false, stepId.equals(run.waitingStep) ? "pending" : "resolved", false);
        }
        if (!stepId.equals(run.waitingStep) || !(run.waitingNode instanceof BlockingAgentNode agent)) {
            throw ApiError.failedPrecondition("Step " + stepId + " is not waiting for resolutions");
        }
        recorded.put(key, output);
        emit(run, tick, "step.response-recorded", stepId, map(current ? "responseId" : "resolutionId", key), "waiting",
                null);
        boolean rejected = current && "rejected".equals(output.asText());
        if (!rejected && recorded.size() < agent.requiredResolutions()) {
            return decisionAnswer(true, "pending", false);
        }
        String status = rejected ? "rejected" : "resolved";
        emit(run, tick, "step.completed", stepId, map("aggregatorStatus", status, "nodeType", "agent",
                "decision", rejected ? "reject" : null, "aggregatorBacked", true), "completed",
                map("agentId", agent.agentId(), "resolutions", recorded.size()));
        run.waitingStep = null;
        if (rejected) {
            emit(run, tick, "execution.failed", null, map("failureReason", map("code", "STEP_REJECTED",
                    "message", "Step " + agent.nodeId() + " was rejected")), null, null);
        } else {
            proceed(run, tick);
        }
        return decisionAnswer(true, status, !rejected);
    }

    /** The current shape's checks, as Velt makes them; returns the resolution. */
    private static String currentResolution(ApiRequest request) {
        String responseId = request.requiredText("responseId");
        String resolution = request.requiredText("resolution");
        String actorId = request.requiredText("actorId");
        String reason = request.text("reason");
        if (responseId.length() > 200 || actorId.length() > 256 || reason != null && reason.length() > 2000) {
            throw ApiError.invalid("responseId (200), actorId (256) or reason (2000) is too long");
        }
        if (!resolution.equals("resolved") && !resolution.equals("rejected")) {
            throw ApiError.invalid("resolution must be resolved or rejected");
        }
        return resolution;
    }

    /** Runs the nodes from the next one until one waits or the definition ends (execution.completed). */
    private void proceed(Live run, long tick) {
        List<Node> nodes = run.definition.nodes();
        while (run.next < nodes.size()) {
            Node node = nodes.get(run.next++);
            String stepId = stepId(run, node);
            String type = node instanceof HumanNode ? "human" : "agent";
            run.execution.addStep(new SimStep(stepId, node.nodeId(), type, null));
            emit(run, tick, "step.scheduled", stepId, null, "pending", null);
            if (node instanceof AgentNode agent) {
                emit(run, tick, "step.started", stepId, null, "running", null);
                emit(run, tick, "step.completed", stepId, map("agentId", agent.agentId()), "completed",
                        map("agentId", agent.agentId(), "summary", "Done: " + agent.agentId(),
                                "generatedAt", clock.timeOf(tick)));
                continue;
            }
            if (node instanceof HumanNode human) {
                int mandatory = (int) human.reviewers().stream().filter(Reviewer::mandatory).count();
                emit(run, tick, "step.awaiting-approval", stepId, map("waitingForReviewers", human.reviewers().size(),
                        "mandatoryCount", mandatory, "resumeKey", "human:" + run.execution.executionId() + ":" + stepId),
                        "waiting", null);
            } else {
                emit(run, tick, "step.started", stepId, map("agentId", ((BlockingAgentNode) node).agentId()),
                        "waiting", null);
            }
            run.waitingStep = stepId;
            run.waitingNode = node;
            return;
        }
        emit(run, tick, "execution.completed", null, null, null, null);
    }

    private static String stepId(Live run, Node node) {
        return "step_" + node.nodeId() + "_" + run.execution.executionId().substring("exec_".length());
    }

    private Live find(ApiRequest request) {
        String id = request.requiredText("executionId");
        Live run = live.get(id);
        if (run == null) {
            if (world.anyExecution(id) != null) {
                throw ApiError.failedPrecondition("Execution " + id + " was not dispatched through the API: the "
                                                  + "simulator plays writes only on dispatched executions");
            }
            throw ApiError.notFound("Execution " + id + " not found");
        }
        return run;
    }

    private void emit(Live run, long tick, String type, String stepId, Map<String, Object> data, String stepStatus,
            Map<String, Object> stepDetail) {
        run.execution.append(new SimEvent("evt_" + Ids.alnum(random, 16), run.execution.lastSeq() + 1, type, stepId,
                tick, clock.timeOf(tick), run.execution.correlationId(), data, stepStatus, stepDetail));
    }
}
