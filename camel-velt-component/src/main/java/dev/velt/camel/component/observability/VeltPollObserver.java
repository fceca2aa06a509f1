package dev.velt.camel.component.observability;

import dev.velt.camel.component.consumer.VeltPollingConsumer;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;

/**
 * Wraps a Velt consumer's poll strategy (Camel calls it around every poll, on the poll thread) to record the poll in
 * the consumer's {@link VeltConsumerStatus} and, with Micrometer, in its poll timer. Everything else is the wrapped
 * strategy's (Camel's default logs a failed poll and lets the consumer back off).
 */
public final class VeltPollObserver implements PollingConsumerPollStrategy {

    /** Where a poll's duration goes besides the status (the Micrometer timer). */
    @FunctionalInterface
    public interface PollTimer {

        void record(long nanos, boolean succeeded);
    }

    private final PollingConsumerPollStrategy delegate;
    private final VeltPollingConsumer consumer;
    private final VeltConsumerStatus status;
    private final PollTimer timer;
    private volatile long startedNanos;
    private volatile long startedAt;

    private VeltPollObserver(PollingConsumerPollStrategy delegate, VeltPollingConsumer consumer, VeltConsumerStatus status,
            PollTimer timer) {
        this.delegate = delegate;
        this.consumer = consumer;
        this.status = status;
        this.timer = timer;
    }

    /** Installs the observer on the consumer (replacing one of an earlier start, keeping its status). */
    public static void install(VeltPollingConsumer consumer, PollTimer timer) {
        PollingConsumerPollStrategy strategy = consumer.getPollStrategy();
        VeltConsumerStatus status = new VeltConsumerStatus();
        if (strategy instanceof VeltPollObserver earlier) {
            strategy = earlier.delegate;
            status = earlier.status;
        }
        consumer.setPollStrategy(new VeltPollObserver(strategy, consumer, status, timer));
    }

    /** The status of a consumer started with an observer, or null. */
    public static VeltConsumerStatus statusOf(VeltPollingConsumer consumer) {
        return consumer.getPollStrategy() instanceof VeltPollObserver observer ? observer.status : null;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        startedAt = System.currentTimeMillis();
        startedNanos = System.nanoTime();
        return delegate.begin(consumer, endpoint);
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        ended(polledMessages, null);
        delegate.commit(consumer, endpoint, polledMessages);
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) throws Exception {
        ended(0, cause);
        return delegate.rollback(consumer, endpoint, retryCounter, cause);
    }

    private void ended(int polled, Exception failure) {
        long nanos = System.nanoTime() - startedNanos;
        status.pollEnded(startedAt, nanos, polled, failure, consumer.tracked());
        if (timer != null) {
            timer.record(nanos, failure == null);
        }
    }
}
