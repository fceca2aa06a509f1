package dev.velt.camel.test;

/**
 * Simulated time: tick {@code n} happens at {@code startTime + n * millisPerTick}. The start time is fixed when the
 * clock starts (or given up front), so nothing is generated before it.
 */
final class SimClock {

    private final long millisPerTick;
    private volatile long startTime;

    SimClock(long startTime, long millisPerTick) {
        this.startTime = startTime;
        this.millisPerTick = millisPerTick;
    }

    /** Fixes tick 0 at {@code now}, unless a start time was given. */
    void startAt(long now) {
        if (startTime == 0) {
            startTime = now;
        }
    }

    long startTime() {
        return startTime;
    }

    long timeOf(long tick) {
        return startTime + tick * millisPerTick;
    }
}
