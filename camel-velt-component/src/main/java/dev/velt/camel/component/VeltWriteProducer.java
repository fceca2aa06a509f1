package dev.velt.camel.component;

import java.io.InputStream;
import java.io.Reader;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.apache.camel.StreamCache;
import org.apache.camel.util.ObjectHelper;

/**
 * The producer of the {@code velt:} write operations: {@code dispatch}, {@code cancel}, {@code recordReviewerDecision}
 * and {@code recordAgentResolution}. Every value is resolved (header over option) and checked against Velt's limits
 * before the request is sent (options were checked when the endpoint was created); which writes are retried is the
 * client's rule (see
 * {@link dev.velt.camel.client.VeltClient#dispatch}).
 */
public class VeltWriteProducer extends VeltProducer {

    private final VeltEndpoint endpoint;
    private final VeltConfiguration config;

    public VeltWriteProducer(VeltEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
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
        DispatchRequest request = new DispatchRequest(definitionId, idempotencyKey, correlationId,
                jsonBody(in, "triggerContext"), config.getWebhookUrl(), config.getWebhookSecret());
        DispatchResult result = endpoint.call(() -> endpoint.getClient().dispatch(request));
        in.setBody(result);
        in.setHeader(VeltConstants.EXECUTION_ID, result.getExecutionId());
        in.setHeader(VeltConstants.DEDUPLICATED, Boolean.TRUE.equals(result.getDeduplicated()));
    }

    private void cancel(Message in) {
        String executionId = required(in, "executionId", VeltConstants.EXECUTION_ID, config.getExecutionId());
        String reason = reason(in);
        CancelResult result = endpoint.call(() -> endpoint.getClient().cancel(new CancelRequest(executionId, reason)));
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
        ReviewerDecisionResult result = endpoint.call(() -> endpoint.getClient().recordReviewerDecision(request));
        in.setBody(result);
        in.setHeader(VeltConstants.EXECUTION_ID, executionId);
    }

    private void recordAgentResolution(Message in) {
        String executionId = required(in, "executionId", VeltConstants.EXECUTION_ID, config.getExecutionId());
        String stepId = required(in, "stepId", VeltConstants.STEP_ID, config.getStepId());
        String resolutionId = required(in, "resolutionId", VeltConstants.RESOLUTION_ID, config.getResolutionId());
        AgentResolutionRequest request = new AgentResolutionRequest(executionId, stepId, resolutionId, jsonBody(in, "output"));
        AgentResolutionResult result = endpoint.call(() -> endpoint.getClient().recordAgentResolution(request));
        in.setBody(result);
        in.setHeader(VeltConstants.EXECUTION_ID, executionId);
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

    /**
     * The body as the JSON value to send as {@code field}: a {@code Map} or {@code JsonNode} as it is, text (a String,
     * bytes, a stream) parsed as JSON, any other object converted by Jackson; null (or blank text) when there is none.
     */
    private Object jsonBody(Message in, String field) {
        Object body = in.getBody();
        if (body == null || body instanceof Map || body instanceof JsonNode) {
            return body;
        }
        ObjectMapper mapper = endpoint.getComponent().getObjectMapper();
        if (body instanceof String || body instanceof byte[] || body instanceof InputStream || body instanceof Reader
                || body instanceof StreamCache) {
            String text = in.getBody(String.class);
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return mapper.readTree(text);
            } catch (JacksonException e) {
                // the parser's message quotes the body: keep it out of the message
                throw new IllegalArgumentException("velt:" + endpoint.getOperation() + " sends the body as " + field
                                                   + ", but the " + body.getClass().getSimpleName()
                                                   + " body is not JSON (line " + e.getLocation().getLineNr()
                                                   + ", column " + e.getLocation().getColumnNr() + ")",
                        e);
            }
        }
        try {
            return mapper.valueToTree(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("velt:" + endpoint.getOperation() + " sends the body as " + field
                                               + ", but Jackson cannot write the " + body.getClass().getName()
                                               + " body as JSON",
                    e);
        }
    }
}
