package dev.velt.camel.component;

import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.SynchronizationAdapter;

import dev.velt.camel.client.VeltApiException;

/**
 * What both Velt consumers share: the position store, and delivering a poll's items one exchange at a time, in order,
 * committing each item's position only when its exchange completes without exception. After a failed exchange the rest
 * of its group (an execution's later events, a run's later findings) is held back until a later poll redelivers it;
 * other groups go on.
 */
@ManagedResource(description = "Managed Velt consumer")
abstract class VeltPollingConsumer extends ScheduledBatchPollingConsumer {

    /**
     * One item of a poll. {@code body == null} means a position to commit without an exchange (an event filtered out by
     * {@code types}); it is committed only if nothing before it in its group failed.
     */
    record Delivery(String group, Object body, Map<String, Object> headers, Runnable commit) {
    }

    /** Polls skipped after a failed poll when the user set no backoff of their own. */
    static final int DEFAULT_BACKOFF_MULTIPLIER = 10;
    /** Health check detail carrying the Velt status of the last failed poll, e.g. PERMISSION_DENIED. */
    static final String VELT_STATUS_DETAIL = "velt.status";

    private final LongAdder itemsDelivered = new LongAdder();
    private final LongAdder itemsFailed = new LongAdder();
    private final LongAdder positionsCommitted = new LongAdder();
    private final LongAdder polls = new LongAdder();
    private volatile long lastPollMillis;
    private volatile long maxPollMillis;

    private final VeltEndpoint endpoint;
    private StateRepository<String, String> repository;
    private VeltPositionStore positions;

    VeltPollingConsumer(VeltEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    public VeltEndpoint getEndpoint() {
        return endpoint;
    }

    VeltConfiguration config() {
        return endpoint.getConfiguration();
    }

    VeltPositionStore positions() {
        return positions;
    }

    @Override
    protected void doStart() throws Exception {
        setMaxMessagesPerPoll(config().getMaxMessagesPerPoll());
        if (getBackoffMultiplier() <= 0) {
            // a failing Velt (bad credentials, an outage) is not hammered: skip polls after a failed one, unless the
            // user chose their own backoff
            setBackoffMultiplier(DEFAULT_BACKOFF_MULTIPLIER);
            setBackoffErrorThreshold(Math.max(1, getBackoffErrorThreshold()));
        }
        repository = config().getStateRepository() != null ? config().getStateRepository() : new MemoryStateRepository();
        // the consumer owns the repository's lifecycle, as camel-kafka does with its offsetRepository
        ServiceHelper.startService(repository);
        positions = new VeltPositionStore(repository);
        loadState();
        VeltMetrics.bind(this);
        // last: starting the scheduler may run the first poll at once
        super.doStart();
    }

    /** The {@code sinceTime} option as epoch milliseconds, or null when unset. */
    Long sinceTimeMillis() {
        return config().getSinceTime() == null ? null : VeltOptionsValidator.parseSinceTime(config().getSinceTime());
    }

    /** Reads the consumer's positions from the store; runs on start, before the first poll is scheduled. */
    protected abstract void loadState();

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        VeltMetrics.unbind(this);
        ServiceHelper.stopService(repository);
    }

    @Override
    protected final int poll() throws Exception {
        long start = System.nanoTime();
        try {
            return pollVelt();
        } finally {
            long millis = (System.nanoTime() - start) / 1_000_000;
            lastPollMillis = millis;
            maxPollMillis = Math.max(maxPollMillis, millis);
            polls.increment();
        }
    }

    /** One poll: read what is new from Velt, deliver it with {@link #processBatch(Queue)}, return the count delivered. */
    protected abstract int pollVelt() throws Exception;

    /**
     * What this consumer tracks, for the {@code velt} dev console: live executions (id to last delivered seq) or pending
     * agent runs (id to findings delivered). Called on the poll thread only.
     */
    protected Map<String, ?> tracked() {
        return Map.of();
    }

