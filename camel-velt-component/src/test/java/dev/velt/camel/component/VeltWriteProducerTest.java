package dev.velt.camel.component;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.velt.camel.component.support.Payloads;
import dev.velt.camel.component.support.VeltTestSupport;
import dev.velt.camel.model.AgentResolutionResult;
import dev.velt.camel.model.CancelResult;
import dev.velt.camel.model.DispatchResult;
import dev.velt.camel.model.ReviewerDecisionResult;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four write producers against WireMock stubs: the request each one sends (path, credentials, a
 * {@code {"data": {...}}} body with exactly the fields that were set, the message body as {@code triggerContext} or
 * {@code output}), the typed body and the headers it returns, and headers overriding options.
 */
class VeltWriteProducerTest extends VeltTestSupport {

    static final String DISPATCH = "workflow/executions/dispatch";
    static final String CANCEL = "workflow/executions/cancel";
    static final String DECISION = "workflow/steps/recordReviewerDecision";
    static final String RESOLUTION = "workflow/steps/recordAgentResolution";

    private static final String DEFINITION = "marketing-copy-approval";
    private static final String WEBHOOK_SECRET = "whsec_0123456789abcdef";

    /** A POJO trigger context, written by Jackson like any bean. */
    public record Campaign(String campaignId, int budget, List<String> channels) {
    }

    // ---------------------------------------------------------------- dispatch

    @Test
    void dispatchSendsEveryOptionAndTheBodyAsTriggerContext() {
        stubOk(DISPATCH, "workflow-executions-dispatch.json");
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("campaignId", "campaign-42");
        trigger.put("channels", List.of("email", "slack"));

        Exchange exchange = template.send("velt:dispatch?definitionId=" + DEFINITION + "&idempotencyKey=campaign-42:v1.a_b-c"
                                          + "&correlationId=corr_campaign_42&webhookUrl=https://hooks.example.com/velt"
                                          + "&webhookSecret=RAW(" + WEBHOOK_SECRET + ")",
                e -> e.getMessage().setBody(trigger));

        assertThat(exchange.getException()).isNull();
        VELT.verify(1, veltRequest(DISPATCH, """
                {"definitionId": "marketing-copy-approval", "idempotencyKey": "campaign-42:v1.a_b-c",
                 "correlationId": "corr_campaign_42", "webhookUrl": "https://hooks.example.com/velt",
                 "webhookSecret": "whsec_0123456789abcdef",
                 "triggerContext": {"campaignId": "campaign-42", "channels": ["email", "slack"]}}"""));
        VELT.verify(1, anyRequestedFor(anyUrl()));

        Message out = exchange.getMessage();
        DispatchResult result = out.getBody(DispatchResult.class);
        assertThat(result.getExecutionId()).isEqualTo(EXEC_ID);
        assertThat(result.getCorrelationId()).isEqualTo("corr_campaign_42");
        assertThat(result.getDeduplicated()).isFalse();
        assertThat(out.getHeader(VeltConstants.EXECUTION_ID)).isEqualTo(EXEC_ID);
        assertThat(out.getHeader(VeltConstants.DEDUPLICATED)).isEqualTo(Boolean.FALSE);
        assertThat(result).hasToString("DispatchResult{executionId=" + EXEC_ID
                                       + ", correlationId=corr_campaign_42, deduplicated=false}");
    }

    @Test
    void dispatchWithOnlyTheDefinitionSendsOnlyTheDefinition() {
        stubOk(DISPATCH, "workflow-executions-dispatch.json");

        Exchange exchange = send("velt:dispatch?definitionId=" + DEFINITION);

        assertThat(exchange.getException()).isNull();
        VELT.verify(1, veltRequest(DISPATCH, "{\"definitionId\": \"marketing-copy-approval\"}"));
    }

    @Test
    void dispatchHeadersOverrideTheOptions() {
        stubOk(DISPATCH, "workflow-executions-dispatch.json");

        Exchange exchange = send("velt:dispatch?definitionId=from-option&idempotencyKey=key-from-option&correlationId=c1",
                Map.of(VeltConstants.DEFINITION_ID, DEFINITION, VeltConstants.IDEMPOTENCY_KEY, "order-1001",
                        VeltConstants.CORRELATION_ID, "corr_order_1001"));

        assertThat(exchange.getException()).isNull();
        VELT.verify(1, veltRequest(DISPATCH, """
                {"definitionId": "marketing-copy-approval", "idempotencyKey": "order-1001",
                 "correlationId": "corr_order_1001"}"""));
    }

