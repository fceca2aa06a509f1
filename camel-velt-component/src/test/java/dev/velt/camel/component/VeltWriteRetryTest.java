package dev.velt.camel.component;

import java.util.Map;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.client.VeltClient;
import dev.velt.camel.component.support.LogCapture;
import dev.velt.camel.component.support.Payloads;
import dev.velt.camel.component.support.VeltTestSupport;
import dev.velt.camel.model.AgentResolutionRequest;
import dev.velt.camel.model.CancelResult;
import dev.velt.camel.model.DispatchResult;
import dev.velt.camel.model.ReviewerDecisionResult;
import org.apache.camel.Exchange;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static dev.velt.camel.component.VeltWriteProducerTest.CANCEL;
import static dev.velt.camel.component.VeltWriteProducerTest.DECISION;
import static dev.velt.camel.component.VeltWriteProducerTest.DISPATCH;
import static dev.velt.camel.component.VeltWriteProducerTest.RESOLUTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Which writes are retried: each operation meets one HTTP 503 before Velt answers. A write is repeated only when Velt
 * recognises the repeat (dispatch with an idempotency key, cancel, a reviewer decision, a resolution with its id); a
 * dispatch without a key is sent exactly once. FAILED_PRECONDITION is never retried. Requests are counted at the
 * server.
 */
class VeltWriteRetryTest extends VeltTestSupport {

    private static final String DECISION_URI = "velt:recordReviewerDecision?executionId=" + EXEC_ID
                                               + "&stepId=human-approval&reviewerId=user_jane&decision=approve";

    /** Velt answers the first request to {@code path} with a 503 and every later one with {@code payloadFile}. */
    private static void unavailableOnceThen(String path, String payloadFile) {
        VELT.stubFor(veltPost(path).inScenario(path).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(errorResponse(503, "UNAVAILABLE", "Service temporarily unavailable")).willSetStateTo("up"));
        VELT.stubFor(veltPost(path).inScenario(path).whenScenarioStateIs("up")
                .willReturn(okJson(Payloads.payload(payloadFile))));
    }

    @Test
    void dispatchWithAnIdempotencyKeyIsRetried() {
        unavailableOnceThen(DISPATCH, "workflow-executions-dispatch.json");

        Exchange exchange = send("velt:dispatch?definitionId=marketing-copy-approval",
                Map.of(VeltConstants.IDEMPOTENCY_KEY, "campaign-42"));

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody(DispatchResult.class).getExecutionId()).isEqualTo(EXEC_ID);
        VELT.verify(2,
                veltRequest(DISPATCH, "{\"definitionId\": \"marketing-copy-approval\", \"idempotencyKey\": \"campaign-42\"}"));
        VELT.verify(2, anyRequestedFor(anyUrl()));
    }

    @Test
    void dispatchWithoutAnIdempotencyKeyIsSentOnceAndSaysSo() {
        unavailableOnceThen(DISPATCH, "workflow-executions-dispatch.json");

        Exchange exchange;
        try (LogCapture log = new LogCapture(VeltClient.class.getName(), Level.DEBUG)) {
            exchange = send("velt:dispatch?definitionId=marketing-copy-approval");

            assertThat(log.lines()).filteredOn(line -> line.contains("no idempotencyKey")).singleElement().asString()
                    .startsWith("DEBUG").contains("marketing-copy-approval").contains("not retried");
        }

        VeltApiException failure = apiFailure(exchange);
        assertThat(failure.getStatus()).isEqualTo("UNAVAILABLE");
        assertThat(failure.getOperation()).isEqualTo("dispatch");
        VELT.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void cancelIsRetried() {
        unavailableOnceThen(CANCEL, "workflow-executions-cancel.json");

        Exchange exchange = send("velt:cancel?executionId=" + EXEC_ID);

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody(CancelResult.class).getCancelled()).isTrue();
        VELT.verify(2, veltRequest(CANCEL, "{\"executionId\": \"" + EXEC_ID + "\"}"));
        VELT.verify(2, anyRequestedFor(anyUrl()));
    }

    @Test
    void recordReviewerDecisionIsRetried() {
        unavailableOnceThen(DECISION, "workflow-steps-recordReviewerDecision.json");

        Exchange exchange = send(DECISION_URI);

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody(ReviewerDecisionResult.class).getRecorded()).isTrue();
        VELT.verify(2, anyRequestedFor(anyUrl()));
    }

    @Test
    void recordAgentResolutionWithItsIdIsRetried() {
        unavailableOnceThen(RESOLUTION, "workflow-steps-recordAgentResolution.json");

        Exchange exchange = send("velt:recordAgentResolution?executionId=" + EXEC_ID
                                 + "&stepId=agent-publish&resolutionId=res_publish_1");

        assertThat(exchange.getException()).isNull();
        VELT.verify(2, veltRequest(RESOLUTION, """
                {"executionId": "%s", "stepId": "agent-publish", "resolutionId": "res_publish_1"}""".formatted(EXEC_ID)));
        VELT.verify(2, anyRequestedFor(anyUrl()));
    }

    @Test
    void theBareClientSendsAResolutionWithoutItsIdOnce() {
        unavailableOnceThen(RESOLUTION, "workflow-steps-recordAgentResolution.json");
        VeltClient client = context.getEndpoint("velt:recordAgentResolution", VeltEndpoint.class).getClient();

        VeltApiException failure = assertThrows(VeltApiException.class, () -> client.recordAgentResolution(
                new AgentResolutionRequest(EXEC_ID, "agent-publish", null, Map.of("published", true))));

        assertThat(failure.getStatus()).isEqualTo("UNAVAILABLE");
        VELT.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void maxRetriesZeroTurnsRetryingOffForWritesToo() {
        unavailableOnceThen(CANCEL, "workflow-executions-cancel.json");

        Exchange exchange = send("velt:cancel?maxRetries=0&executionId=" + EXEC_ID);

        assertThat(apiFailure(exchange).getStatus()).isEqualTo("UNAVAILABLE");
        VELT.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void aDecisionOnAStepThatIsNotWaitingIsFailedPreconditionAndNotRetried() {
        VELT.stubFor(veltPost(DECISION).willReturn(
                okJson(Payloads.payload("error-failed-precondition.json")).withStatus(400)));

        Exchange exchange = send(DECISION_URI);

        VeltApiException failure = apiFailure(exchange);
        assertThat(failure.getStatus()).isEqualTo("FAILED_PRECONDITION");
        assertThat(failure.getHttpStatusCode()).isEqualTo(400);
        assertThat(failure.getOperation()).isEqualTo("recordReviewerDecision");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.isApiError()).isTrue();
        assertThat(failure.getMessage()).contains("Step human-approval is not waiting");
        VELT.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void cancellingAFinishedExecutionMayBeFailedPreconditionAndIsNotRetried() {
        stubError(CANCEL, 400, "FAILED_PRECONDITION", "Execution is already completed");

        Exchange exchange = send("velt:cancel?executionId=" + EXEC_ID);

        VeltApiException failure = apiFailure(exchange);
        assertThat(failure.getStatus()).isEqualTo("FAILED_PRECONDITION");
        assertThat(failure.getOperation()).isEqualTo("cancel");
        assertThat(failure.isRetryable()).isFalse();
        VELT.verify(1, anyRequestedFor(anyUrl()));
    }
}
