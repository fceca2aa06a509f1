package dev.velt.camel.component.consumer;

import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * The one delivery path of a {@link VeltPollingConsumer}, for polls and pushes alike: one exchange per item, in order
 * within its group. Each item is delivered under its group's lock: the check that it is still pending (not delivered by
 * the other source meanwhile), that nothing of its group is in flight, and its dispatch happen as one step, so an item
 * that arrives by push and by poll at once is delivered once. A poll does not wait for a group whose lock a push holds:
 * the group waits for a later poll. An item's position is committed when its exchange completes, on whichever thread
 * that happens; after a failed exchange, or while one is in flight, the rest of its group waits.
 */
final class DeliveryEngine {

    private final VeltPollingConsumer consumer;
    private final InFlightTracker inFlight;
    private final GroupLocks locks;
    final LongAdder itemsDelivered = new LongAdder();
    final LongAdder itemsFailed = new LongAdder();

    DeliveryEngine(VeltPollingConsumer consumer, InFlightTracker inFlight, GroupLocks locks) {
        this.consumer = consumer;
        this.inFlight = inFlight;
        this.locks = locks;
    }

    /**
     * Delivers the items in order; a push's items on the caller's thread ({@code pushed}: the caller holds their group's
     * lock already).
     *
     * @return the exchanges that completed
     */
    int deliverAll(Queue<Object> deliveries, boolean pushed) {
        int total = (int) deliveries.stream().filter(d -> ((VeltPollingConsumer.Delivery) d).body() != null).count();
        Set<String> held = new HashSet<>();
        int index = 0;
        int completed = 0;
        while (!deliveries.isEmpty()) {
            VeltPollingConsumer.Delivery delivery = (VeltPollingConsumer.Delivery) deliveries.poll();
            if (!pushed) {
                consumer.pendingExchanges(deliveries.size());
            }
            ReentrantLock lock = locks.of(delivery.group());
            if (held.contains(delivery.group()) || !lock.tryLock()) {
                held.add(delivery.group());
                delivery.done().completeExceptionally(new IllegalStateException("not delivered in this poll"));
                continue;
            }
            try {
                if (!consumer.isBatchAllowed() || inFlight.isInFlight(delivery.group())) {
                    held.add(delivery.group());
                    delivery.done().completeExceptionally(new IllegalStateException("not delivered in this poll"));
                    continue;
                }
                if (!delivery.pending().getAsBoolean()) {
                    // delivered and committed by the other source meanwhile
                    delivery.done().complete(null);
                    continue;
                }
                if (delivery.body() == null) {
                    if (!commit(delivery)) {
                        held.add(delivery.group());
                    }
                    continue;
                }
                Outcome outcome = deliver(delivery, index++, total);
                if (outcome == Outcome.COMPLETED) {
                    completed++;
                } else {
                    // failed, or still in flight on another thread: the rest of the group waits
                    held.add(delivery.group());
                }
            } finally {
                lock.unlock();
            }
        }
        if (!pushed) {
            consumer.pendingExchanges(0);
        }
        // only completed exchanges count as polled: a failing exchange must not make a greedy consumer spin
        return completed;
    }

    private enum Outcome {
        COMPLETED, FAILED, IN_FLIGHT
    }

    /** Writes the item's position; false (and the write failure recorded for the poll) when it could not be written. */
    private boolean commit(VeltPollingConsumer.Delivery delivery) {
        try {
            delivery.commit().run();
            delivery.done().complete(null);
            return true;
        } catch (RuntimeException e) {
            inFlight.commitFailed(e);
            delivery.done().completeExceptionally(e);
            return false;
        }
    }

    /** Routes one item; its position is committed when its exchange completes, on whichever thread that happens. */
    private Outcome deliver(VeltPollingConsumer.Delivery delivery, int index, int total) {
        Exchange exchange = consumer.createExchange(true);
        Message message = exchange.getMessage();
        message.setBody(delivery.body());
        // a map made by newHeaders() becomes the message's headers as it is; any other is copied into one
        message.setHeaders(delivery.headers());
        exchange.setProperty(ExchangePropertyKey.BATCH_INDEX, index);
        exchange.setProperty(ExchangePropertyKey.BATCH_SIZE, total);
        exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, index == total - 1);
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        inFlight.dispatched(delivery.group());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {

            @Override
            public void onDone(Exchange done) {
                settle(delivery, done, outcome);
            }
        });
        try {
            consumer.getAsyncProcessor().process(exchange, doneSync -> {
            });
        } catch (Throwable e) {
            // the route did not even start: settle here, as its completion will not run
            exchange.setException(e);
            settle(delivery, exchange, outcome);
        }
        Outcome result = outcome.get();
        return result == null ? Outcome.IN_FLIGHT : result;
    }

    private void settle(VeltPollingConsumer.Delivery delivery, Exchange done, AtomicReference<Outcome> outcome) {
        if (outcome.get() != null) {
            return;
        }
        try {
            boolean completed = done.getException() == null && !done.isRollbackOnly() && !done.isRollbackOnlyLast();
            if (completed && commit(delivery)) {
                itemsDelivered.increment();
                outcome.set(Outcome.COMPLETED);
                return;
            }
            itemsFailed.increment();
            outcome.set(Outcome.FAILED);
            if (!completed) {
                delivery.done().completeExceptionally(done.getException() != null
                        ? done.getException() : new IllegalStateException("exchange marked rollback-only"));
            }
            if (done.getException() != null) {
                consumer.getExceptionHandler().handleException("Error processing Velt item of " + delivery.group()
                                                               + "; it is delivered again later",
                        done, done.getException());
            }
        } finally {
            inFlight.settled(delivery.group());
        }
    }
}
