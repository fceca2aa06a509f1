package dev.velt.camel.component;

import java.util.function.BooleanSupplier;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.model.AgentResolutionRequest;
import dev.velt.camel.model.AgentResolutionResult;
import dev.velt.camel.model.CancelRequest;
import dev.velt.camel.model.CancelResult;
import dev.velt.camel.model.DispatchRequest;
import dev.velt.camel.model.DispatchResult;
import dev.velt.camel.model.ReviewerDecisionRequest;
import dev.velt.camel.model.ReviewerDecisionResult;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.util.ObjectHelper;

/**
 * The producer of the {@code velt:} write operations: {@code dispatch}, {@code cancel}, {@code recordReviewerDecision}
 * and {@code recordAgentResolution}. Every value is resolved (header over option) and checked against Velt's limits
 * before the request is sent (options were checked when the endpoint was created); which writes are retried is the
 * client's rule (see {@link dev.velt.camel.client.VeltClient#dispatch}). A retried cancel or reviewer decision that
 * Velt answers FAILED_PRECONDITION succeeds when the execution shows it took effect ({@link WriteConfirmation}).
 */
public class VeltWriteProducer extends VeltProducer {

    public VeltWriteProducer(VeltEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        switch (endpoint.getOperation()) {
            case dispatch -> dispatch(in);
            case cancel -> cancel(in);
            case recordReviewerDecision -> recordReviewerDecision(in);
            case recordAgentResolution -> recordAgentResolution(in);
            default -> throw new IllegalStateException("velt:" + endpoint.getOperation() + " is not a write operation");
        }
    }

    private void dispatch(Message in) {
        String definitionId = required(in, "definitionId", VeltConstants.DEFINITION_ID, config.getDefinitionId());
        String idempotencyKey = optional(in, "idempotencyKey", VeltConstants.IDEMPOTENCY_KEY, config.getIdempotencyKey());
        VeltWriteRules.checkIdempotencyKey(idempotencyKey, VeltWriteRules.source("idempotencyKey",
                VeltConstants.IDEMPOTENCY_KEY, in.getHeader(VeltConstants.IDEMPOTENCY_KEY) != null));
        String correlationId = optional(in, "correlationId", VeltConstants.CORRELATION_ID, config.getCorrelationId());
        DispatchWebhook.Target webhook = DispatchWebhook.resolve(
                optional(in, "webhookUrl", VeltConstants.WEBHOOK_URL, config.getWebhookUrl()),
                optional(in, "webhookSecret", VeltConstants.WEBHOOK_SECRET, null), config.getWebhookSecret(),
                endpoint.getComponent().getConfiguration().getWebhookSecret());
        DispatchRequest request = new DispatchRequest(definitionId, idempotencyKey, correlationId,
                jsonBody(in, "triggerContext"), webhook.url(), webhook.secret());
        DispatchResult result = endpoint.call(() -> endpoint.getClient().dispatch(request));
        in.setBody(result);
        in.setHeader(VeltConstants.EXECUTION_ID, result.getExecutionId());
        in.setHeader(VeltConstants.DEDUPLICATED, Boolean.TRUE.equals(result.getDeduplicated()));
    }

    private void cancel(Message in) {
        String executionId = required(in, "executionId", VeltConstants.EXECUTION_ID, config.getExecutionId());
        String reason = reason(in);
        CancelResult result;
        try {
            result = endpoint.getClient().cancel(new CancelRequest(executionId, reason));
        } catch (VeltApiException e) {
            confirmOrThrow(in, e, () -> WriteConfirmation.cancelled(endpoint.getClient(), executionId));
            result = new CancelResult();
            result.setCancelled(true);
            result.setExecutionId(executionId);
        }
        in.setBody(result);
        in.setHeader(VeltConstants.EXECUTION_ID, result.getExecutionId() != null ? result.getExecutionId() : executionId);
    }

    private void recordReviewerDecision(Message in) {
        String executionId = required(in, "executionId", VeltConstants.EXECUTION_ID, config.getExecutionId());
        String stepId = required(in, "stepId", VeltConstants.STEP_ID, config.getStepId());
        String reviewerId = required(in, "reviewerId", VeltConstants.REVIEWER_ID, config.getReviewerId());
        String decision = required(in, "decision", VeltConstants.DECISION, config.getDecision());
        VeltWriteRules.checkDecision(decision,
                VeltWriteRules.source("decision", VeltConstants.DECISION, in.getHeader(VeltConstants.DECISION) != null));
        String reason = reason(in);
        ReviewerDecisionRequest request = new ReviewerDecisionRequest(executionId, stepId, reviewerId, decision, reason);
        ReviewerDecisionResult result;
        try {
            result = endpoint.getClient().recordReviewerDecision(request);
        } catch (VeltApiException e) {
            confirmOrThrow(in, e,
                    () -> WriteConfirmation.decided(endpoint.getClient(), executionId, stepId, reviewerId, decision));
            result = new ReviewerDecisionResult();
            result.setRecorded(true);
            result.setAggregatorStatus("approve".equals(decision) ? "resolved" : "rejected");
        }
        in.setBody(result);
        in.setHeader(VeltConstants.EXECUTION_ID, executionId);
    }

