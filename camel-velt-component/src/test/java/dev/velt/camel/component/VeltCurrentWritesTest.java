package dev.velt.camel.component;

import java.util.List;
import java.util.Map;

import dev.velt.camel.component.support.SimulatorProducerTestSupport;
import dev.velt.camel.model.AgentResolutionResult;
import dev.velt.camel.model.CancelResult;
import dev.velt.camel.model.ReviewerDecisionResult;
import dev.velt.camel.test.Fault;
import dev.velt.camel.test.SimRequest;
import dev.velt.camel.test.WorkflowDefinition;
import dev.velt.camel.test.WorkflowDefinition.BlockingAgentNode;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The writes as Velt documents them today, played by the simulator's workflow engine: {@code recordAgentResolution}
 * in the current form (and the earlier one), retried safely; a retried {@code cancel} or {@code recordReviewerDecision}
 * answered FAILED_PRECONDITION although the first attempt took effect; and which webhook settings a dispatch sends.
 */
class VeltCurrentWritesTest extends SimulatorProducerTestSupport {

    static final String RESOLUTION = "workflow/steps/recordAgentResolution";
    static final String CANCEL = "workflow/executions/cancel";
    static final String DECISION = "workflow/steps/recordReviewerDecision";
    static final String DISPATCH = "workflow/executions/dispatch";
    static final String GET = "workflow/executions/get";
    static final String COMPONENT_SECRET = "whsec_component_receiver_0123";

    @Override
    protected void configureVelt(dev.velt.camel.component.VeltConfiguration configuration) {
        super.configureVelt(configuration);
        configuration.setWebhookSecret(COMPONENT_SECRET);
    }

