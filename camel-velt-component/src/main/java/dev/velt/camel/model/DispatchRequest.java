package dev.velt.camel.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Request of {@code workflow/executions/dispatch}; null fields are not sent. {@code triggerContext} is any value
 * Jackson
 * writes as JSON (a {@code Map}, a {@code JsonNode}, a POJO). {@link #toString()} masks the webhook secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DispatchRequest(
        String definitionId, String idempotencyKey, String correlationId, Object triggerContext, String webhookUrl,
        String webhookSecret) {

    @Override
    public String toString() {
        return "DispatchRequest[definitionId=" + definitionId + ", idempotencyKey=" + idempotencyKey + ", correlationId="
               + correlationId + ", webhookUrl=" + webhookUrl + ", webhookSecret=" + (webhookSecret == null ? "null" : "xxxxxx")
               + "]";
    }
}
