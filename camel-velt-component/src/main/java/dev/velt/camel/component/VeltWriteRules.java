package dev.velt.camel.component;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Velt's limits on the values a write sends, checked before any request. Each check names the option (and the header,
 * when the value came from one) and never repeats a secret or a long text back.
 */
final class VeltWriteRules {

    static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[A-Za-z0-9:_\\-.]{1,200}$");
    static final int MIN_WEBHOOK_SECRET = 16;
    static final int MAX_WEBHOOK_SECRET = 512;
    static final int MAX_CANCEL_REASON = 500;
    static final int MAX_DECISION_REASON = 2000;
    static final int MAX_RESPONSE_ID = 200;
    static final int MAX_ACTOR_ID = 256;

    private VeltWriteRules() {
    }

    /** How a value is named in messages: the option, and the header it came from if it did. */
    static String source(String option, String header, boolean fromHeader) {
        return fromHeader ? option + " (header " + header + ")" : option;
    }

    static void checkIdempotencyKey(String value, String source) {
        if (value != null && !IDEMPOTENCY_KEY.matcher(value).matches()) {
            throw new IllegalArgumentException(source + " must be 1 to 200 letters, digits or : _ - . (pattern "
                                               + IDEMPOTENCY_KEY.pattern() + "), was " + describe(value));
        }
    }

    static void checkWebhookSecret(String value) {
        if (value != null && (value.length() < MIN_WEBHOOK_SECRET || value.length() > MAX_WEBHOOK_SECRET)) {
            throw new IllegalArgumentException("webhookSecret must be " + MIN_WEBHOOK_SECRET + " to " + MAX_WEBHOOK_SECRET
                                               + " characters, was " + value.length() + " characters");
        }
    }

    static void checkReason(VeltOperation operation, String value, String source) {
        int max = operation == VeltOperation.cancel ? MAX_CANCEL_REASON : MAX_DECISION_REASON;
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(source + " of " + operation + " must be at most " + max + " characters, was "
                                               + value.length() + " characters");
        }
    }

    static void checkDecision(String value, String source) {
        if (value != null && !"approve".equals(value) && !"reject".equals(value)) {
            throw new IllegalArgumentException(source + " must be approve or reject, was " + describe(value));
        }
    }

    static void checkResolution(String value, String source) {
        if (value != null && !"resolved".equals(value) && !"rejected".equals(value)) {
            throw new IllegalArgumentException(source + " must be resolved or rejected, was " + describe(value));
        }
    }

    /** {@code value} has at most {@code max} characters. */
    static void checkLength(String value, int max, String source) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(source + " must be at most " + max + " characters, was " + value.length()
                                               + " characters");
        }
    }

    /** One of {@code allowed} (listed in the message), or null. */
    static void checkOneOf(String value, List<String> allowed, String source) {
        if (value != null && !allowed.contains(value)) {
            throw new IllegalArgumentException(source + " must be one of " + String.join(", ", allowed) + ", was "
                                               + describe(value));
        }
    }

    /** A value quoted for a message, cut short when long. */
    private static String describe(String value) {
        return value.length() <= 60 ? "'" + value + "'" : "'" + value.substring(0, 60) + "...' (" + value.length()
                                                          + " characters)";
    }
}
