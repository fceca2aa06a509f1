package dev.velt.camel.component.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import dev.velt.camel.component.consumer.PageGuard;
import dev.velt.camel.component.consumer.VeltPollingConsumer.Delivery;
import dev.velt.camel.component.push.PushRefusedException;
import dev.velt.camel.component.push.PushedEventSink;
import dev.velt.camel.model.EventsPage;
import dev.velt.camel.model.WorkflowEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushed events joining {@code velt:events}' stream through its one delivery path, under the execution's delivery lock
 * (so a poll delivering the same execution at the same moment skips what the push delivered, and the other way round):
 * <ul>
 * <li>a consumer that is not started, suspended or stopping takes no push ({@link PushRefusedException}: 503);</li>
 * <li>an execution not watched yet starts being watched from its first event when it is one of the consumer's (its
 * {@code definitionId}; one of a named {@code executionId} list; with {@code shards}, for the consumer of a shard
 * other than 0, one that the consumer of shard 0 handed over, from its stored position); a push of any other
 * execution, or of one that ended, is acknowledged and ignored (an execution handed over later is read from its
 * position then);</li>
 * <li>an event at or below the position is a duplicate: done at once;</li>
 * <li>the event right after the position is delivered from the push itself; one further ahead first has the events in
 * between read with {@code getEvents} (no lock held meanwhile), and is delivered from the push even when
 * {@code getEvents} does not show it yet;</li>
 * <li>while an exchange of the execution is in flight on another thread, the push waits for it.</li>
 * </ul>
 * Every wait ends at the push's deadline. The future completes once the event and every event before it were
 * delivered and committed.
 */
public final class PushIntake implements PushedEventSink {

    private static final Logger LOG = LoggerFactory.getLogger(PushIntake.class);

    private final VeltEventsConsumer consumer;
    private final ExecutionPositions positions;
    private final ExecutionDiscovery discovery;
    private final Set<String> named;
    private final ExecutionStream stream;
    final LongAdder received = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    /** Pushes refused: by the receiver (unsigned, too large, not an event) or while this consumer took none (503). */
    final LongAdder refused = new LongAdder();

    public PushIntake(VeltEventsConsumer consumer, ExecutionPositions positions, ExecutionDiscovery discovery,
            Set<String> named,
            ExecutionStream stream) {
        this.consumer = consumer;
        this.stream = stream;
        this.positions = positions;
        this.discovery = discovery;
        this.named = named;
    }

    @Override
    public void refused() {
        refused.increment();
    }

    @Override
    public CompletableFuture<Void> accept(String executionId, WorkflowEvent event, long deadlineNanos) {
        if (!consumer.isTakingPushes()) {
            refused.increment();
            return CompletableFuture.failedFuture(new PushRefusedException());
        }
        received.increment();
        try {
            if (!watch(executionId, event)) {
                return CompletableFuture.completedFuture(null);
            }
            consumer.pushFed(executionId);
            return deliver(executionId, event, deadlineNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private boolean watch(String executionId, WorkflowEvent event) {
        if (positions.isLive(executionId)) {
            return true;
        }
        if (discovery != null) {
            return discovery.pushed(executionId, event);
        }
        if (named.isEmpty()) {
            // with shards, the consumer of a shard other than 0: only what shard 0 handed over (its position is stored)
            return positions.watchStored(executionId);
        }
        if (!named.contains(executionId)) {
            LOG.debug("Push of execution {} ignored: not one this consumer follows", executionId);
            return false;
        }
        return positions.watch(executionId);
    }

    private CompletableFuture<Void> deliver(String executionId, WorkflowEvent event, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        ReentrantLock lock = consumer.locks().of(executionId);
        // the pushed event and those before it that Velt shows: read once (without a lock), delivered one by one
        List<WorkflowEvent> events = null;
        while (true) {
            Long position = positions.position(executionId);
            if (position == null || event.getSeq() <= position) {
                duplicates.increment();
                return CompletableFuture.completedFuture(null);
            }
            if (consumer.inFlight().isInFlight(executionId)) {
                await(consumer.inFlight().whenSettled(executionId), deadline);
                continue;
            }
            if (events == null) {
                events = eventsUpTo(executionId, position, event);
                if (events == null) {
                    // Velt does not show what lies between yet: delivering the push now could skip an event
                    throw new IllegalStateException("events before seq " + event.getSeq() + " of " + executionId
                                                    + " not readable yet");
                }
                continue; // the position may have moved meanwhile
            }
            Delivery next;
            boolean more;
            if (!lock.tryLock(remaining(deadline), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException("execution " + executionId + " busy");
            }
            try {
                position = positions.position(executionId);
                if (position == null || event.getSeq() <= position) {
                    duplicates.increment();
                    return CompletableFuture.completedFuture(null);
                }
                if (consumer.inFlight().isInFlight(executionId)) {
                    continue;
                }
                Queue<Object> deliveries = new ArrayDeque<>();
                stream.appendEvents(executionId, position, events, deliveries, event);
                next = (Delivery) deliveries.poll();
                if (next == null) {
                    return CompletableFuture.completedFuture(null);
                }
                consumer.deliverPushed(new ArrayDeque<>(List.of(next)));
                more = !deliveries.isEmpty();
            } finally {
                lock.unlock();
            }
            if (!more || next.done().isCompletedExceptionally()) {
                // the pushed event itself (done now or in flight), or an earlier one that failed
                return next.done();
            }
            await(next.done(), deadline); // an earlier event: go on once it is committed
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static void await(CompletableFuture<Void> future, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        future.get(remaining(deadline), TimeUnit.NANOSECONDS);
    }

    /**
     * The pushed event, after the events between the position and it that Velt shows (read with getEvents when the push
     * is ahead of the position); null when Velt's answer does not reach the event before it yet.
     */
    private List<WorkflowEvent> eventsUpTo(String executionId, long position, WorkflowEvent event) {
        List<WorkflowEvent> events = new ArrayList<>();
        if (event.getSeq() > position + 1) {
            List<WorkflowEvent> before = eventsBefore(executionId, position, event.getSeq());
            if (before == null) {
                return null;
            }
            consumer.reread(executionId);
            events.addAll(before);
        }
        events.add(event);
        return events;
    }

    /**
     * The events after {@code position} and before {@code seq}, read with getEvents page by page; null when Velt's
     * answer does not reach {@code seq - 1} yet (its cursor stops short: the events in between are not readable yet).
     * A cursor that reaches it without events there means internal events filled the gap.
     */
    private List<WorkflowEvent> eventsBefore(String executionId, long position, long seq) {
        List<WorkflowEvent> before = new ArrayList<>();
        long since = position;
        Integer pageSize = consumer.getEndpoint().getConfiguration().getPageSize();
        while (true) {
            EventsPage page = stream.getEvents(executionId, since, pageSize);
            long reached = since;
            for (WorkflowEvent polled : page.getEvents()) {
                if (polled.getSeq() >= seq) {
                    return before;
                }
                before.add(polled);
                reached = Math.max(reached, polled.getSeq());
            }
            Long next = page.getNextCursor();
            if (next == null) {
                return before; // nothing says how far Velt's view goes: the push is taken as the next event
            }
            reached = Math.max(reached, next);
            if (reached >= seq - 1) {
                return before;
            }
            if (!page.isHasMore() || !PageGuard.seqMoved(since, next)) {
                return null;
            }
            since = next;
        }
    }
}