    @Test
    void dispatchTakesTheTriggerContextAsJsonTextOrAsAPojo() {
        stubOk(DISPATCH, "workflow-executions-dispatch.json");
        String expected = """
                {"definitionId": "marketing-copy-approval",
                 "triggerContext": {"campaignId": "campaign-42", "budget": 500, "channels": ["email"]}}""";
        String json = "{\"campaignId\": \"campaign-42\", \"budget\": 500, \"channels\": [\"email\"]}";
        String uri = "velt:dispatch?definitionId=" + DEFINITION;

        Exchange fromString = template.send(uri, e -> e.getMessage().setBody(json));
        Exchange fromBytes = template.send(uri, e -> e.getMessage().setBody(json.getBytes(StandardCharsets.UTF_8)));
        Exchange fromPojo = template.send(uri, e -> e.getMessage().setBody(new Campaign("campaign-42", 500, List.of("email"))));

        assertThat(List.of(fromString, fromBytes, fromPojo)).allSatisfy(e -> assertThat(e.getException()).isNull());
        VELT.verify(3, veltRequest(DISPATCH, expected));
        VELT.verify(3, anyRequestedFor(anyUrl()));
    }

    @Test
    void aDeduplicatedDispatchSaysSoInTheHeaderAndKeepsUnknownFields() {
        stubOk(DISPATCH, "workflow-executions-dispatch-deduplicated.json");

        Exchange exchange = send("velt:dispatch?definitionId=" + DEFINITION + "&idempotencyKey=campaign-42");

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getHeader(VeltConstants.DEDUPLICATED)).isEqualTo(Boolean.TRUE);
        DispatchResult result = exchange.getMessage().getBody(DispatchResult.class);
        assertThat(result.getDeduplicated()).isTrue();
        JsonNode written = Payloads.MAPPER.valueToTree(result);
        assertThat(written).isEqualTo(Payloads.payloadJson("workflow-executions-dispatch-deduplicated.json").get("result"));
    }

    // ---------------------------------------------------------------- cancel

    @Test
    void cancelSendsTheExecutionAndReasonAndIgnoresTheBody() {
        stubOk(CANCEL, "workflow-executions-cancel.json");

        Exchange exchange = template.send("velt:cancel?executionId=" + EXEC_ID + "&reason=Campaign withdrawn",
                e -> e.getMessage().setBody("{\"not\": \"sent\"}"));

        assertThat(exchange.getException()).isNull();
        VELT.verify(1, veltRequest(CANCEL, "{\"executionId\": \"" + EXEC_ID + "\", \"reason\": \"Campaign withdrawn\"}"));
        CancelResult result = exchange.getMessage().getBody(CancelResult.class);
        assertThat(result.getCancelled()).isTrue();
        assertThat(result.getExecutionId()).isEqualTo(EXEC_ID);
        assertThat(exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID)).isEqualTo(EXEC_ID);
        assertThat(result).hasToString("CancelResult{executionId=" + EXEC_ID + ", cancelled=true}");
    }

    @Test
    void cancelTakesTheExecutionAndReasonFromHeaders() {
        stubOk(CANCEL, "workflow-executions-cancel.json");

        Exchange exchange = send("velt:cancel?executionId=exec_from_option&reason=from option",
                Map.of(VeltConstants.EXECUTION_ID, EXEC_ID, VeltConstants.REASON, "Budget cut"));

        assertThat(exchange.getException()).isNull();
        VELT.verify(1, veltRequest(CANCEL, "{\"executionId\": \"" + EXEC_ID + "\", \"reason\": \"Budget cut\"}"));
    }

    @Test
    void cancellingAFinishedExecutionMayBeANoOp() {
        stubOk(CANCEL, "workflow-executions-cancel-noop.json");

        Exchange exchange = send("velt:cancel", Map.of(VeltConstants.EXECUTION_ID, EXEC_ID));

        assertThat(exchange.getException()).isNull();
        VELT.verify(1, veltRequest(CANCEL, "{\"executionId\": \"" + EXEC_ID + "\"}"));
        assertThat(exchange.getMessage().getBody(CancelResult.class).getCancelled()).isFalse();
    }

    // ---------------------------------------------------------------- recordReviewerDecision

    @Test
    void recordReviewerDecisionSendsEveryField() {
        stubOk(DECISION, "workflow-steps-recordReviewerDecision.json");

        Exchange exchange = send("velt:recordReviewerDecision?executionId=" + EXEC_ID
                                 + "&stepId=human-approval&reviewerId=user_jane&decision=approve&reason=Copy is on brand");

        assertThat(exchange.getException()).isNull();
        VELT.verify(1, veltRequest(DECISION, """
                {"executionId": "%s", "stepId": "human-approval", "reviewerId": "user_jane", "decision": "approve",
                 "reason": "Copy is on brand"}""".formatted(EXEC_ID)));
        ReviewerDecisionResult result = exchange.getMessage().getBody(ReviewerDecisionResult.class);
        assertThat(result.getRecorded()).isTrue();
        assertThat(result.getAggregatorStatus()).isEqualTo("resolved");
        assertThat(result.getResumeScheduled()).isTrue();
        assertThat(exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID)).isEqualTo(EXEC_ID);
        assertThat(result)
                .hasToString("ReviewerDecisionResult{recorded=true, aggregatorStatus=resolved, resumeScheduled=true}");
    }

    @Test
    void recordReviewerDecisionTakesEveryValueFromHeaders() {
        stubOk(DECISION, "workflow-steps-recordReviewerDecision-replay.json");

        Exchange exchange = send("velt:recordReviewerDecision?decision=approve", Map.of(
                VeltConstants.EXECUTION_ID, EXEC_ID, VeltConstants.STEP_ID, "human-approval",
                VeltConstants.REVIEWER_ID, "user_jane", VeltConstants.DECISION, "reject",
                VeltConstants.REASON, "Wrong tone"));

        assertThat(exchange.getException()).isNull();
        VELT.verify(1, veltRequest(DECISION, """
                {"executionId": "%s", "stepId": "human-approval", "reviewerId": "user_jane", "decision": "reject",
                 "reason": "Wrong tone"}""".formatted(EXEC_ID)));
        // a replayed decision: Velt had it already
        assertThat(exchange.getMessage().getBody(ReviewerDecisionResult.class).getRecorded()).isFalse();
    }

    // ---------------------------------------------------------------- recordAgentResolution

    @Test
    void recordAgentResolutionSendsTheBodyAsOutput() {
        stubOk(RESOLUTION, "workflow-steps-recordAgentResolution.json");

        Exchange exchange = template.send("velt:recordAgentResolution?stepId=agent-publish",
                e -> {
                    e.getMessage().setHeader(VeltConstants.EXECUTION_ID, EXEC_ID);
                    e.getMessage().setHeader(VeltConstants.RESOLUTION_ID, "res_publish_1");
                    e.getMessage().setBody(Map.of("published", true));
                });

        assertThat(exchange.getException()).isNull();
        VELT.verify(1, veltRequest(RESOLUTION, """
                {"executionId": "%s", "stepId": "agent-publish", "resolutionId": "res_publish_1",
                 "output": {"published": true}}""".formatted(EXEC_ID)));
        AgentResolutionResult result = exchange.getMessage().getBody(AgentResolutionResult.class);
        assertThat(result.getAdditionalProperties()).containsEntry("recorded", true).containsKey("output");
        assertThat(exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID)).isEqualTo(EXEC_ID);
        // plain fields only: the nested output is not printed
        assertThat(result)
                .hasToString("AgentResolutionResult{recorded=true, resolutionId=res_publish_1, stepStatus=completed}");
        assertThat(Payloads.MAPPER.<JsonNode>valueToTree(result))
                .isEqualTo(Payloads.payloadJson("workflow-steps-recordAgentResolution.json").get("result"));
    }

    @Test
    void recordAgentResolutionWithoutABodySendsNoOutput() {
        stubOk(RESOLUTION, "workflow-steps-recordAgentResolution.json");

        Exchange exchange = send("velt:recordAgentResolution?executionId=" + EXEC_ID
                                 + "&stepId=agent-publish&resolutionId=res_publish_1");

        assertThat(exchange.getException()).isNull();
        VELT.verify(1, veltRequest(RESOLUTION, """
                {"executionId": "%s", "stepId": "agent-publish", "resolutionId": "res_publish_1"}""".formatted(EXEC_ID)));
    }
}
