package dev.velt.camel.client;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts of the calls one {@link VeltClient} made: by API path and outcome, and the retries among them. */
public final class VeltCallStats {

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private volatile VeltApiException lastFailure;
    private volatile Listener listener;

    /** Told of each call's outcome and each retry as they happen, on the calling thread (metrics). */
    public interface Listener {

        /** A call ended: {@code outcome} is {@code OK} or the Velt status of its failure, e.g. {@code NOT_FOUND}. */
        void onCall(String path, String outcome);

        /** An attempt is repeated after a transient failure. */
        void onRetry();
    }

    /** Sets the one listener (null removes it). */
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    void recordSuccess(String path) {
        lastFailure = null;
        succeeded.increment();
        calls.computeIfAbsent(path + " OK", k -> new LongAdder()).increment();
        Listener l = listener;
        if (l != null) {
            l.onCall(path, "OK");
        }
    }

    void recordFailure(String path, VeltApiException failure) {
        lastFailure = failure;
        failed.increment();
        calls.computeIfAbsent(path + " " + failure.getStatus(), k -> new LongAdder()).increment();
        Listener l = listener;
        if (l != null) {
            l.onCall(path, failure.getStatus());
        }
    }

    /** The failure of the most recent call, or null when it succeeded (or none was made yet). */
    public VeltApiException getLastFailure() {
        return lastFailure;
    }

    void recordRetry() {
        retries.increment();
        Listener l = listener;
        if (l != null) {
            l.onRetry();
        }
    }

    /** Calls that returned a result (after any retries). */
    public long getSucceeded() {
        return succeeded.sum();
    }

    /** Calls that failed for good (after any retries). */
    public long getFailed() {
        return failed.sum();
    }

    /** Attempts repeated after a transient failure. */
    public long getRetries() {
        return retries.sum();
    }

    /** Calls by {@code "<api path> <OK or Velt status>"}, e.g. {@code "workflow/executions/get NOT_FOUND" -> 2}. */
    public Map<String, Long> getCallsByPathAndOutcome() {
        Map<String, Long> snapshot = new TreeMap<>();
        calls.forEach((key, count) -> snapshot.put(key, count.sum()));
        return snapshot;
    }
}
