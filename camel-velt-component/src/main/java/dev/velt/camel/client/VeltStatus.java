package dev.velt.camel.client;

import java.util.Locale;

/**
 * The statuses Velt puts in {@code error.status} (and those this client derives when Velt sent no error envelope: a
 * connection failure is {@link #UNAVAILABLE}, a timeout {@link #DEADLINE_EXCEEDED}, a body that is not Velt's JSON
 * {@link #INTERNAL}, JSON of an unreadable shape {@link #UNKNOWN}). A status string Velt may add later reads as
 * {@link #UNKNOWN}.
 */
public enum VeltStatus {

    INVALID_ARGUMENT, UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION, RESOURCE_EXHAUSTED, INTERNAL, UNAVAILABLE, DEADLINE_EXCEEDED, UNKNOWN;

    /** The status named {@code name} (case-insensitive), or {@link #UNKNOWN} for null or a name this enum lacks. */
    public static VeltStatus of(String name) {
        if (name == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** The status Velt maps to an HTTP code, for answers without Velt's error envelope. */
    public static VeltStatus ofHttpCode(int httpCode) {
        return switch (httpCode) {
            case 400 -> INVALID_ARGUMENT;
            case 401 -> UNAUTHENTICATED;
            case 403 -> PERMISSION_DENIED;
            case 404 -> NOT_FOUND;
            case 409 -> ALREADY_EXISTS;
            case 429 -> RESOURCE_EXHAUSTED;
            case 502, 503 -> UNAVAILABLE;
            case 504 -> DEADLINE_EXCEEDED;
            default -> httpCode >= 500 ? INTERNAL : httpCode >= 400 ? FAILED_PRECONDITION : UNKNOWN;
        };
    }

    /** Transient: the same request may succeed later (rate limit, outage, timeout, a broken answer). */
    public boolean isRetryable() {
        return this == RESOURCE_EXHAUSTED || this == UNAVAILABLE || this == DEADLINE_EXCEEDED || this == INTERNAL;
    }

    /** Velt refused the credentials: every further call with them is refused the same way. */
    public boolean isCredentialFailure() {
        return this == UNAUTHENTICATED || this == PERMISSION_DENIED;
    }

    /**
     * The thing asked for does not exist (only meaningful when Velt itself said so, see
     * {@link VeltApiException#isNotFound()}).
     */
    public boolean isNotFound() {
        return this == NOT_FOUND;
    }
}
