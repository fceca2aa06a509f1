package dev.velt.camel.model;

import java.util.stream.Collectors;

/**
 * What {@code workflow/steps/recordAgentResolution} answers. Velt documents no fields for it, so all of them are kept
 * as sent in {@link #getAdditionalProperties()} and written back out unchanged.
 */
public class AgentResolutionResult extends VeltObject {

    /** Only the top-level fields that are plain values (ids, flags, statuses): never a nested payload. */
    @Override
    public String toString() {
        return getAdditionalProperties().entrySet().stream()
                .filter(field -> isPlain(field.getValue()))
                .map(field -> field.getKey() + "=" + field.getValue())
                .collect(Collectors.joining(", ", "AgentResolutionResult{", "}"));
    }

    private static boolean isPlain(Object value) {
        return value instanceof Boolean || value instanceof Number
                || value instanceof String text && text.length() <= 200;
    }
}
