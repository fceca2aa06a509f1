package dev.velt.camel.component.consumer;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.component.VeltConfiguration;
import dev.velt.camel.component.VeltEndpoint;
import dev.velt.camel.component.VeltOptionsValidator;
import dev.velt.camel.component.state.MemoryPositionRepository;
import dev.velt.camel.component.state.VeltPositionStore;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.ScheduledBatchPollingConsumer;

/**
 * The consumer core both Velt consumers configure. It owns the policies they share, each a small type of its own: the
 * state repository's lifecycle ({@link StateRepositoryLifecycle}), positions committed only after their exchange
 * completed and only forward, with exchanges that complete on another thread kept in flight ({@link InFlightTracker}),
 * the cost cap of a poll ({@link PollBudget}), per-item backoff ({@link FailureIsolation}), the newest-first list
 * scan ({@link ScanWindow}, paging by {@link PageGuard}) and the delivery path ({@link DeliveryEngine}). A consumer
 * says
 * only what to fetch and what to deliver.
 * <p>
 * Delivery: one exchange per item, in order within its group (an execution's events, a run's findings). An item counts
 * as completed when its exchange ended without exception and was not marked rollback-only; then its position is
 * written. After a failed exchange, or while one is in flight, the rest of its group waits for a later poll; other
 * groups go on. A position that cannot be written fails the poll (so Camel logs it and backs off) and the item is
 * delivered again later.
 */
@ManagedResource(description = "Managed Velt consumer")
public abstract class VeltPollingConsumer extends ScheduledBatchPollingConsumer {

    /**
     * One item of a poll. {@code body == null} means a position to commit without an exchange (an event filtered out by
     * {@code types}, a gap of internal events); it is committed only if nothing before it in its group failed.
     * {@code done} completes once the position is committed, exceptionally when the item was not delivered.
     * {@code pending} says, at the moment of delivery, whether the item is still to deliver: false once another source
     * (a push) delivered and committed it, and then it is skipped and {@code done} completes at once.
     */
    public record Delivery(String group, Object body, Map<String, Object> headers, Runnable commit, BooleanSupplier pending,
            CompletableFuture<Void> done) {

        public Delivery(String group, Object body, Map<String, Object> headers, Runnable commit) {
            this(group, body, headers, commit, () -> true, new CompletableFuture<>());
        }

        public Delivery(String group, Object body, Map<String, Object> headers, Runnable commit, BooleanSupplier pending) {
            this(group, body, headers, commit, pending, new CompletableFuture<>());
        }
    }

    /** Told when a consumer starts (before its first poll) and stops: metrics and the dev console observe it so. */
    public interface Observer {

        default void started(VeltPollingConsumer consumer) {
        }

        default void stopped(VeltPollingConsumer consumer) {
        }
    }

    private static final Observer NO_OBSERVER = new Observer() {
    };

    /** How long a stop waits at most for exchanges still in flight on other threads before it writes the state. */
    static final long STOP_WAIT_MILLIS = 5_000;

    /** Polls skipped after a failed poll when the user set no backoff of their own. */
    static final int DEFAULT_BACKOFF_MULTIPLIER = 10;
    /** Health check detail carrying the Velt status of the last failed poll, e.g. PERMISSION_DENIED. */
    public static final String VELT_STATUS_DETAIL = "velt.status";

    private final LongAdder positionsCommitted = new LongAdder();
    private final LongAdder polls = new LongAdder();
    private volatile long lastPollMillis;
    private volatile long maxPollMillis;

    private final VeltEndpoint endpoint;
    private Observer observer = NO_OBSERVER;
    private final InFlightTracker inFlight = new InFlightTracker();
    private final GroupLocks locks = new GroupLocks();
    private final DeliveryEngine delivery = new DeliveryEngine(this, inFlight, locks);
    private StateRepository<String, String> repository;
    private StateRepositoryLifecycle repositoryLifecycle;
    private VeltPositionStore positions;
    private FailureIsolation isolation;
    /** Whether the last poll left something to fetch that it had no room or budget for: poll again at once. */
    private volatile boolean backlog;

