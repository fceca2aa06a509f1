package dev.velt.camel.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Request of {@code workflow/executions/cancel}; null fields are not sent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CancelRequest(String executionId, String reason) {
}
