package dev.velt.camel.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Velt API call failed. {@link #getStatus()} is the API's {@code error.status} (e.g. {@code NOT_FOUND}); when Velt
 * sent no error envelope (a proxy's HTML page, an empty or truncated body, a connection failure) the status is derived
 * from what happened: {@code UNAVAILABLE} for connection failures and 502/503 pages, {@code DEADLINE_EXCEEDED} for
 * timeouts and 504, {@code INTERNAL} for other 5xx and for bodies that are not the API's JSON (all retryable), and
 * {@code UNKNOWN} for valid JSON of a shape the model cannot read (not retryable: the same answer would come again).
 * <p>
 * The message is the API's own message; it never carries the request's credentials or the response body.
 */
public class VeltApiException extends RuntimeException {

    /** Statuses worth retrying (see {@link VeltStatus#isRetryable()}). */
    public static final Set<String> RETRYABLE_STATUSES = Arrays.stream(VeltStatus.values()).filter(VeltStatus::isRetryable)
            .map(VeltStatus::name).collect(Collectors.toUnmodifiableSet());

    private final String operation;
    private final String status;
    private final int httpStatusCode;
    private final Duration retryAfter;
    private final boolean apiError;
    private volatile int attempts = 1;

    /** A failure with a derived status (no error envelope from Velt: a transport failure, a proxy page, a bad body). */
    public VeltApiException(String operation, String status, int httpStatusCode, String message, Duration retryAfter,
            Throwable cause) {
        this(operation, status, httpStatusCode, message, retryAfter, cause, false);
    }

    /**
     * @param apiError true when Velt itself answered with its {@code {"error": {"status", "message"}}} envelope
     */
    public VeltApiException(String operation, String status, int httpStatusCode, String message, Duration retryAfter,
            Throwable cause, boolean apiError) {
        super(format(operation, status, httpStatusCode, message), cause);
        this.operation = operation;
        this.status = status;
        this.httpStatusCode = httpStatusCode;
        this.retryAfter = retryAfter;
        this.apiError = apiError;
    }

    /**
     * Copies another instance under the name of the operation that made the call (used by layers that add interfaces on
     * top of this type).
     */
    protected VeltApiException(VeltApiException other, String operation) {
        this(other, operation, other.getMessage());
    }

    /** Copies another instance under the name of the operation that made the call, with another message. */
    protected VeltApiException(VeltApiException other, String operation, String message) {
        super(message, other.getCause());
        this.operation = operation;
        this.status = other.status;
        this.httpStatusCode = other.httpStatusCode;
        this.retryAfter = other.retryAfter;
        this.apiError = other.apiError;
        this.attempts = other.attempts;
        setStackTrace(other.getStackTrace());
        for (Throwable suppressed : other.getSuppressed()) {
            addSuppressed(suppressed);
        }
    }

    private static String format(String operation, String status, int httpStatusCode, String message) {
        String http = httpStatusCode > 0 ? " (HTTP " + httpStatusCode + ")" : "";
        return "Velt " + operation + " failed: " + status + http + (message == null ? "" : ": " + message);
    }

    /** The API's {@code error.status}, or the status derived when there was none (see the class javadoc). */
    public String getStatus() {
        return status;
    }

    /** The HTTP status code of the response, or 0 when no response arrived. */
    public int getHttpStatusCode() {
        return httpStatusCode;
    }

    /** The operation that failed: the component's (e.g. {@code getExecution}) or, from the bare client, the API path. */
    public String getOperation() {
        return operation;
    }

    /**
     * Whether the failure is transient, so the same call may succeed later. For a write that is not safe to repeat (a
     * dispatch without an idempotency key) the request may have taken effect all the same.
     */
    public boolean isRetryable() {
        return getVeltStatus().isRetryable();
    }

    /** {@link #getStatus()} as the enum; {@link VeltStatus#UNKNOWN} for a status string it does not name. */
    public VeltStatus getVeltStatus() {
        return VeltStatus.of(status);
    }

    /** Velt refused the credentials (UNAUTHENTICATED, PERMISSION_DENIED). */
    public boolean isCredentialFailure() {
        return getVeltStatus().isCredentialFailure();
    }

    /**
     * Velt itself said the thing asked for does not exist: its own NOT_FOUND envelope, not a proxy's 404 page.
     */
    public boolean isNotFound() {
        return apiError && getVeltStatus().isNotFound();
    }

    /**
     * True when the status is Velt's own answer ({@code error.status} of its error envelope); false when it was derived
     * from a transport failure or a response without the envelope, such as a proxy's 404 page, which says nothing
     * about the thing asked for.
     */
    public boolean isApiError() {
        return apiError;
    }

    /**
     * How many times the request was sent before this failure: more than 1 when transient failures were retried, so
     * an earlier attempt whose answer was lost may have taken effect.
     */
    public int getAttempts() {
        return attempts;
    }

    void setAttempts(int attempts) {
        this.attempts = attempts;
    }

    /** The delay the server asked for with {@code Retry-After}, or null. */
    public Duration getRetryAfter() {
        return retryAfter;
    }
}
