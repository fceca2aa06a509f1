package dev.velt.camel.component.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.component.consumer.PageGuard;
import dev.velt.camel.component.consumer.PollBudget;
import dev.velt.camel.component.consumer.VeltPollingConsumer.Delivery;
import dev.velt.camel.model.EventsPage;
import dev.velt.camel.model.EventsQuery;
import dev.velt.camel.model.WorkflowEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An execution's event stream as deliveries: the events after its position, read with {@code getEvents} page by page
 * (the next page read ahead while one is delivered, with an explicit {@code pageSize}), in seq order up to the terminal
 * event, each committing its position when its exchange completed. Polls and pushes both queue through here.
 */
public final class ExecutionStream {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionStream.class);
    /** What getEvents returns per page when no pageSize is sent. */
    private static final int DEFAULT_EVENTS_PAGE_SIZE = 100;

    /** What {@link #appendEvents} queued: the last seq, whether it was terminal, and when it is all committed. */
    public record Appended(long lastSeq, boolean terminal, CompletableFuture<Void> committed) {
    }

    private final VeltEventsConsumer consumer;
    private final ExecutionPositions live;
    private final PagePrefetcher prefetcher;
    private final Set<String> types;

    public ExecutionStream(VeltEventsConsumer consumer, ExecutionPositions live, PagePrefetcher prefetcher, Set<String> types) {
        this.consumer = consumer;
        this.live = live;
        this.prefetcher = prefetcher;
        this.types = types;
    }

    /**
     * Adds the execution's events after its position, page by page, while the poll has room and budget; true when it
     * stopped with more to read.
     */
    public boolean fetch(String executionId, Queue<Object> deliveries, PollBudget budget) {
        Long position = live.position(executionId);
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
            Appended appended = appendEvents(executionId, since, page.getEvents(), deliveries, null);
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
                deliveries.add(new Delivery(executionId, null, Map.of(), () -> live.commit(executionId, skipTo, false),
                        () -> isAfterPosition(executionId, skipTo)));
                since = next;
            }
            if (!consumer.hasRoom(deliveries.size())) {
                if (pageSize != null && pageSize.equals(consumer.getEndpoint().getConfiguration().getPageSize())) {
                    // the next poll goes on here with the same page size: read its page while this one is delivered
                    long nextSince = since;
                    prefetcher.start(executionId, nextSince, pageSize, () -> getEvents(executionId, nextSince, pageSize));
                }
                return true;
            }
        }
    }

    public EventsPage getEvents(String executionId, long since, Integer pageSize) {
        return consumer.getEndpoint()
                .call(() -> consumer.getEndpoint().getClient().getEvents(new EventsQuery(executionId, since, pageSize)));
    }

    /**
     * The one place where an execution's events become deliveries: those after {@code after} (its position, or what
     * this poll queued already), in seq order, up to its terminal event, each committing its position when its exchange
     * completes (an event {@code types} filters out commits without an exchange). {@code pushed} (may be null) is the
     * event among them that came by push, delivered as such.
     */
    public Appended appendEvents(String executionId, long after, List<WorkflowEvent> events, Queue<Object> deliveries,
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
        Integer configured = consumer.getEndpoint().getConfiguration().getPageSize();
        if (configured != null || consumer.getMaxMessagesPerPoll() <= 0) {
            return configured;
        }
        int room = Math.max(1, consumer.getMaxMessagesPerPoll() - queued);
        return room < DEFAULT_EVENTS_PAGE_SIZE ? Integer.valueOf(room) : null;
    }

    private Delivery delivery(String executionId, WorkflowEvent event, boolean pushed) {
        long seq = event.getSeq();
        boolean terminal = event.isTerminal();
        Runnable commit = () -> live.commit(executionId, seq, terminal);
        BooleanSupplier pending = () -> isAfterPosition(executionId, seq);
        if (!types.isEmpty() && !types.contains(event.getType())) {
            return new Delivery(executionId, null, Map.of(), commit, pending);
        }
        Map<String, Object> headers = consumer.newHeaders();
        headers.put(VeltConstants.EXECUTION_ID, executionId);
        headers.put(VeltConstants.EVENT_ID, event.getEventId());
        headers.put(VeltConstants.EVENT_TYPE, event.getType());
        headers.put(VeltConstants.EVENT_SEQ, seq);
        headers.put(VeltConstants.DELIVERED_BY,
                pushed ? VeltEventsConsumer.DELIVERED_BY_PUSH : VeltEventsConsumer.DELIVERED_BY_POLL);
        Object agentRun = event.getData() == null ? null : event.getData().get("agentExecutionId");
        if (agentRun != null) {
            headers.put(VeltConstants.AGENT_EXECUTION_ID, agentRun.toString());
        }
        return new Delivery(executionId, event, headers, commit, pending);
    }

    /** True while {@code seq} is after the execution's committed position (false once it ended or was dropped). */
    private boolean isAfterPosition(String executionId, long seq) {
        Long position = live.position(executionId);
        return position != null && seq > position;
    }

}
