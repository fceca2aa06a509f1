package dev.velt.camel.component.events;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The executions of a {@code velt:events} consumer that receive pushes, with when the poll last read them: such an
 * execution is re-read by the poll only once every {@code reconcileDelay}, as a safety net for the pushes Velt could
 * not deliver. An execution leaves when it ends.
 */
final class PushFedExecutions {

    private final Map<String, Long> lastRead = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final long reconcileDelay;

    PushFedExecutions(LongSupplier clock, long reconcileDelay) {
        this.clock = clock;
        this.reconcileDelay = reconcileDelay;
    }

    /** Whether the poll reads the execution now: always, unless pushes feed it and it was read within the delay. */
    boolean readDue(String executionId) {
        Long last = lastRead.get(executionId);
        return last == null || clock.getAsLong() - last >= reconcileDelay;
    }

    /** Notes that the execution receives pushes. */
    void fed(String executionId) {
        lastRead.putIfAbsent(executionId, clock.getAsLong());
    }

    /** Notes that the execution's events were read now. */
    void read(String executionId) {
        lastRead.computeIfPresent(executionId, (id, last) -> clock.getAsLong());
    }

    /** Has the execution read again at the next poll (a read found events its pushes missed). */
    void readAgain(String executionId) {
        lastRead.computeIfPresent(executionId, (id, last) -> Long.MIN_VALUE / 2);
    }

    void release(String executionId) {
        lastRead.remove(executionId);
    }

    void clear() {
        lastRead.clear();
    }

    int size() {
        return lastRead.size();
    }
}
