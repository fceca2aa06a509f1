package dev.velt.camel.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Request of {@code workflow/steps/recordAgentResolution}: the output of a blocking agent step. {@code resolutionId} is
 * the resolution's idempotency key; {@code output} is any value Jackson writes as JSON. Null fields are not sent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentResolutionRequest(String executionId, String stepId, String resolutionId, Object output) {
}
