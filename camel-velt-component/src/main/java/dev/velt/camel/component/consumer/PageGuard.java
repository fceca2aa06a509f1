package dev.velt.camel.component.consumer;

import java.util.HashSet;
import java.util.Set;

/**
 * The one rule every paged read follows (consumers' scans and fetches, producers' {@code fetchAllPages}): read on only
 * while there is a cursor that moved. A page that is empty but says there is more is followed like any other; a cursor
 * that does not move, or comes back, ends the read instead of looping.
 */
public final class PageGuard {

    private final Set<String> followed = new HashSet<>();

    /** True when a seq cursor ({@code getEvents}' {@code nextCursor}) is set and moved past the one just read. */
    public static boolean seqMoved(long current, Long next) {
        return next != null && next > current;
    }

    /** True when a list token is set and was not followed before in this read. */
    public boolean follow(String token) {
        return token != null && !token.isEmpty() && followed.add(token);
    }

    /** Counts a token read as the first page of this read, so a page pointing back to it ends the read. */
    public void started(String token) {
        if (token != null) {
            followed.add(token);
        }
    }
}
