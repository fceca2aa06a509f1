package dev.velt.camel.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Request of {@code workflow/steps/recordAgentResolution}, in either of Velt's two shapes; null fields are not sent.
 * The current one ({@link #of}): {@code responseId} (one of the response ids the agent step generated, the
 * idempotency key with {@code stepId}), {@code resolution} ({@code resolved} or {@code rejected}), {@code actorId} and
 * an optional {@code reason}. The earlier one ({@link #AgentResolutionRequest(String, String, String, Object)}):
 * {@code resolutionId} (the idempotency key) and the step's {@code output}, any value Jackson writes as JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentResolutionRequest(String executionId, String stepId, String responseId, String resolution,
        String actorId, String reason, String resolutionId, Object output) {

    /** The earlier shape: {@code {executionId, stepId, resolutionId, output}}. */
    public AgentResolutionRequest(String executionId, String stepId, String resolutionId, Object output) {
        this(executionId, stepId, null, null, null, null, resolutionId, output);
    }

    /** The current shape: {@code {executionId, stepId, responseId, resolution, actorId, reason}}. */
    public static AgentResolutionRequest of(String executionId, String stepId, String responseId, String resolution,
            String actorId, String reason) {
        return new AgentResolutionRequest(executionId, stepId, responseId, resolution, actorId, reason, null, null);
    }

    /** Whether Velt recognises a repeat of this request: it carries its idempotency key. Not sent. */
    @JsonIgnore
    public boolean isRepeatable() {
        return responseId != null || resolutionId != null;
    }
}
