package dev.velt.camel.component.consumer;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-item backoff (an execution, an agent run): after its requests fail {@code n} polls in a row, the item sits out
 * the next {@code 2^(n-1) - 1} polls (0, 1, 3, 7, ...), at most {@code maxSkipped}, while every other item keeps its
 * poll rate. One success resets it. Thread-safe (the stop thread may release items while a poll runs).
 */
public final class FailureIsolation {

    private static final class Streak {

        int failures;
        int skip;
    }

    private final int maxSkipped;
    private final Map<String, Streak> streaks = new HashMap<>();

    public FailureIsolation(int maxSkipped) {
        this.maxSkipped = Math.max(0, maxSkipped);
    }

    /** True when the item is polled in this poll; false while it sits out a backoff (which this call counts down). */
    public synchronized boolean shouldPoll(String id) {
        Streak streak = streaks.get(id);
        if (streak == null || streak.skip == 0) {
            return true;
        }
        streak.skip--;
        return false;
    }

    /** Records a failure; returns how many polls in a row the item has failed. */
    public synchronized int failed(String id) {
        Streak streak = streaks.computeIfAbsent(id, k -> new Streak());
        streak.failures++;
        long skip = (1L << Math.min(streak.failures - 1, 30)) - 1;
        streak.skip = (int) Math.min(skip, maxSkipped);
        return streak.failures;
    }

    public synchronized void succeeded(String id) {
        streaks.remove(id);
    }

    public synchronized void forget(String id) {
        streaks.remove(id);
    }

    /** How many items have a failure streak (memory held). */
    public synchronized int size() {
        return streaks.size();
    }

    /** How many items are backing off now. */
    public synchronized int backingOff() {
        return (int) streaks.values().stream().filter(s -> s.skip > 0).count();
    }
}
