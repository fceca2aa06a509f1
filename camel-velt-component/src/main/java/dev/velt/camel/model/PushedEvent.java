package dev.velt.camel.model;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The body of one of Velt's workflow webhook calls, read into the same {@link WorkflowEvent} that
 * {@code getEvents} returns: {@code event} becomes the type, the ISO-8601 {@code timestamp} becomes epoch milliseconds,
 * and every other field ({@code executionId}, {@code definitionId}, {@code status}, fields added later) is kept among
 * the event's additional properties.
 *
 * @param executionId the execution the event belongs to
 * @param event the event
 */
public record PushedEvent(String executionId, WorkflowEvent event) {

    private static final Set<String> MAPPED = Set.of("event", "eventId", "seq", "stepId", "timestamp", "correlationId",
            "data");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /**
     * Reads a webhook body (UTF-8 JSON).
     *
     * @param mapper the JSON mapper
     * @param body the raw body
     * @param deliveryEventId the {@code x-velt-event-id} of the call, the event id when the body has none; may
     *     be null
     * @throws IllegalArgumentException naming the field, when the body is not a Velt workflow event
     */
    public static PushedEvent parse(ObjectMapper mapper, byte[] body, String deliveryEventId) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("webhook body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("webhook body is not a JSON object");
        }
        String executionId = requiredText(root, "executionId");
        WorkflowEvent event = new WorkflowEvent();
        event.setType(requiredText(root, "event"));
        JsonNode seq = root.get("seq");
        if (seq == null || !seq.canConvertToExactIntegral() || !seq.canConvertToLong() || seq.asLong() < 0) {
            throw new IllegalArgumentException("seq must be a non-negative integer");
        }
        event.setSeq(seq.asLong());
        event.setEventId(optionalText(root, "eventId"));
        if (event.getEventId() == null) {
            event.setEventId(deliveryEventId);
        }
        event.setStepId(optionalText(root, "stepId"));
        event.setCorrelationId(optionalText(root, "correlationId"));
        event.setTimestamp(timestamp(root.get("timestamp")));
        JsonNode data = root.get("data");
        if (data != null && !data.isNull()) {
            if (!data.isObject()) {
                throw new IllegalArgumentException("data must be a JSON object or null");
            }
            event.setData(mapper.convertValue(data, MAP));
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!MAPPED.contains(field.getKey())) {
                event.setAdditionalProperty(field.getKey(), mapper.convertValue(field.getValue(), Object.class));
            }
        }
        return new PushedEvent(executionId, event);
    }

    private static String requiredText(JsonNode root, String field) {
        String value = optionalText(root, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-empty string");
        }
        return value;
    }

    private static String optionalText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return node.asText();
    }

    /** ISO-8601 (what webhooks send) or epoch milliseconds (what getEvents sends); absent stays null. */
    private static Long timestamp(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.canConvertToExactIntegral() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return OffsetDateTime.parse(node.asText()).toInstant().toEpochMilli();
            } catch (DateTimeParseException notOffset) {
                try {
                    return Instant.parse(node.asText()).toEpochMilli();
                } catch (DateTimeParseException e) {
                    // fall through
                }
            }
        }
        throw new IllegalArgumentException("timestamp must be an ISO-8601 date-time");
    }
}
