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

    void recordSuccess(String path) {
        succeeded.increment();
        calls.computeIfAbsent(path + " OK", k -> new LongAdder()).increment();
    }

    void recordFailure(String path, String status) {
        failed.increment();
        calls.computeIfAbsent(path + " " + status, k -> new LongAdder()).increment();
    }

    void recordRetry() {
        retries.increment();
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
