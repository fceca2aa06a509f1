package dev.velt.camel.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Request of {@code workflow/definitions/list}; null fields are not sent. {@code cursor} is the previous page's
 * {@link DefinitionsPage#getNextCursor()} in the type Velt gave it (an integer today).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DefinitionsQuery(Integer pageSize, Object cursor) {

    public DefinitionsQuery withCursor(Object next) {
        return new DefinitionsQuery(pageSize, next);
    }
}
