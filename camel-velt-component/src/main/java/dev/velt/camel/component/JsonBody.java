package dev.velt.camel.component;

import java.io.InputStream;
import java.io.Reader;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Message;
import org.apache.camel.StreamCache;

/** The message body as a JSON value a request carries ({@code triggerContext}, {@code output}, {@code userContext}). */
final class JsonBody {

    private final VeltEndpoint endpoint;

    JsonBody(VeltEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * The body as the JSON value to send as {@code field}: a {@code Map} or {@code JsonNode} as it is, text (a String,
     * bytes, a stream) parsed as JSON, any other object converted by Jackson; null (or blank text) when there is none.
     */
    Object read(Message in, String field) {
        Object body = in.getBody();
        if (body == null || body instanceof Map || body instanceof JsonNode) {
            return body;
        }
        ObjectMapper mapper = endpoint.getComponent().getObjectMapper();
        if (body instanceof String || body instanceof byte[] || body instanceof InputStream || body instanceof Reader
                || body instanceof StreamCache) {
            String text = in.getBody(String.class);
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return mapper.readTree(text);
            } catch (JacksonException e) {
                // the parser's message quotes the body: keep it out of the message
                throw new IllegalArgumentException("velt:" + endpoint.getOperation() + " sends the body as " + field
                                                   + ", but the " + body.getClass().getSimpleName()
                                                   + " body is not JSON (line " + e.getLocation().getLineNr()
                                                   + ", column " + e.getLocation().getColumnNr() + ")",
                        e);
            }
        }
        try {
            return mapper.valueToTree(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("velt:" + endpoint.getOperation() + " sends the body as " + field
                                               + ", but Jackson cannot write the " + body.getClass().getName()
                                               + " body as JSON",
                    e);
        }
    }
}
