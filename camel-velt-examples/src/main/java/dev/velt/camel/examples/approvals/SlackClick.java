package dev.velt.camel.examples.approvals;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A click on an approval message's Approve or Reject button, read from Slack's interactivity request: a form-encoded
 * body whose {@code payload} field holds the {@code block_actions} JSON. The button's {@code value} is
 * {@code executionId|stepId}.
 *
 * @param slackUserId who clicked
 * @param decision {@code approve} or {@code reject}
 * @param channel the channel id of the message clicked
 * @param ts the message's {@code ts}
 */
public record SlackClick(String slackUserId, String decision, String executionId, String stepId, String channel,
        String ts) {

    public static final String APPROVE_ACTION = "velt_approve";
    public static final String REJECT_ACTION = "velt_reject";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Reads the click from the raw request body; {@link IllegalArgumentException} when it is not one. */
    public static SlackClick parse(byte[] form) {
        JsonNode payload = payload(new String(form, StandardCharsets.UTF_8));
        if (!"block_actions".equals(payload.path("type").asText())) {
            throw new IllegalArgumentException("payload type must be block_actions, was '" + payload.path("type").asText()
                                               + "'");
        }
        JsonNode action = payload.path("actions").path(0);
        String decision = switch (action.path("action_id").asText()) {
            case APPROVE_ACTION -> "approve";
            case REJECT_ACTION -> "reject";
            default -> throw new IllegalArgumentException("actions[0].action_id must be " + APPROVE_ACTION + " or "
                                                          + REJECT_ACTION);
        };
        String[] ids = action.path("value").asText().split("\\|", -1);
        if (ids.length != 2 || ids[0].isBlank() || ids[1].isBlank()) {
            throw new IllegalArgumentException("actions[0].value must be executionId|stepId");
        }
        String user = required(payload.path("user").path("id"), "user.id");
        String channel = required(payload.path("container").path("channel_id"), "container.channel_id");
        String ts = required(payload.path("container").path("message_ts"), "container.message_ts");
        return new SlackClick(user, decision, ids[0], ids[1], channel, ts);
    }

    private static JsonNode payload(String form) {
        for (String field : form.split("&")) {
            if (field.startsWith("payload=")) {
                try {
                    return MAPPER.readTree(URLDecoder.decode(field.substring("payload=".length()), StandardCharsets.UTF_8));
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalArgumentException("payload is not JSON", e);
                }
            }
        }
        throw new IllegalArgumentException("the form has no payload field");
    }

    private static String required(JsonNode node, String name) {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return node.asText();
    }
}
