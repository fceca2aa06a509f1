package dev.velt.camel.component;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.apache.camel.Processor;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.component.VeltPositionStore.DiscoveryState;
import dev.velt.camel.component.VeltPositionStore.ExecutionPosition;
import dev.velt.camel.model.EventsPage;
import dev.velt.camel.model.EventsQuery;
import dev.velt.camel.model.ExecutionView;
import dev.velt.camel.model.ExecutionsPage;
import dev.velt.camel.model.ExecutionsQuery;
import dev.velt.camel.model.WorkflowEvent;

/**
 * {@code velt:events}: one exchange per new workflow event, in seq order within each execution, at least once.
 * <p>
 * Each live execution has a position, the last seq whose exchange completed; a poll asks
 * {@code getEvents(sinceSeq = position)} and pages on while the API has more. Executions are named by
 * {@code executionId} or discovered by {@code definitionId} through {@code workflow/executions/list} (newest first; the
 * scan stops at the first execution older than the newest one seen before). After its terminal event completes an
 * execution is never polled again. Live executions take turns at the front of the poll, so a long backlog in one does
 * not starve the others.
 */
public class VeltEventsConsumer extends VeltPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(VeltEventsConsumer.class);
    /** What getEvents returns per page when no pageSize is sent. */
    private static final int DEFAULT_EVENTS_PAGE_SIZE = 100;

    /** Live executions and their committed positions; finished ones are removed. */
    private final Map<String, Long> live = new LinkedHashMap<>();
    private final Set<String> types;
    private final boolean discovering;
    private DiscoveryState discovery;
    private boolean firstScan;
    private long firstStartTime;
    private Long sinceTime;
    private int rotation;
    private int committed;
    private final PushedEventSink pushSink = this::acceptPush;

    public VeltEventsConsumer(VeltEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        VeltConfiguration config = endpoint.getConfiguration();
        this.types = ObjectHelper.isEmpty(config.getTypes()) ? Set.of() : split(config.getTypes());
        this.discovering = ObjectHelper.isNotEmpty(config.getDefinitionId());
    }

    private static Set<String> split(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    protected void loadState() {
        live.clear();
        sinceTime = sinceTimeMillis();
        if (discovering) {
            discovery = positions().loadDiscovery(config().getDefinitionId(), config().getStatus());
            firstScan = discovery == null;
            if (firstScan) {
                discovery = new DiscoveryState();
                firstStartTime = System.currentTimeMillis();
            }
            discovery.live.forEach(this::watch);
        } else {
            for (String executionId : split(config().getExecutionId())) {
                watch(executionId);
            }
        }
    }

    /** Starts watching an execution from its stored position, unless it already ended. */
    private boolean watch(String executionId) {
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

    @Override
    protected int pollVelt() throws Exception {
        VeltApiException failure = null;
        if (discovering) {
            try {
                discover();
            } catch (VeltApiException e) {
                failure = e;
            }
        }
        Queue<Object> deliveries = new ArrayDeque<>();
        List<String> order = rotatedLiveExecutions();
        int polled = 0;
        for (String executionId : order) {
            if (!hasRoom(deliveries.size())) {
                break;
            }
            try {
                fetch(executionId, deliveries);
                polled++;
            } catch (VeltApiException e) {
                LOG.debug("getEvents of {} failed: {}", executionId, e.getMessage());
                failure = failure == null ? e : failure;
                if (isCredentialFailure(e)) {
                    break; // the other executions would be refused too: one request is enough to know
                }
            }
        }
        committed = 0;
        int delivered = processBatch(deliveries);
        LOG.debug("Polled {} executions ({} live), delivered {} events, committed {} positions", polled, live.size(),
                delivered, committed);
        if (failure != null) {
            // the poll counts as failed (WARN log, backoff, health check); positions already committed stay
            throw pollFailed(failure);
        }
        return delivered;
    }

    private List<String> rotatedLiveExecutions() {
        List<String> ids = new ArrayList<>(live.keySet());
        if (ids.isEmpty()) {
            return ids;
        }
        int start = Math.floorMod(rotation++, ids.size());
        List<String> rotated = new ArrayList<>(ids.subList(start, ids.size()));
        rotated.addAll(ids.subList(0, start));
        return rotated;
    }

    /** Adds the execution's events after its position, page by page, while the poll has room. */
    private void fetch(String executionId, Queue<Object> deliveries) {
        long since = live.get(executionId);
        while (true) {
            EventsQuery query = new EventsQuery(executionId, since, pageSize(deliveries.size()));
            EventsPage page = getEndpoint().call(() -> getEndpoint().getClient().getEvents(query));
            for (WorkflowEvent event : page.getEvents()) {
                if (event.getSeq() <= since) {
                    continue; // never go backwards, whatever the API returns
                }
                deliveries.add(delivery(executionId, event));
                since = event.getSeq();
                if (event.isTerminal() || !hasRoom(deliveries.size())) {
                    return;
                }
            }
            Long next = page.getNextCursor();
            if (!page.isHasMore() || page.getEvents().isEmpty() || next == null || next <= query.sinceSeq()) {
                return;
            }
            since = Math.max(since, next);
        }
    }

    /**
     * The page size to ask for: the configured one (or the API's default, 100), but no more than this poll has room
     * for, so no event is downloaded only to be dropped and fetched again by the next poll.
     */
    private Integer pageSize(int queued) {
        Integer configured = config().getPageSize();
        if (getMaxMessagesPerPoll() <= 0) {
            return configured;
        }
        int room = getMaxMessagesPerPoll() - queued;
        int wanted = configured != null ? configured : DEFAULT_EVENTS_PAGE_SIZE;
        return room < wanted ? Integer.valueOf(room) : configured;
    }

    private Delivery delivery(String executionId, WorkflowEvent event) {
        ExecutionPosition position = new ExecutionPosition(event.getSeq(), event.isTerminal());
        Runnable commit = () -> commit(executionId, position);
        if (!types.isEmpty() && !types.contains(event.getType())) {
            return new Delivery(executionId, null, Map.of(), commit);
        }
        Map<String, Object> headers = new HashMap<>();
        headers.put(VeltConstants.EXECUTION_ID, executionId);
        headers.put(VeltConstants.EVENT_ID, event.getEventId());
        headers.put(VeltConstants.EVENT_TYPE, event.getType());
        headers.put(VeltConstants.EVENT_SEQ, event.getSeq());
        return new Delivery(executionId, event, headers, commit);
    }

    private synchronized void commit(String executionId, ExecutionPosition position) {
        positions().saveExecution(executionId, position);
        committed++;
        positionCommitted();
        if (position.terminal()) {
            live.remove(executionId);
            if (discovering && discovery.live.remove(executionId)) {
                positions().saveDiscovery(config().getDefinitionId(), config().getStatus(), discovery);
            }
            LOG.debug("Execution {} ended at seq {}; no longer polled", executionId, position.seq());
        } else if (live.containsKey(executionId)) {
            live.put(executionId, position.seq());
        }
        if (LOG.isTraceEnabled()) {
            LOG.trace("Committed {} at seq {}", executionId, position.seq());
        }
    }

    /**
     * Finds executions of the definition not seen before. The list is newest first: the scan stops at the first
     * execution that started before the newest one a previous scan saw. The very first scan reads the whole list once,
     * to find every execution still running.
     */
    private void discover() {
        ScanWatermark watermark = new ScanWatermark(discovery.watermark, discovery.seen);
        boolean changed = false;
        ExecutionsQuery query = new ExecutionsQuery(config().getDefinitionId(), config().getStatus(), null, null);
        scan:
        while (query != null) {
            ExecutionsQuery current = query;
            ExecutionsPage page = getEndpoint().call(() -> getEndpoint().getClient().listExecutions(current));
            for (ExecutionView execution : page.getItems()) {
                String id = execution.getExecutionId();
                if (id == null) {
                    continue;
                }
                long started = execution.getStartedAt() == null ? 0 : execution.getStartedAt();
                if (!firstScan && watermark.isOlderThanSeen(started)) {
                    break scan;
                }
                watermark.observe(id, started);
                if (watermark.wasSeenAtWatermark(id) || live.containsKey(id)) {
                    continue;
                }
                if (firstScan && execution.getStatusValue().isTerminal() && started < firstStartTime
                        && (sinceTime == null || started < sinceTime) && positions().loadExecution(id) == null) {
                    // finished before the first start, and sinceTime does not reach back to it; one that started after
                    // the first start (while Velt was unreachable, say) is delivered whole
                    continue;
                }
                if (watch(id)) {
                    discovery.live.add(id);
                    changed = true;
                    LOG.debug("Discovered execution {} ({})", id, execution.getStatus());
                }
            }
            query = page.getNextCursor() == null ? null : query.withCursor(page.getNextCursor());
        }
        if (changed || firstScan || watermark.moved()) {
            discovery.watermark = watermark.newest();
            discovery.seen = watermark.idsAtNewest();
            positions().saveDiscovery(config().getDefinitionId(), config().getStatus(), discovery);
        }
        firstScan = false;
    }

    @Override
    protected void doStart() throws Exception {
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
        super.doStop();
    }

    /**
     * Pushed events are not merged into the polled stream yet: each push is answered with a 5xx (Velt retries it) and
     * the polls deliver the event.
     */
    private CompletableFuture<Void> acceptPush(String executionId, WorkflowEvent event) {
        return CompletableFuture.failedFuture(new IllegalStateException("pushed events are delivered by polling"));
    }
}
