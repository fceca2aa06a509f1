package dev.velt.camel.component.history;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;

/**
 * Counts the polls of the history's route that ended (with or without exception), through Camel's generic
 * {@code pollStrategy} option of polling endpoints; it changes nothing in how a poll runs. The player also counts list
 * requests, so it sees polls of a consumer that does not use the option.
 */
final class PollCounter implements PollingConsumerPollStrategy {

    private final AtomicInteger begun = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();

    int begun() {
        return begun.get();
    }

    int ended() {
        return ended.get();
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        begun.incrementAndGet();
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        ended.incrementAndGet();
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        ended.incrementAndGet();
        return false;
    }
}
