package dev.velt.camel.test;

import java.util.Arrays;
import java.util.List;

/**
 * What a faulty Velt, or a proxy in front of it, does to one request. Injected per path through {@link Faults}.
 * Unless said otherwise a fault replaces the answer and the request has no effect (a write is not applied).
 */
public enum Fault {

    /** 429 RESOURCE_EXHAUSTED in Velt's envelope, with {@code Retry-After: 1}. */
    RATE_LIMITED,
    /** 503 UNAVAILABLE in Velt's envelope, with {@code Retry-After: 1}. */
    UNAVAILABLE,
    /** 500 INTERNAL in Velt's envelope. */
    INTERNAL_ERROR,
    /** 504 DEADLINE_EXCEEDED in Velt's envelope. */
    DEADLINE_EXCEEDED,
    /** 500 with a plain-text body, no envelope (a crashed upstream). */
    SERVER_ERROR_PLAIN,
    /** 502 with a proxy's HTML page. */
    BAD_GATEWAY_HTML,
    /** 404 with an ingress's HTML page (no envelope), as while a deployment has no endpoints yet. */
    NOT_FOUND_HTML,
    /** 403 PERMISSION_DENIED in Velt's envelope, as for a revoked key: not transient. */
    PERMISSION_DENIED,
    /** The connection is reset instead of answered. */
    CONNECTION_RESET,
    /** The request is processed (a write is applied), then the connection is reset: the client never sees the answer. */
    RESET_AFTER_PROCESSING,
    /** A chunked 200 broken off mid-stream. */
    MALFORMED_RESPONSE_CHUNK,
    /** Random bytes instead of an HTTP response, then the connection closes. */
    RANDOM_DATA_THEN_CLOSE,
    /** The real answer, late by {@link Faults#slowAnswerMillis(long)} (default 1.5 s): past a short client timeout. */
    SLOW,
    /** 200 with a body that is not JSON. */
    MALFORMED_JSON,
    /** 200 with the first half of the real answer (well framed, so it reads as cut-off JSON). */
    TRUNCATED_JSON,
    /** 200 with an empty body. */
    EMPTY_BODY,
    /**
     * A page with no items that says more follow, the cursor unchanged ({@code getEvents},
     * {@code workflow/executions/list},
     * {@code agents/execution/list}); other paths get their real answer.
     */
    EMPTY_PAGE_WITH_MORE,
    /** The real page, but the cursor it hands back is the one the request sent: paging would never end. */
    STUCK_CURSOR;

    /**
     * The faults a client's retry may get past: all but {@link #PERMISSION_DENIED} and {@link #NOT_FOUND_HTML} (which
     * no retry cures), {@link #RESET_AFTER_PROCESSING} (a write applied twice unless it is idempotent) and the two page
     * faults (which a client must notice, not retry).
     */
    public static List<Fault> transientFaults() {
        return Arrays.stream(values()).filter(f -> f != PERMISSION_DENIED && f != NOT_FOUND_HTML
                && f != RESET_AFTER_PROCESSING && f != EMPTY_PAGE_WITH_MORE && f != STUCK_CURSOR).toList();
    }

    /** True for the faults that let the request be processed first. */
    boolean processesRequest() {
        return this == RESET_AFTER_PROCESSING || this == SLOW || this == TRUNCATED_JSON || this == EMPTY_PAGE_WITH_MORE
                || this == STUCK_CURSOR;
    }
}
