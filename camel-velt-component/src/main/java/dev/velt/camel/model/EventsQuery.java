package dev.velt.camel.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Request of {@code workflow/executions/getEvents}; null fields are not sent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventsQuery(String executionId, Long sinceSeq, Integer pageSize) {
}
