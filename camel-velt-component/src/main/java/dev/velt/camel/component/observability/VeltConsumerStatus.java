package dev.velt.camel.component.observability;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the {@code velt} dev console shows of one consumer beyond its counters: its last poll (when, how long, its
 * outcome), the last poll error, and a bounded snapshot of what it tracks (live executions and their last delivered
 * seq, or pending agent runs and their findings delivered), taken on the poll thread at the end of each poll.
 */
public final class VeltConsumerStatus {

    /** The most tracked items the console lists per consumer. */
    public static final int TRACKED_LIMIT = 20;

    private volatile long lastPollAt;
    private volatile long lastPollMillis;
    private volatile String lastPollOutcome = "none yet";
    private volatile String lastError;
    private volatile long lastErrorAt;
    private volatile Map<String, Object> tracked = Map.of();
    private volatile int trackedCount;

    /** Records the end of a poll; {@code failure} is null when it succeeded. Runs on the poll thread. */
    public void pollEnded(long startedAt, long nanos, int polled, Exception failure, Map<String, ?> trackedNow) {
        lastPollAt = startedAt;
        lastPollMillis = nanos / 1_000_000;
        if (failure == null) {
            lastPollOutcome = "ok, " + polled + (polled == 1 ? " item" : " items");
        } else {
            lastPollOutcome = "failed";
            lastError = failure.getClass().getSimpleName() + ": " + failure.getMessage();
            lastErrorAt = System.currentTimeMillis();
        }
        Map<String, Object> snapshot = new LinkedHashMap<>();
        for (Map.Entry<String, ?> item : trackedNow.entrySet()) {
            if (snapshot.size() == TRACKED_LIMIT) {
                break;
            }
            snapshot.put(item.getKey(), item.getValue());
        }
        tracked = Collections.unmodifiableMap(snapshot);
        trackedCount = trackedNow.size();
    }

    public long lastPollAt() {
        return lastPollAt;
    }

    public long lastPollMillis() {
        return lastPollMillis;
    }

    public String lastPollOutcome() {
        return lastPollOutcome;
    }

    public String lastError() {
        return lastError;
    }

    public long lastErrorAt() {
        return lastErrorAt;
    }

    /** At most {@link #TRACKED_LIMIT} of the tracked items, in the consumer's order. */
    public Map<String, Object> tracked() {
        return tracked;
    }

    public int trackedCount() {
        return trackedCount;
    }
}