    /**
     * The current form when a responseId is set (option or header); the earlier one ({@code resolutionId} and the body
     * as {@code output}) when only a resolutionId is.
     */
    private void recordAgentResolution(Message in) {
        String executionId = required(in, "executionId", VeltConstants.EXECUTION_ID, config.getExecutionId());
        String stepId = required(in, "stepId", VeltConstants.STEP_ID, config.getStepId());
        String responseId = optional(in, "responseId", VeltConstants.RESPONSE_ID, config.getResponseId());
        String resolutionId = optional(in, "resolutionId", VeltConstants.RESOLUTION_ID, config.getResolutionId());
        AgentResolutionRequest request;
        if (ObjectHelper.isNotEmpty(responseId) || ObjectHelper.isEmpty(resolutionId)) {
            responseId = required(in, "responseId", VeltConstants.RESPONSE_ID, config.getResponseId());
            VeltWriteRules.checkLength(responseId, VeltWriteRules.MAX_RESPONSE_ID, source(in, "responseId",
                    VeltConstants.RESPONSE_ID));
            String resolution = required(in, "resolution", VeltConstants.RESOLUTION, config.getResolution());
            VeltWriteRules.checkResolution(resolution, source(in, "resolution", VeltConstants.RESOLUTION));
            String actorId = required(in, "actorId", VeltConstants.ACTOR_ID, config.getActorId());
            VeltWriteRules.checkLength(actorId, VeltWriteRules.MAX_ACTOR_ID, source(in, "actorId", VeltConstants.ACTOR_ID));
            request = AgentResolutionRequest.of(executionId, stepId, responseId, resolution, actorId, reason(in));
        } else {
            request = new AgentResolutionRequest(executionId, stepId, resolutionId, jsonBody(in, "output"));
        }
        AgentResolutionResult result = endpoint.call(() -> endpoint.getClient().recordAgentResolution(request));
        in.setBody(result);
        in.setHeader(VeltConstants.EXECUTION_ID, executionId);
    }

    /**
     * A FAILED_PRECONDITION answer to a retried write is no failure when the execution shows that an earlier attempt
     * took effect: then the exchange carries {@link VeltConstants#CONFIRMED_AFTER_RETRY}. Otherwise the failure is
     * thrown as the operation's (with a failure of the confirming read added as suppressed).
     */
    private void confirmOrThrow(Message in, VeltApiException failure, BooleanSupplier tookEffect) {
        VeltOperationException thrown = new VeltOperationException(failure, endpoint.getOperation().name());
        if (!WriteConfirmation.worthChecking(failure)) {
            throw thrown;
        }
        boolean confirmed;
        try {
            confirmed = tookEffect.getAsBoolean();
        } catch (VeltApiException readFailure) {
            thrown.addSuppressed(readFailure);
            throw thrown;
        }
        if (!confirmed) {
            throw thrown;
        }
        in.setHeader(VeltConstants.CONFIRMED_AFTER_RETRY, Boolean.TRUE);
    }

    private static String source(Message in, String option, String header) {
        return VeltWriteRules.source(option, header, in.getHeader(header) != null);
    }

    private String reason(Message in) {
        String reason = optional(in, "reason", VeltConstants.REASON, config.getReason());
        VeltWriteRules.checkReason(endpoint.getOperation(), reason,
                VeltWriteRules.source("reason", VeltConstants.REASON, in.getHeader(VeltConstants.REASON) != null));
        return reason;
    }

    /** The header's value, or the option's when the header is absent. */
    private static String optional(Message in, String option, String header, String optionValue) {
        return header(in, header, option, String.class, optionValue);
    }

    private String required(Message in, String option, String header, String optionValue) {
        String value = header(in, header, option, String.class, optionValue);
        if (ObjectHelper.isEmpty(value)) {
            throw new IllegalArgumentException("velt:" + endpoint.getOperation() + " needs " + option + ": set the " + option
                                               + " option or the " + header + " header");
        }
        return value;
    }

    private Object jsonBody(Message in, String field) {
        return new JsonBody(endpoint).read(in, field);
    }
}
