package dev.velt.camel.component;

import java.util.Map;

import dev.velt.camel.component.support.VeltTestSupport;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Velt's limits on writes are checked before any request, naming the option: at endpoint creation for options, per
 * exchange for headers and for ids that may come from either. Not a single request reaches Velt in this class.
 */
class VeltWriteValidationTest extends VeltTestSupport {

    private static final String DECISION_BASE = "velt:recordReviewerDecision?executionId=exec_1&stepId=step_1&reviewerId=user_1";

    @AfterEach
    void nothingWasSent() {
        VELT.verify(0, anyRequestedFor(anyUrl()));
    }

    // ---------------------------------------------------------------- options, at endpoint creation

    @ParameterizedTest
    @ValueSource(strings = {"has space", "slash/key", "emoji\u2603", "quote'"})
    void idempotencyKeyOutsideThePatternIsRejected(String key) {
        String message = assertOptionRejected("velt:dispatch?definitionId=d1&idempotencyKey=RAW(" + key + ")",
                "idempotencyKey");
        assertThat(message).contains("^[A-Za-z0-9:_\\-.]{1,200}$");
    }

    @Test
    void idempotencyKeyOfMoreThan200CharactersIsRejected() {
        String message = assertOptionRejected("velt:dispatch?definitionId=d1&idempotencyKey=" + "k".repeat(201),
                "idempotencyKey");
        assertThat(message).contains("201 characters").doesNotContain("k".repeat(100));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 513})
    void webhookSecretOutside16To512CharactersIsRejectedWithoutShowingIt(int length) {
        String secret = "Q".repeat(length);
        String message = assertOptionRejected("velt:dispatch?definitionId=d1&webhookUrl=https://hooks.example.com/velt"
                                              + "&webhookSecret=RAW(" + secret + ")",
                "webhookSecret");
        assertThat(message).contains(length + " characters").doesNotContain(secret);
    }

    @ParameterizedTest
    @CsvSource({"cancel, 501", "recordReviewerDecision, 2001"})
    void reasonOverTheOperationsLimitIsRejected(String operation, int length) {
        String base = operation.equals("cancel") ? "velt:cancel?executionId=exec_1" : DECISION_BASE + "&decision=reject";
        String message = assertOptionRejected(base + "&reason=" + "r".repeat(length), "reason");
        assertThat(message).contains(operation).contains((length - 1) + " characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"approved", "APPROVE", "yes", ""})
    void decisionOtherThanApproveOrRejectIsRejected(String decision) {
        String message = assertOptionRejected(DECISION_BASE + "&decision=" + decision, "decision");
        assertThat(message).contains("approve or reject");
    }

    @Test
    void valuesAtTheLimitsAreAccepted() {
        VeltEndpoint dispatch = context.getEndpoint("velt:dispatch?definitionId=d1&idempotencyKey=" + "A:_-.9".repeat(33) + "xy"
                                                    + "&webhookSecret=RAW(" + "s".repeat(512) + ")",
                VeltEndpoint.class);
        assertThat(dispatch.getConfiguration().getIdempotencyKey()).hasSize(200);
        assertThat(context.getEndpoint("velt:dispatch?definitionId=d1&webhookSecret=RAW(" + "s".repeat(16) + ")")).isNotNull();
        assertThat(context.getEndpoint("velt:cancel?executionId=e1&reason=" + "r".repeat(500))).isNotNull();
        assertThat(context.getEndpoint(DECISION_BASE + "&decision=reject&reason=" + "r".repeat(2000))).isNotNull();
        assertThat(context.getEndpoint(DECISION_BASE + "&decision=approve")).isNotNull();
    }

    // ---------------------------------------------------------------- headers and required ids, per exchange

    @ParameterizedTest
    @CsvSource({
            "velt:dispatch, definitionId, CamelVeltDefinitionId",
            "velt:cancel, executionId, CamelVeltExecutionId",
            "velt:recordReviewerDecision?stepId=s&reviewerId=u&decision=approve, executionId, CamelVeltExecutionId",
            "velt:recordReviewerDecision?executionId=e&reviewerId=u&decision=approve, stepId, CamelVeltStepId",
            "velt:recordReviewerDecision?executionId=e&stepId=s&decision=approve, reviewerId, CamelVeltReviewerId",
            "velt:recordReviewerDecision?executionId=e&stepId=s&reviewerId=u, decision, CamelVeltDecision",
            "velt:recordAgentResolution?stepId=s&resolutionId=r, executionId, CamelVeltExecutionId",
            "velt:recordAgentResolution?executionId=e&resolutionId=r, stepId, CamelVeltStepId",
            "velt:recordAgentResolution?executionId=e&stepId=s, responseId, CamelVeltResponseId",
            "velt:recordAgentResolution?executionId=e&stepId=s&responseId=r&actorId=a, resolution, CamelVeltResolution",
            "velt:recordAgentResolution?executionId=e&stepId=s&responseId=r&resolution=resolved, actorId, CamelVeltActorId"})
    void aMissingIdNamesTheOptionAndTheHeader(String uri, String option, String header) {
        Exchange exchange = send(uri);

        IllegalArgumentException failure = assertInstanceOf(IllegalArgumentException.class, exchange.getException());
        assertThat(failure.getMessage()).contains(option + " option").contains(header);
    }

    @Test
    void anEmptyIdHeaderIsMissing() {
        Exchange exchange = send("velt:cancel", Map.of(VeltConstants.EXECUTION_ID, ""));

        assertThat(assertInstanceOf(IllegalArgumentException.class, exchange.getException()))
                .hasMessageContaining("executionId");
    }

    @Test
    void idempotencyKeyHeaderOutsideThePatternIsRejected() {
        Exchange exchange = send("velt:dispatch?definitionId=d1", Map.of(VeltConstants.IDEMPOTENCY_KEY, "order 1001"));

        assertThat(assertInstanceOf(IllegalArgumentException.class, exchange.getException()))
                .hasMessageContaining("idempotencyKey (header CamelVeltIdempotencyKey)");
    }

    @Test
    void reasonHeaderOverTheLimitIsRejected() {
        Exchange cancel = send("velt:cancel?executionId=e1", Map.of(VeltConstants.REASON, "r".repeat(501)));
        Exchange decision = send(DECISION_BASE + "&decision=reject", Map.of(VeltConstants.REASON, "r".repeat(2001)));

        assertThat(assertInstanceOf(IllegalArgumentException.class, cancel.getException()))
                .hasMessageContaining("reason (header CamelVeltReason)").hasMessageContaining("500");
        assertThat(assertInstanceOf(IllegalArgumentException.class, decision.getException()))
                .hasMessageContaining("reason (header CamelVeltReason)").hasMessageContaining("2000");
    }

    @Test
    void decisionHeaderOtherThanApproveOrRejectIsRejected() {
        Exchange exchange = send(DECISION_BASE + "&decision=approve", Map.of(VeltConstants.DECISION, "maybe"));

        assertThat(assertInstanceOf(IllegalArgumentException.class, exchange.getException()))
                .hasMessageContaining("decision (header CamelVeltDecision)").hasMessageContaining("'maybe'");
    }

    @Test
    void aTextBodyThatIsNotJsonIsRejectedWithoutQuotingIt() {
        Exchange exchange = template.send("velt:dispatch?definitionId=d1",
                e -> e.getMessage().setBody("campaign=42 secret-ish"));

        assertThat(assertInstanceOf(IllegalArgumentException.class, exchange.getException()))
                .hasMessageContaining("triggerContext").hasMessageContaining("not JSON")
                .hasMessageNotContaining("secret-ish");
    }

    /**
     * Endpoint creation fails with ResolveEndpointFailedException whose cause names {@code option}; returns the cause's
     * message.
     */
    private String assertOptionRejected(String uri, String option) {
        ResolveEndpointFailedException failure = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint(uri));
        IllegalArgumentException cause = assertInstanceOf(IllegalArgumentException.class, failure.getCause());
        assertThat(cause.getMessage()).contains(option);
        return cause.getMessage();
    }
}