    public VeltPollingConsumer(VeltEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    /** Who observes this consumer's start and stop (set by the endpoint that creates it). */
    public void setObserver(Observer observer) {
        this.observer = observer;
    }

    @Override
    public VeltEndpoint getEndpoint() {
        return endpoint;
    }

    public VeltConfiguration config() {
        return endpoint.getConfiguration();
    }

    public VeltPositionStore positions() {
        return positions;
    }

    /** The consumers' local clock in epoch milliseconds (the component's {@code clock}). */
    public java.util.function.LongSupplier clock() {
        return getEndpoint().getComponent().getClock()::millis;
    }

    public FailureIsolation isolation() {
        return isolation;
    }

    public InFlightTracker inFlight() {
        return inFlight;
    }

    public GroupLocks locks() {
        return locks;
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
        isolation = new FailureIsolation(getBackoffMultiplier());
        repository = config().getStateRepository() != null ? config().getStateRepository() : new MemoryPositionRepository();
        repositoryLifecycle = new StateRepositoryLifecycle(repository);
        repositoryLifecycle.start();
        positions = new VeltPositionStore(repository);
        try {
            loadState();
            flushState();
        } catch (RuntimeException e) {
            repositoryLifecycle.stop();
            repositoryLifecycle = null;
            throw e;
        }
        observer.started(this);
        // last: starting the scheduler may run the first poll at once
        super.doStart();
    }

    /** The {@code sinceTime} option as epoch milliseconds, or null when unset. */
    public Long sinceTimeMillis() {
        return config().getSinceTime() == null ? null : VeltOptionsValidator.parseSinceTime(config().getSinceTime());
    }

    /** Reads the consumer's positions from the store; runs on start, before the first poll is scheduled. */
    protected abstract void loadState();

    /** Writes what a consumer batches per poll (called after each poll and on stop). */
    protected void flushState() {
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        observer.stopped(this);
        if (repositoryLifecycle == null) {
            return; // it never started: nothing to write, nothing to stop
        }
        // exchanges handed to another thread (seda:, threads()) may still complete: their positions go into the state
        // written below; the wait is bounded and holds no lock
        inFlight.awaitNone(STOP_WAIT_MILLIS);
        try {
            flushState();
        } finally {
            repositoryLifecycle.stop();
        }
    }

    /** Polls again at once (without waiting for {@code delay}) while the last poll left a backlog behind. */
    @Override
    public boolean isGreedy() {
        return super.isGreedy() || backlog;
    }

    @Override
    protected final int poll() throws Exception {
        long start = System.nanoTime();
        backlog = false;
        try {
            // a position write that failed on a route's thread after the last poll
            inFlight.throwCommitFailure();
            PollResult result;
            try {
                result = pollVelt(PollBudget.perPoll());
            } finally {
                flushState();
            }
            inFlight.throwCommitFailure();
            backlog = result.backlog() && result.delivered() > 0;
            return result.delivered();
        } finally {
            long millis = (System.nanoTime() - start) / 1_000_000;
            lastPollMillis = millis;
            maxPollMillis = Math.max(maxPollMillis, millis);
            polls.increment();
        }
    }

    /** What one poll did: the exchanges that completed, and whether more was left to fetch than it had room for. */
    public record PollResult(int delivered, boolean backlog) {
    }

    /**
     * One poll: read what is new from Velt within the budget, deliver it with {@link #processBatch(Queue)}. Throws (so
     * the poll counts as failed) only for a failure that concerns the whole consumer; see {@link PollFailures}.
     */
    protected abstract PollResult pollVelt(PollBudget budget) throws Exception;

    /**
     * What this consumer tracks, for the {@code velt} dev console: live executions (id to last delivered seq) or pending
     * agent runs (id to findings delivered). Called on the poll thread only.
     */
    public Map<String, ?> tracked() {
        return Map.of();
    }

    /** Webhook pushes this consumer received (0 for a consumer that takes none). */
    public long pushesReceived() {
        return 0;
    }

    /** Webhook calls refused on this consumer's path (0 for a consumer that takes none). */
    public long pushesRefused() {
        return 0;
    }

    /** Counts a committed position (for the managed attributes). */
    public void positionCommitted() {
        positionsCommitted.increment();
    }

    @ManagedAttribute(description = "Exchanges that completed, so their position was committed")
    public long getItemsDelivered() {
        return delivery.itemsDelivered.sum();
    }

    @ManagedAttribute(description = "Exchanges that failed and will be delivered again on a later poll")
    public long getItemsFailed() {
        return delivery.itemsFailed.sum();
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

    @ManagedAttribute(description = "Groups (executions, agent runs) with an exchange still in flight on another thread")
    public int getItemsInFlight() {
        return inFlight.size();
    }

    /**
     * Records the Velt status of a failed poll for the consumer health check (which adds the HTTP code itself) and
     * returns the failure for {@code poll()} to throw, so Camel logs, counts and backs off as for any consumer.
     */
    public VeltApiException pollFailed(VeltApiException failure) {
        addLastErrorDetail(VELT_STATUS_DETAIL, failure.getStatus());
        return failure;
    }

    /** True when this poll may add more items (no limit, or still below {@code maxMessagesPerPoll}). */
    public boolean hasRoom(int items) {
        return getMaxMessagesPerPoll() <= 0 || items < getMaxMessagesPerPoll();
    }

    /** Delivers a poll's items; see {@link DeliveryEngine}. */
    @Override
    public int processBatch(Queue<Object> deliveries) throws Exception {
        return delivery.deliverAll(deliveries, false);
    }

    /** Delivers a push's items on the caller's thread; the caller holds their group's lock already. */
    public int deliverPushed(Queue<Object> deliveries) {
        return delivery.deliverAll(deliveries, true);
    }

    /**
     * An empty map of the kind Camel keeps message headers in, for a {@link Delivery}'s headers: the exchange takes it as
     * it is instead of copying it header by header.
     */
    public Map<String, Object> newHeaders() {
        return getEndpoint().getCamelContext().getCamelContextExtension().getHeadersMapFactory().newMap();
    }

    /** Tells Camel how many exchanges of the current batch are still to come (for a graceful shutdown). */
    void pendingExchanges(int pending) {
        pendingExchanges = pending;
    }
}