    /** Dispatches {@code definitionId} through the component and returns the execution's id. */
    private String dispatch(String definitionId) {
        Exchange exchange = send("velt:dispatch?definitionId=" + definitionId);
        assertThat(exchange.getException()).isNull();
        return exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID, String.class);
    }

    /** The step of the execution that waits (the simulator's step ids: step_<nodeId>_<execution id without exec_>). */
    private static String step(String executionId, String nodeId) {
        return "step_" + nodeId + "_" + executionId.substring("exec_".length());
    }

    @Test
    void recordAgentResolutionSendsTheCurrentFormAndIsRetried() {
        simulator().define(new WorkflowDefinition("def_blocking", 1, List.of(new BlockingAgentNode("agent-fix", "fixer", 1))));
        String executionId = dispatch("def_blocking");
        String stepId = step(executionId, "agent-fix");
        simulator().faults().next(RESOLUTION, Fault.UNAVAILABLE);
        simulator().requests().clear();

        Exchange exchange = send("velt:recordAgentResolution?stepId=" + stepId + "&resolution=resolved&reason=Fixed in CMS",
                "ignored body", Map.of(VeltConstants.EXECUTION_ID, executionId, VeltConstants.RESPONSE_ID, "resp_1",
                        VeltConstants.ACTOR_ID, "user_jane"));

        assertThat(exchange.getException()).isNull();
        List<SimRequest> sent = requests(RESOLUTION);
        assertThat(sent).hasSize(2).allSatisfy(request -> assertThat(request.data()).isEqualTo(json("""
                {"executionId": "%s", "stepId": "%s", "responseId": "resp_1", "resolution": "resolved",
                 "actorId": "user_jane", "reason": "Fixed in CMS"}""".formatted(executionId, stepId))));
        AgentResolutionResult result = exchange.getMessage().getBody(AgentResolutionResult.class);
        assertThat(result.getAdditionalProperties()).containsEntry("recorded", true)
                .containsEntry("aggregatorStatus", "resolved").containsEntry("resumeScheduled", true);
        assertThat(exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID)).isEqualTo(executionId);

        Exchange replay = send("velt:recordAgentResolution?stepId=" + stepId + "&responseId=resp_1&resolution=resolved"
                               + "&actorId=user_jane&executionId=" + executionId);
        assertThat(replay.getMessage().getBody(AgentResolutionResult.class).getAdditionalProperties())
                .containsEntry("recorded", false);
    }

    @Test
    void theEarlierFormIsSentWhenOnlyAResolutionIdIsSet() {
        simulator().define(new WorkflowDefinition("def_blocking_may", 1,
                List.of(new BlockingAgentNode("agent-fix", "fixer", 1))));
        String executionId = dispatch("def_blocking_may");
        String stepId = step(executionId, "agent-fix");
        simulator().requests().clear();

        Exchange exchange = send("velt:recordAgentResolution?executionId=" + executionId + "&stepId=" + stepId
                                 + "&resolutionId=res_1",
                Map.of("published", true), Map.of());

        assertThat(exchange.getException()).isNull();
        assertThat(onlyRequest(RESOLUTION)).isEqualTo(json("""
                {"executionId": "%s", "stepId": "%s", "resolutionId": "res_1", "output": {"published": true}}"""
                .formatted(executionId, stepId)));
        assertThat(exchange.getMessage().getBody(AgentResolutionResult.class).getAdditionalProperties())
                .containsEntry("aggregatorStatus", "resolved");
    }

    @Test
    void badResolutionValuesAreRefusedBeforeAnyRequest() {
        ResolveEndpointFailedException badOption = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("velt:recordAgentResolution?resolution=accepted"));
        assertThat(badOption.getCause()).hasMessageContaining("resolution must be resolved or rejected");
        assertThat(assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("velt:recordAgentResolution?actorId=" + "a".repeat(257))).getCause())
                .hasMessageContaining("actorId must be at most 256 characters");

        String uri = "velt:recordAgentResolution?executionId=e&stepId=s&responseId=r&actorId=a";
        Exchange badHeader = send(uri, Map.of(VeltConstants.RESOLUTION, "ok"));
        Exchange longResponse = send(uri + "&resolution=resolved", Map.of(VeltConstants.RESPONSE_ID, "r".repeat(201)));
        Exchange longReason = send(uri + "&resolution=rejected", Map.of(VeltConstants.REASON, "x".repeat(2001)));

        assertThat(assertInstanceOf(IllegalArgumentException.class, badHeader.getException()))
                .hasMessageContaining("resolution (header CamelVeltResolution) must be resolved or rejected");
        assertThat(assertInstanceOf(IllegalArgumentException.class, longResponse.getException()))
                .hasMessageContaining("responseId (header CamelVeltResponseId) must be at most 200 characters");
        assertThat(assertInstanceOf(IllegalArgumentException.class, longReason.getException()))
                .hasMessageContaining("at most 2000 characters");
        assertThat(simulator().requests().count()).isZero();
    }

    @Test
    void aCancelWhoseAnswerWasLostIsConfirmedAfterItsRetry() {
        String executionId = dispatch("def_cancel_lost");
        simulator().faults().next(CANCEL, Fault.RESET_AFTER_PROCESSING);
        simulator().requests().clear();

        Exchange exchange = send("velt:cancel?reason=withdrawn", Map.of(VeltConstants.EXECUTION_ID, executionId));

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getHeader(VeltConstants.CONFIRMED_AFTER_RETRY)).isEqualTo(true);
        CancelResult result = exchange.getMessage().getBody(CancelResult.class);
        assertThat(result.getCancelled()).isTrue();
        assertThat(result.getExecutionId()).isEqualTo(executionId);
        assertThat(requests(CANCEL)).hasSize(2);
        assertThat(requests(GET)).extracting(SimRequest::data)
                .containsExactly(json("{\"executionId\": \"" + executionId + "\"}"));
    }

    @Test
    void aFailedPreconditionOnTheFirstAttemptIsAFailureWithoutAnyCheck() {
        String executionId = dispatch("def_cancel_twice");
        send("velt:cancel", Map.of(VeltConstants.EXECUTION_ID, executionId));
        simulator().requests().clear();

        Exchange exchange = send("velt:cancel", Map.of(VeltConstants.EXECUTION_ID, executionId));

        VeltOperationException failure = assertInstanceOf(VeltOperationException.class, exchange.getException());
        assertThat(failure.getStatus()).isEqualTo("FAILED_PRECONDITION");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(exchange.getMessage().getHeaders()).doesNotContainKey(VeltConstants.CONFIRMED_AFTER_RETRY);
        assertThat(simulator().requests().count()).isEqualTo(1);
    }

    @Test
    void aReviewerDecisionWhoseAnswerWasLostIsConfirmedAfterItsRetry() {
        simulator().decidedStepsRefuseDecisions(true);
        String executionId = dispatch("def_decision_lost");
        String stepId = step(executionId, "human-approval");
        simulator().faults().next(DECISION, Fault.RESET_AFTER_PROCESSING);
        simulator().requests().clear();

        Exchange exchange = send("velt:recordReviewerDecision?stepId=" + stepId + "&reviewerId=reviewer_legal"
                                 + "&decision=approve&executionId=" + executionId);

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getHeader(VeltConstants.CONFIRMED_AFTER_RETRY)).isEqualTo(true);
        ReviewerDecisionResult result = exchange.getMessage().getBody(ReviewerDecisionResult.class);
        assertThat(result.getRecorded()).isTrue();
        assertThat(result.getAggregatorStatus()).isEqualTo("resolved");
        assertThat(requests(DECISION)).hasSize(2);
        assertThat(requests(GET)).hasSize(1);
    }

    @Test
    void aRetriedDecisionIsStillAFailureWhenTheStepShowsAnotherDecision() {
        simulator().decidedStepsRefuseDecisions(true);
        String executionId = dispatch("def_decision_other");
        String stepId = step(executionId, "human-approval");
        String uri = "velt:recordReviewerDecision?stepId=" + stepId + "&executionId=" + executionId
                     + "&reviewerId=reviewer_legal";
        send(uri + "&decision=reject");
        simulator().faults().next(DECISION, Fault.UNAVAILABLE);
        simulator().requests().clear();

        Exchange exchange = send(uri + "&decision=approve");

        VeltOperationException failure = assertInstanceOf(VeltOperationException.class, exchange.getException());
        assertThat(failure.getStatus()).isEqualTo("FAILED_PRECONDITION");
        assertThat(failure.getAttempts()).isEqualTo(2);
        assertThat(requests(GET)).hasSize(1);
    }

    @Test
    void aDispatchWithoutWebhookUrlDoesNotSendTheReceiversSecret() {
        Exchange exchange = send("velt:dispatch?definitionId=def_plain");

        assertThat(exchange.getException()).isNull();
        assertThat(onlyRequest(DISPATCH)).isEqualTo(json("{\"definitionId\": \"def_plain\"}"));
    }

    @Test
    void aWebhookUrlTakesItsOwnSecretOrElseTheComponentsOne() {
        send("velt:dispatch?definitionId=def_hooked&webhookUrl=https://hooks.acme.example/velt");
        send("velt:dispatch?definitionId=def_hooked&webhookSecret=RAW(whsec_dispatch_own_0123)",
                Map.of(VeltConstants.WEBHOOK_URL, "https://hooks.acme.example/other"));

        List<SimRequest> sent = requests(DISPATCH);
        assertThat(sent).extracting(SimRequest::data).containsExactly(
                json("""
                        {"definitionId": "def_hooked", "webhookUrl": "https://hooks.acme.example/velt",
                         "webhookSecret": "%s"}""".formatted(COMPONENT_SECRET)),
                json("""
                        {"definitionId": "def_hooked", "webhookUrl": "https://hooks.acme.example/other",
                         "webhookSecret": "whsec_dispatch_own_0123"}"""));
    }

    @Test
    void aDispatchSecretWithoutWebhookUrlIsRefusedBeforeAnyRequest() {
        Exchange ownOption = send("velt:dispatch?definitionId=def_x&webhookSecret=RAW(whsec_dispatch_own_0123)");
        Exchange ownHeader = send("velt:dispatch?definitionId=def_x",
                Map.of(VeltConstants.WEBHOOK_SECRET, "whsec_dispatch_header_01"));

        assertThat(assertInstanceOf(IllegalArgumentException.class, ownOption.getException()))
                .hasMessageContaining("webhookSecret").hasMessageContaining("webhookUrl")
                .hasMessageNotContaining("whsec_dispatch_own_0123");
        assertThat(assertInstanceOf(IllegalArgumentException.class, ownHeader.getException()))
                .hasMessageContaining("webhookSecret").hasMessageContaining("webhookUrl")
                .hasMessageContaining(VeltConstants.WEBHOOK_SECRET);
        assertThat(simulator().requests().count()).isZero();
    }
}
