package dev.velt.camel.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Request of {@code workflow/steps/recordReviewerDecision}; {@code decision} is {@code approve} or {@code reject}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReviewerDecisionRequest(String executionId, String stepId, String reviewerId, String decision, String reason) {
}
