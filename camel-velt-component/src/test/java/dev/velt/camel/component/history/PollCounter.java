package dev.velt.camel.component.history;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;

/**
 * Counts the polls of the history's route that ended (with or without exception), through Camel's generic
 * {@code pollStrategy} option of polling endpoints, and the most requests one poll sent (a greedy consumer may poll
 * several times in one run of its scheduler); it changes nothing in how a poll runs. The player also counts list
 * requests, so it sees polls of a consumer that does not use the option.
 */
final class PollCounter implements PollingConsumerPollStrategy {

    private final AtomicInteger begun = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicInteger mostRequests = new AtomicInteger();
    private volatile IntSupplier requests = () -> 0;
    private volatile int requestsAtBegin;

    /** Where the requests sent so far are counted, to find the most one poll sent. */
    void countRequestsWith(IntSupplier requests) {
        this.requests = requests;
    }

    /** The most requests sent between the begin and the end of one poll, since the last call. */
    int takeMostRequests() {
        return mostRequests.getAndSet(0);
    }

    private void pollEnded() {
        mostRequests.accumulateAndGet(requests.getAsInt() - requestsAtBegin, Math::max);
        ended.incrementAndGet();
    }

    int begun() {
        return begun.get();
    }

    int ended() {
        return ended.get();
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        requestsAtBegin = requests.getAsInt();
        begun.incrementAndGet();
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        pollEnded();
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        pollEnded();
        return false;
    }
}
