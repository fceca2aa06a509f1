package dev.velt.camel.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Request of {@code workflow/executions/list}; null fields are not sent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionsQuery(String definitionId, String status, Integer pageSize, String cursor) {

    public ExecutionsQuery withCursor(String next) {
        return new ExecutionsQuery(definitionId, status, pageSize, next);
    }
}
