package dev.velt.camel.component;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.component.VeltPositionStore.DiscoveryState;
import dev.velt.camel.component.VeltPositionStore.ExecutionPosition;
import dev.velt.camel.model.EventsPage;
import dev.velt.camel.model.EventsQuery;
import dev.velt.camel.model.ExecutionStatus;
import dev.velt.camel.model.ExecutionView;
import dev.velt.camel.model.ExecutionsPage;
import dev.velt.camel.model.ExecutionsQuery;
import dev.velt.camel.model.WorkflowEvent;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code velt:events}: one exchange per new workflow event, in seq order within each execution, at least once.
 * <p>
 * Each live execution has a position, the last seq whose exchange completed; a poll asks
 * {@code getEvents(sinceSeq = position)} and follows {@code nextCursor} while the API has more (an empty page that has
 * more included: its range holds only internal events, and the position moves past it). Executions are named by
 * {@code executionId} or discovered by {@code definitionId} through {@code workflow/executions/list}: the first start
 * asks the list for the running and pending executions (so it never pages through the whole history), and every scan
 * reads the list newest first down to the lookback window ({@link ScanWindow}). After its terminal event completes an
 * execution is never polled again. Live executions take turns at the front of the poll, so a long backlog in one does
 * not starve the others.
 * <p>
 * With {@code webhookPath}, Velt's pushes join the same stream ({@link #acceptPush}): a pushed event is delivered from
 * the push, through the same delivery path and positions as a polled one, and an execution that receives pushes is
 * re-read only every {@code reconcileDelay}. Each delivery carries {@link VeltConstants#DELIVERED_BY}.
 */
public class VeltEventsConsumer extends VeltPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(VeltEventsConsumer.class);
    /** What getEvents returns per page when no pageSize is sent. */
    private static final int DEFAULT_EVENTS_PAGE_SIZE = 100;
    /** The statuses of executions that are not terminal yet, as the list filter takes them. */
    private static final List<String> LIVE_STATUSES = List.of("running", "pending");
    /** Values of the {@link VeltConstants#DELIVERED_BY} header. */
    static final String DELIVERED_BY_PUSH = "push";
    static final String DELIVERED_BY_POLL = "poll";
    private static final ScanWindow.ItemShape<ExecutionView> EXECUTION = new ScanWindow.ItemShape<>(
            ExecutionView::getExecutionId, ExecutionView::getStartedAt);

    /** What {@link #appendEvents} queued: the last seq, whether it was terminal, and when it is all committed. */
    record Appended(long lastSeq, boolean terminal, CompletableFuture<Void> committed) {
    }

    /** Live executions and their committed positions; finished ones are removed. Guarded by {@code this}. */
    private final Map<String, Long> live = new LinkedHashMap<>();
    private final Set<String> types;
    private final boolean discovering;
    private final boolean statusFilter;
    private DiscoveryState discovery;
    private ScanWindow window;
    private boolean discoveryDirty;
    /** Ended discovered executions whose keys go once the discovery state no longer lists them. */
    private final List<String> toForget = new ArrayList<>();
    private Long sinceTime;
    private int rotation;
    private ExecutorService prefetchThread;
    private PagePrefetcher prefetcher;
    private final PushedEventSink pushSink = this::acceptPush;
    private final long reconcileDelay;
    /** Executions that had a push, with when the poll last re-read them; an ended or dropped one is removed. */
    private final Map<String, Long> pushFed = new ConcurrentHashMap<>();
    private final LongAdder pushesReceived = new LongAdder();
    private final LongAdder pushesDuplicate = new LongAdder();

    @Override
    protected Map<String, ?> tracked() {
        return live;
    }

    public VeltEventsConsumer(VeltEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        VeltConfiguration config = endpoint.getConfiguration();
        this.types = ObjectHelper.isEmpty(config.getTypes()) ? Set.of() : split(config.getTypes());
        this.discovering = ObjectHelper.isNotEmpty(config.getDefinitionId());
        this.statusFilter = ObjectHelper.isNotEmpty(config.getStatus());
        this.reconcileDelay = config.getReconcileDelay();
    }

    private static Set<String> split(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    protected void doStart() throws Exception {
        prefetchThread = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "VeltEventsPrefetch");
        prefetcher = new PagePrefetcher(prefetchThread);
        super.doStart();
        VeltWebhookReceiver receiver = getEndpoint().getWebhookReceiver();
        if (receiver != null) {
            receiver.activate(pushSink);
        }
    }

    @Override
    protected void doStop() throws Exception {
        VeltWebhookReceiver receiver = getEndpoint().getWebhookReceiver();
        if (receiver != null) {
            receiver.deactivate(pushSink);
        }
        try {
            super.doStop();
        } finally {
            // null when the consumer is stopped without having started (a route that failed to start)
            if (prefetcher != null) {
                prefetcher.clear();
                getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(prefetchThread);
            }
        }
    }

    @Override
    protected synchronized void loadState() {
        live.clear();
        toForget.clear();
        sinceTime = sinceTimeMillis();
        if (!discovering) {
            for (String executionId : split(config().getExecutionId())) {
                watch(executionId);
            }
            return;
        }
        discovery = positions().loadDiscovery(config().getDefinitionId(), config().getStatus());
        if (discovery == null) {
            discovery = new DiscoveryState();
            discovery.migrate();
        }
        if (discovery.firstStart == null) {
            discovery.firstStart = System.currentTimeMillis();
        }
        window = new ScanWindow(discovery.watermark, discovery.window);
        for (String executionId : new ArrayList<>(discovery.live)) {
            if (!watch(executionId)) {
                discovery.live.remove(executionId);
                discoveryDirty = true;
            }
        }
    }

    /** Starts watching an execution from its stored position, unless it already ended. */
    private synchronized boolean watch(String executionId) {
        if (live.containsKey(executionId)) {
            return true;
        }
        ExecutionPosition position = positions().loadExecution(executionId);
        if (position != null && position.terminal()) {
            return false;
        }
        live.put(executionId, position == null ? 0L : position.seq());
        return true;
    }

    private synchronized Long position(String executionId) {
        return live.get(executionId);
    }

    @Override
    protected PollResult pollVelt(PollBudget budget) throws Exception {
        PollFailures failures = new PollFailures();
        if (discovering) {
            try {
                discover(budget.forScan());
            } catch (VeltApiException e) {
                LOG.debug("Discovery scan of {} failed: {}", config().getDefinitionId(), e.getMessage());
                failures.scanFailed(e);
            }
        }
        Queue<Object> deliveries = new ArrayDeque<>();
        Set<String> foundMissed = new HashSet<>();
        boolean backlog = discovering && window.midPass();
        int visited = 0;
        for (String executionId : rotatedLiveExecutions()) {
            if (!hasRoom(deliveries.size()) || budget.spent()) {
                backlog = true;
                break;
            }
            visited++;
            if (inFlight().isInFlight(executionId) || !reconcileDue(executionId) || !isolation().shouldPoll(executionId)) {
                continue;
            }
            try {
                reread(executionId);
                int queued = deliveries.size();
                backlog |= fetch(executionId, deliveries, budget);
                if (deliveries.size() > queued) {
                    foundMissed.add(executionId);
                }
                isolation().succeeded(executionId);
                failures.itemSucceeded();
            } catch (VeltApiException e) {
                if (executionFailed(executionId, e, failures)) {
                    break;
                }
            }
        }
        advanceRotation(visited);
        int delivered = processBatch(deliveries);
        // a push-fed execution whose read found events (pushes Velt could not deliver) is read again at the next poll,
        // until a read finds nothing new: what is left behind (a backlog, an exchange in flight) does not wait another
        // reconcileDelay
        foundMissed.forEach(id -> pushFed.computeIfPresent(id, (k, last) -> 0L));
        LOG.debug("Delivered {} events ({} executions live)", delivered, live.size());
        VeltApiException failure = failures.pollFailure();
        if (failure != null) {
            throw pollFailed(failure);
        }
        return new PollResult(delivered, backlog);
    }

    /** Isolates a failed execution; true when the poll should send nothing more. */
    private boolean executionFailed(String executionId, VeltApiException e, PollFailures failures) {
        if (e.isNotFound()) {
            LOG.warn("Velt does not know execution {} ({}); it is no longer polled", executionId, e.getMessage());
            drop(executionId);
        } else if (isolation().failed(executionId) == 1 && !e.isCredentialFailure()) {
            LOG.warn("getEvents of execution {} failed ({}); it backs off alone, the other executions keep polling",
                    executionId, e.getMessage());
        } else {
            LOG.debug("getEvents of execution {} failed again: {}", executionId, e.getMessage());
        }
        return failures.itemFailed(e);
    }

    /**
     * Whether the poll re-reads the execution now: always, unless pushes feed it; a push-fed execution is re-read once
     * every {@code reconcileDelay}, as a safety net for the pushes Velt could not deliver.
     */
    private boolean reconcileDue(String executionId) {
        Long lastRead = pushFed.get(executionId);
        return lastRead == null || System.currentTimeMillis() - lastRead >= reconcileDelay;
    }

    private void reread(String executionId) {
        pushFed.computeIfPresent(executionId, (id, last) -> System.currentTimeMillis());
    }

    private synchronized void drop(String executionId) {
        live.remove(executionId);
        pushFed.remove(executionId);
        isolation().forget(executionId);
        if (discovering && discovery.live.remove(executionId)) {
            discoveryDirty = true;
        }
    }

    private synchronized List<String> rotatedLiveExecutions() {
        List<String> ids = new ArrayList<>(live.keySet());
        if (ids.isEmpty()) {
            return ids;
        }
        int start = Math.floorMod(rotation, ids.size());
        List<String> rotated = new ArrayList<>(ids.subList(start, ids.size()));
        rotated.addAll(ids.subList(0, start));
        return rotated;
    }

    /** The next poll begins with the first execution this one did not reach (or the next one, when it reached all). */
    private synchronized void advanceRotation(int visited) {
        rotation += Math.max(1, visited);
    }

    /**
     * Adds the execution's events after its position, page by page, while the poll has room and budget; true when it
     * stopped with more to read.
     */
    private boolean fetch(String executionId, Queue<Object> deliveries, PollBudget budget) {
        Long position = position(executionId);
        if (position == null) {
            return false;
        }
        long since = position;
        Integer pageSize = pageSize(deliveries.size());
        while (true) {
            if (!budget.take()) {
                return true;
            }
            long asked = since;
            EventsPage page = prefetcher.take(executionId, asked, pageSize);
            if (page == null) {
                page = getEvents(executionId, asked, pageSize);
            }
            Appended appended = appendEvents(executionId, since, page.getEvents(), deliveries);
            since = appended.lastSeq();
            if (appended.terminal() || !page.isHasMore()) {
                return false;
            }
            Long next = page.getNextCursor();
            if (!PageGuard.seqMoved(asked, next)) {
                LOG.debug("getEvents of {} says it has more after seq {} but its cursor did not move; read again next poll",
                        executionId, asked);
                return false;
            }
            if (next > since) {
                // the range up to the cursor holds no event for the route (internal events): the position moves past it
                long skipTo = next;
                deliveries.add(new Delivery(executionId, null, Map.of(), () -> commit(executionId, skipTo, false)));
                since = next;
            }
            if (!hasRoom(deliveries.size())) {
                if (pageSize != null && pageSize.equals(config().getPageSize())) {
                    // the next poll goes on here with the same page size: read its page while this one is delivered
                    long nextSince = since;
                    prefetcher.start(executionId, nextSince, pageSize, () -> getEvents(executionId, nextSince, pageSize));
                }
                return true;
            }
        }
    }

    private EventsPage getEvents(String executionId, long since, Integer pageSize) {
        return getEndpoint().call(() -> getEndpoint().getClient().getEvents(new EventsQuery(executionId, since, pageSize)));
    }

    /**
     * The one place where an execution's events become deliveries: those after {@code after} (its position, or what
     * this poll queued already), in seq order, up to its terminal event, each committing its position when its exchange
     * completes (an event {@code types} filters out commits without an exchange). A second source of events (pushed
     * ones) queues through here as well. The returned future completes once the last of them is committed.
     */
    Appended appendEvents(String executionId, long after, List<WorkflowEvent> events, Queue<Object> deliveries) {
        return appendEvents(executionId, after, events, deliveries, null);
    }

    /** As above; {@code pushed} (may be null) is the event among them that came by push, delivered as such. */
    Appended appendEvents(String executionId, long after, List<WorkflowEvent> events, Queue<Object> deliveries,
            WorkflowEvent pushed) {
        long last = after;
        CompletableFuture<Void> committed = CompletableFuture.completedFuture(null);
        List<WorkflowEvent> ordered = new ArrayList<>(events);
        ordered.sort((a, b) -> Long.compare(a.getSeq(), b.getSeq()));
        for (WorkflowEvent event : ordered) {
            if (event.getSeq() <= last) {
                continue; // never go backwards, whatever the API returns
            }
            Delivery delivery = delivery(executionId, event, event == pushed);
            deliveries.add(delivery);
            committed = delivery.done();
            last = event.getSeq();
            if (event.isTerminal()) {
                return new Appended(last, true, committed);
            }
        }
        return new Appended(last, false, committed);
    }

    /**
     * The page size to ask for: an explicit {@code pageSize} as it is; without one the API's default (100), but no
     * more than this poll has room for, so no event is downloaded only to be dropped and fetched again.
     */
    private Integer pageSize(int queued) {
        Integer configured = config().getPageSize();
        if (configured != null || getMaxMessagesPerPoll() <= 0) {
            return configured;
        }
        int room = Math.max(1, getMaxMessagesPerPoll() - queued);
        return room < DEFAULT_EVENTS_PAGE_SIZE ? Integer.valueOf(room) : null;
    }

    private Delivery delivery(String executionId, WorkflowEvent event, boolean pushed) {
        long seq = event.getSeq();
        boolean terminal = event.isTerminal();
        Runnable commit = () -> commit(executionId, seq, terminal);
        BooleanSupplier pending = () -> isAfterPosition(executionId, seq);
        if (!types.isEmpty() && !types.contains(event.getType())) {
            return new Delivery(executionId, null, Map.of(), commit, pending);
        }
        Map<String, Object> headers = new HashMap<>();
        headers.put(VeltConstants.EXECUTION_ID, executionId);
        headers.put(VeltConstants.EVENT_ID, event.getEventId());
        headers.put(VeltConstants.EVENT_TYPE, event.getType());
        headers.put(VeltConstants.EVENT_SEQ, seq);
        headers.put(VeltConstants.DELIVERED_BY, pushed ? DELIVERED_BY_PUSH : DELIVERED_BY_POLL);
        return new Delivery(executionId, event, headers, commit, pending);
    }

    /** True while {@code seq} is after the execution's committed position (false once it ended or was dropped). */
    private synchronized boolean isAfterPosition(String executionId, long seq) {
        Long position = live.get(executionId);
        return position != null && seq > position;
    }

    /**
     * Moves an execution's position forward (never back) and writes it; a write that throws leaves the position where
     * it was and propagates. Runs on whichever thread completed the exchange.
     */
    private synchronized void commit(String executionId, long seq, boolean terminal) {
        Long current = live.get(executionId);
        if (current == null || seq <= current) {
            return; // ended or dropped meanwhile, or not forward
        }
        positions().saveExecution(executionId, new ExecutionPosition(seq, terminal));
        positionCommitted();
        if (!terminal) {
            live.put(executionId, seq);
            return;
        }
        live.remove(executionId);
        pushFed.remove(executionId);
        if (discovering && discovery.live.remove(executionId)) {
            discoveryDirty = true;
            toForget.add(executionId);
        }
        LOG.debug("Execution {} ended at seq {}; no longer polled", executionId, seq);
    }

    @Override
    protected synchronized void flushState() {
        if (!discovering) {
            return;
        }
        if (window.takeChanged() || discoveryDirty) {
            discovery.watermark = window.newest();
            positions().saveDiscovery(config().getDefinitionId(), config().getStatus(), discovery);
            discoveryDirty = false;
        }
        // only once the saved discovery state no longer lists them as live
        toForget.forEach(positions()::forgetExecution);
        toForget.clear();
    }

    /**
     * One discovery step. A pass begins (at the first start, and at every pass with a {@code status} filter) by asking
     * the list for the running and pending executions: at the first start they are the live ones to watch; with a
     * {@code status} filter they are the ones that may still enter the filtered list, so the pass reads down to the
     * oldest of them. The pass then reads the list newest first down to its horizon: the lookback window, reaching back
     * to {@code sinceTime} on the first pass.
     */
    private void discover(PollBudget budget) {
        boolean first = !Boolean.TRUE.equals(discovery.firstPassDone);
        Long openFloor = null;
        if (!window.midPass() && (first || statusFilter)) {
            Map<String, Long> open = listLive(budget);
            if (open == null) {
                return; // out of budget: the next poll begins again
            }
            if (statusFilter) {
                openFloor = oldest(discovery.open, open);
                discovery.open = open;
                discoveryDirty = true;
            } else {
                open.keySet().forEach(this::discovered);
            }
        }
        Long floor = first ? sinceTime : null;
        if (openFloor != null) {
            floor = floor == null ? openFloor : Math.min(floor, openFloor);
        }
        boolean ended = window.scan(executions(config().getStatus()), EXECUTION, ScanWindow.LOOKBACK_MS, floor, budget, e -> {
        }, e -> found(e, first));
        if (ended && first) {
            discovery.firstPassDone = true;
            discoveryDirty = true;
        }
    }

    private static Long oldest(Map<String, Long> before, Map<String, Long> now) {
        Long oldest = null;
        for (Map<String, Long> map : Arrays.asList(before, now)) {
            if (map != null) {
                for (Long started : map.values()) {
                    oldest = oldest == null || started < oldest ? started : oldest;
                }
            }
        }
        return oldest;
    }

    /** The running and pending executions, with their startedAt (now for those not started); null when out of budget. */
    private Map<String, Long> listLive(PollBudget budget) {
        Map<String, Long> open = new LinkedHashMap<>();
        for (String status : LIVE_STATUSES) {
            ScanWindow.Lister<ExecutionView> lister = executions(status);
            PageGuard guard = new PageGuard();
            String cursor = null;
            do {
                if (!budget.take()) {
                    return null;
                }
                ScanWindow.Listing<ExecutionView> page = lister.list(cursor);
                for (ExecutionView execution : page.items()) {
                    if (execution.getExecutionId() != null) {
                        open.put(execution.getExecutionId(), execution.getStartedAt() != null
                                ? execution.getStartedAt() : System.currentTimeMillis());
                    }
                }
                cursor = page.nextCursor();
            } while (guard.follow(cursor));
        }
        return open;
    }

    private ScanWindow.Lister<ExecutionView> executions(String status) {
        String definitionId = config().getDefinitionId();
        Integer pageSize = config().getPageSize();
        return cursor -> {
            ExecutionsPage page = getEndpoint().call(() -> getEndpoint().getClient()
                    .listExecutions(new ExecutionsQuery(definitionId, status, pageSize, cursor)));
            String next = Boolean.FALSE.equals(page.getHasMore()) ? null : page.getNextCursor();
            return new ScanWindow.Listing<>(page.getItems(), next);
        };
    }

    /** A listed execution not seen before: watched from its first event, unless it ended before the first start. */
    private void found(ExecutionView execution, boolean firstPass) {
        String id = execution.getExecutionId();
        if (firstPass && ExecutionStatus.of(execution.getStatus()).isTerminal() && endedBeforeFirstStart(execution)
                && positions().loadExecution(id) == null) {
            return;
        }
        discovered(id);
    }

    private synchronized void discovered(String executionId) {
        if (!live.containsKey(executionId) && watch(executionId)) {
            if (!discovery.live.contains(executionId)) {
                discovery.live.add(executionId);
            }
            discoveryDirty = true;
            LOG.debug("Discovered execution {}", executionId);
        }
    }

    /**
     * Whether a terminal execution ended before the consumer's first start (then it is not delivered, unless
     * {@code sinceTime} reaches back to its start). Without {@code completedAt} its start decides.
     */
    private boolean endedBeforeFirstStart(ExecutionView execution) {
        Long started = execution.getStartedAt();
        if (sinceTime != null && started != null && started >= sinceTime) {
            return false;
        }
        if (execution.getCompletedAt() != null) {
            return execution.getCompletedAt() < discovery.firstStart;
        }
        return started == null || started < discovery.firstStart;
    }

    /**
     * A pushed event joins the stream through the one delivery path, under its execution's lock (so a poll delivering
     * the same execution at the same moment skips what the push delivered, and the other way round):
     * <ul>
     * <li>an execution not watched yet starts being watched from its first event when it is one of the consumer's (its
     * {@code definitionId}; one of a named {@code executionId} list); a push of any other execution, or of one that
     * ended, is acknowledged and ignored;</li>
     * <li>an event at or below the position is a duplicate: done at once;</li>
     * <li>the event right after the position is delivered from the push itself; one further ahead first has the events
     * in between read with {@code getEvents}, and is delivered from the push even when {@code getEvents} does not show it
     * yet;</li>
     * <li>while an exchange of the execution is still in flight on another thread, the push waits for it (at most
     * {@link VeltWebhookReceiver#ACK_TIMEOUT}).</li>
     * </ul>
     * The future completes once the event and every event before it were delivered and committed.
     */
    private CompletableFuture<Void> acceptPush(String executionId, WorkflowEvent event) {
        pushesReceived.increment();
        if (!watchPushed(executionId, event)) {
            return CompletableFuture.completedFuture(null);
        }
        pushFed.putIfAbsent(executionId, System.currentTimeMillis());
        long deadline = System.nanoTime() + VeltWebhookReceiver.ACK_TIMEOUT.toNanos();
        ReentrantLock lock = locks().of(executionId);
        // the pushed event and those before it that Velt shows: read once, delivered one by one
        List<WorkflowEvent> events = null;
        while (true) {
            CompletableFuture<Void> wait;
            lock.lock();
            try {
                Long position = position(executionId);
                if (position == null || event.getSeq() <= position) {
                    pushesDuplicate.increment();
                    return CompletableFuture.completedFuture(null);
                }
                if (inFlight().isInFlight(executionId)) {
                    wait = inFlight().whenSettled(executionId);
                } else {
                    if (events == null) {
                        events = eventsUpTo(executionId, position, event);
                        if (events == null) {
                            // Velt does not show what lies between yet: delivering the push now could skip an event
                            return CompletableFuture.failedFuture(new IllegalStateException(
                                    "events before seq " + event.getSeq() + " of " + executionId + " not readable yet"));
                        }
                    }
                    Queue<Object> deliveries = new ArrayDeque<>();
                    appendEvents(executionId, position, events, deliveries, event);
                    Delivery next = (Delivery) deliveries.poll();
                    if (next == null) {
                        return CompletableFuture.completedFuture(null);
                    }
                    deliverPushed(new ArrayDeque<>(List.of(next)));
                    if (deliveries.isEmpty() || next.done().isCompletedExceptionally()) {
                        // the pushed event itself (done now or in flight), or an earlier one that failed
                        return next.done();
                    }
                    wait = next.done(); // an earlier event: go on once it is committed
                }
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            } finally {
                lock.unlock();
            }
            try {
                wait.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(e);
            } catch (ExecutionException | TimeoutException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
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
            pushFed.computeIfPresent(executionId, (id, last) -> System.currentTimeMillis());
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
        Integer pageSize = config().getPageSize();
        while (true) {
            EventsPage page = getEvents(executionId, since, pageSize);
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

    /**
     * Whether a push of this execution is one of the consumer's; starts watching it when it is new. For a discovering
     * consumer an execution not watched is new only when the scan window does not know it and Velt says it started
     * within the window (a late retry of an execution that ended and was forgotten is not taken for new), and not if it
     * ended before the consumer's first start; a named execution that ended keeps its terminal position.
     */
    private boolean watchPushed(String executionId, WorkflowEvent event) {
        if (position(executionId) != null) {
            return true;
        }
        boolean ours = discovering
                ? !statusFilter && config().getDefinitionId().equals(event.getAdditionalProperties().get("definitionId"))
                : split(config().getExecutionId()).contains(executionId);
        if (!ours) {
            LOG.debug("Push of execution {} ignored: not one this consumer follows", executionId);
            return false;
        }
        if (!discovering) {
            return watch(executionId);
        }
        ExecutionView execution = getEndpoint().call(() -> getEndpoint().getClient().getExecution(executionId));
        boolean terminal = ExecutionStatus.of(execution.getStatus()).isTerminal();
        if (terminal && endedBeforeFirstStart(execution) && positions().loadExecution(executionId) == null
                || !window.remember(executionId, execution.getStartedAt())) {
            LOG.debug("Push of execution {} ignored: it is not new (ended, or seen before)", executionId);
            return false;
        }
        discovered(executionId);
        return position(executionId) != null;
    }

    @ManagedAttribute(description = "Webhook pushes received (verified ones)")
    public long getPushesReceived() {
        return pushesReceived.sum();
    }

    @ManagedAttribute(description = "Pushes of events that were delivered already (duplicates, or delivered by a poll)")
    public long getPushesDuplicate() {
        return pushesDuplicate.sum();
    }
}
