package dev.velt.camel.component.consumer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The commit side of delivery: which groups (an execution, an agent run) have an exchange in flight, and a position
 * write that failed after its exchange completed. An exchange may complete on another thread (a route that hands it to
 * {@code seda:} or {@code threads()}); until then its group is in flight: nothing of it is fetched or delivered again,
 * and its later items wait. Thread-safe.
 */
public final class InFlightTracker {

    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> settledSignals = new ConcurrentHashMap<>();
    private final AtomicReference<RuntimeException> commitFailure = new AtomicReference<>();

    public void dispatched(String group) {
        inFlight.merge(group, 1, Integer::sum);
    }

    public void settled(String group) {
        inFlight.computeIfPresent(group, (k, n) -> n > 1 ? n - 1 : null);
        if (!inFlight.containsKey(group)) {
            CompletableFuture<Void> signal = settledSignals.remove(group);
            if (signal != null) {
                signal.complete(null);
            }
        }
    }

    /** Completes once nothing of the group is in flight (at once when nothing is). */
    public CompletableFuture<Void> whenSettled(String group) {
        CompletableFuture<Void> signal = settledSignals.computeIfAbsent(group, k -> new CompletableFuture<>());
        if (!inFlight.containsKey(group)) {
            settledSignals.remove(group, signal);
            signal.complete(null);
        }
        return signal;
    }

    /**
     * Waits until nothing is in flight, at most {@code millis}; holds no lock while it waits. An interrupt does not cut
     * the wait short (the thread that stops a route may carry one meant for another task: Camel stops routes on one
     * shared thread and interrupts the stop that timed out), so an exchange still on another thread is committed before
     * the stop writes the state; the interrupt is restored when the wait ends.
     */
    public void awaitNone(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        boolean interrupted = false;
        try {
            for (String group : List.copyOf(inFlight.keySet())) {
                CompletableFuture<Void> settled = whenSettled(group);
                while (true) {
                    try {
                        settled.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException | TimeoutException e) {
                        return; // what is still in flight is delivered again after a restart
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isInFlight(String group) {
        return inFlight.containsKey(group);
    }

    public int size() {
        return inFlight.size();
    }

    /** Records a position that could not be written; the next check reports it as a failed poll. */
    public void commitFailed(RuntimeException failure) {
        commitFailure.compareAndSet(null, failure);
    }

    /** Throws the first position write failure since the last call, if any. */
    public void throwCommitFailure() {
        RuntimeException failure = commitFailure.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
    }
}