    /** Counts a committed position (for the managed attributes). */
    void positionCommitted() {
        positionsCommitted.increment();
    }

    @ManagedAttribute(description = "Exchanges that completed, so their position was committed")
    public long getItemsDelivered() {
        return itemsDelivered.sum();
    }

    @ManagedAttribute(description = "Exchanges that failed and will be delivered again on a later poll")
    public long getItemsFailed() {
        return itemsFailed.sum();
    }

    @ManagedAttribute(description = "Positions written to the state repository")
    public long getPositionsCommitted() {
        return positionsCommitted.sum();
    }

    @ManagedAttribute(description = "Polls run")
    public long getVeltPolls() {
        return polls.sum();
    }

    @ManagedAttribute(description = "Duration of the last poll in milliseconds, delivery included")
    public long getLastPollDurationMillis() {
        return lastPollMillis;
    }

    @ManagedAttribute(description = "Longest poll so far in milliseconds, delivery included")
    public long getMaxPollDurationMillis() {
        return maxPollMillis;
    }

    /**
     * Records the Velt status of a failed poll for the consumer health check (which adds the HTTP code itself) and
     * returns the failure for {@code poll()} to throw, so Camel logs, counts and backs off as for any consumer.
     */
    VeltApiException pollFailed(VeltApiException failure) {
        addLastErrorDetail(VELT_STATUS_DETAIL, failure.getStatus());
        return failure;
    }

    /** Velt refused the credentials: every further call of this poll would be refused the same way. */
    static boolean isCredentialFailure(VeltApiException e) {
        return "PERMISSION_DENIED".equals(e.getStatus()) || "UNAUTHENTICATED".equals(e.getStatus());
    }

    /** True when this poll may add more items (no limit, or still below {@code maxMessagesPerPoll}). */
    boolean hasRoom(int items) {
        return getMaxMessagesPerPoll() <= 0 || items < getMaxMessagesPerPoll();
    }

    @Override
    public int processBatch(Queue<Object> deliveries) throws Exception {
        int total = (int) deliveries.stream().filter(d -> ((Delivery) d).body() != null).count();
        Set<String> failedGroups = new HashSet<>();
        int index = 0;
        int completed = 0;
        while (!deliveries.isEmpty() && isBatchAllowed()) {
            Delivery delivery = (Delivery) deliveries.poll();
            pendingExchanges = deliveries.size();
            if (failedGroups.contains(delivery.group())) {
                continue;
            }
            if (delivery.body() == null) {
                delivery.commit().run();
                continue;
            }
            if (deliver(delivery, index++, total)) {
                completed++;
                itemsDelivered.increment();
            } else {
                failedGroups.add(delivery.group());
                itemsFailed.increment();
            }
        }
        pendingExchanges = 0;
        // only completed exchanges count as polled: a failing exchange must not make a greedy consumer spin
        return completed;
    }

    /** Routes one item synchronously; true when its exchange completed without exception and its position committed. */
    private boolean deliver(Delivery delivery, int index, int total) {
        Exchange exchange = createExchange(false);
        try {
            Message message = exchange.getMessage();
            message.setBody(delivery.body());
            delivery.headers().forEach(message::setHeader);
            exchange.setProperty(ExchangePropertyKey.BATCH_INDEX, index);
            exchange.setProperty(ExchangePropertyKey.BATCH_SIZE, total);
            exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, index == total - 1);
            AtomicBoolean completed = new AtomicBoolean();
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onComplete(Exchange done) {
                    delivery.commit().run();
                    completed.set(true);
                }
            });
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Error processing Velt item of " + delivery.group()
                                                      + "; it is delivered again on a later poll",
                        exchange, exchange.getException());
            }
            // false also for an exchange marked rollback-only without an exception
            return completed.get();
        } finally {
            releaseExchange(exchange, false);
        }
    }
}
