package dev.velt.camel.component.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The API pages' example payloads, copied to {@code src/test/resources/velt-api/}, and JSON helpers to compare them.
 */
public final class Payloads {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Payloads() {
    }

    /** The text of {@code velt-api/<name>} from the test classpath. */
    public static String payload(String name) {
        String resource = "/velt-api/" + name;
        try (InputStream in = Payloads.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No test payload " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The payload {@code velt-api/<name>} as a JSON tree. */
    public static JsonNode payloadJson(String name) {
        return json(payload(name));
    }

    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A deep copy of {@code node} without object fields whose value is an explicit JSON {@code null}. The model writes
     * {@code NON_NULL} (a field the API sent as null is left out when written back), so trees are compared without them.
     */
    public static JsonNode withoutNulls(JsonNode node) {
        JsonNode copy = node.deepCopy();
        stripNulls(copy);
        return copy;
    }

    private static void stripNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isNull()) {
                    it.remove();
                } else {
                    stripNulls(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(Payloads::stripNulls);
        }
    }
}
