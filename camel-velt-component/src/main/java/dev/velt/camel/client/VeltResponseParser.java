package dev.velt.camel.client;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Reads Velt's envelope: {@code {"result": ...}} on success, {@code {"error": {"message", "status"}}} on failure.
 * Anything else (an HTML page from a proxy, an empty or malformed body) becomes a {@link VeltApiException} whose status
 * is derived from the HTTP code. Response bodies never go into exception messages: they can echo workspace keys.
 */
final class VeltResponseParser {

    private final ObjectMapper mapper;
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

    VeltResponseParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Velt's envelope around a result of type {@code T}; read in one pass on the success path. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Envelope<T> {

        public JsonNode error;
        public T result;
    }

    /**
     * Returns the {@code result} read as {@code type}, or throws the {@link VeltApiException} the response stands for.
     * A 2xx body is read once, straight into the model; other answers are read as a tree to find the error envelope.
     */
    <T> T parse(String operation, ClassicHttpResponse response, Class<T> type) throws IOException {
        int code = response.getCode();
        Duration retryAfter = retryAfter(response);
        byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
        if (body.length == 0) {
            throw failure(operation, code, "empty response body", retryAfter, null);
        }
        if (code < 200 || code >= 300) {
            throw errorOf(operation, code, body, response, retryAfter);
        }
        Envelope<T> envelope;
        try {
            envelope = readerFor(type).readValue(body);
        } catch (MismatchedInputException e) {
            // valid JSON of a shape the model cannot read: the same answer would come again, so not retryable
            throw new VeltApiException(operation, VeltStatus.UNKNOWN.name(), code,
                    "unexpected response shape: " + e.getOriginalMessage(),
                    retryAfter, e);
        } catch (JacksonException e) {
            // broken or truncated JSON (also when Jackson reports it wrapped in a mapping error): retryable
            throw notJson(operation, code, response, retryAfter, e);
        }
        if (envelope == null) {
            throw new VeltApiException(operation, VeltStatus.UNKNOWN.name(), code, "response has no result", retryAfter, null);
        }
        if (envelope.error != null && envelope.error.isObject()) {
            throw apiError(operation, code, envelope.error, retryAfter);
        }
        if (envelope.result == null) {
            throw new VeltApiException(operation, VeltStatus.UNKNOWN.name(), code, "response has no result", retryAfter, null);
        }
        return envelope.result;
    }

    private ObjectReader readerFor(Class<?> type) {
        return readers.computeIfAbsent(type,
                t -> mapper.readerFor(mapper.getTypeFactory().constructParametricType(Envelope.class, t)));
    }

    private VeltApiException errorOf(String operation, int code, byte[] body, ClassicHttpResponse response,
            Duration retryAfter) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            return notJson(operation, code, response, retryAfter, e);
        }
        JsonNode error = root == null ? null : root.get("error");
        if (error != null && error.isObject()) {
            return apiError(operation, code, error, retryAfter);
        }
        return failure(operation, code, "response without an error envelope", retryAfter, null);
    }

    private static VeltApiException apiError(String operation, int code, JsonNode error, Duration retryAfter) {
        String status = error.path("status").asText(null);
        return new VeltApiException(operation, status != null ? status : statusOf(code), code,
                error.path("message").asText(null), retryAfter, null, true);
    }

    private static VeltApiException notJson(String operation, int code, ClassicHttpResponse response, Duration retryAfter,
            Exception cause) {
        String type = response.getEntity().getContentType();
        return failure(operation, code, "response is not JSON (" + (type == null ? "no content type" : type) + ")",
                retryAfter, cause);
    }

    private static VeltApiException failure(String operation, int code, String what, Duration retryAfter, Throwable cause) {
        String status = code >= 200 && code < 300 ? VeltStatus.INTERNAL.name() : statusOf(code);
        return new VeltApiException(operation, status, code, what, retryAfter, cause);
    }

    static String statusOf(int httpCode) {
        return VeltStatus.ofHttpCode(httpCode).name();
    }

    /** {@code Retry-After} as seconds or an HTTP date, or null when absent or unreadable. */
    static Duration retryAfter(ClassicHttpResponse response) {
        Header header = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
        if (header == null || header.getValue() == null) {
            return null;
        }
        String value = header.getValue().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            Instant date = DateUtils.parseStandardDate(value);
            return date == null ? null : Duration.ofMillis(Math.max(0, date.toEpochMilli() - System.currentTimeMillis()));
        }
    }
}
