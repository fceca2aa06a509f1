package dev.velt.camel.component.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import dev.velt.camel.component.VeltConfiguration;
import dev.velt.camel.component.VeltEndpoint;
import dev.velt.camel.component.consumer.PollBudget;
import dev.velt.camel.component.consumer.ScanWindow;
import dev.velt.camel.component.state.VeltPositionStore;
import dev.velt.camel.component.state.VeltPositionStore.DiscoveryState;
import dev.velt.camel.model.ExecutionStatus;
import dev.velt.camel.model.ExecutionView;
import dev.velt.camel.model.ExecutionsPage;
import dev.velt.camel.model.ExecutionsQuery;
import dev.velt.camel.model.WorkflowEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery of a definition's executions through {@code workflow/executions/list} for {@code velt:events}.
 * <p>
 * Every pass reads the list newest first down to the stored watermark minus the lookback ({@link ScanWindow}), so a
 * pause of any length is read through. A pass begins, at the first start and (with a {@code status} filter) every time,
 * with the running and pending executions ({@link LiveListing}): at the first start they are the live ones to watch,
 * without paging through the history; with a {@code status} filter they may still enter the filtered list, so the pass
 * reads down to the oldest of them. Both reads resume across polls when the budget runs out.
 * <p>
 * An execution becomes known (the window, the watched set) only after its stored position was read; when that read
 * fails it stays unknown and the pass stops there, to read the same page again. The discovery state is written by
 * {@link #flush} from a copy taken under this object's monitor, never holding it across I/O.
 */
public final class ExecutionDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionDiscovery.class);
    /** Every how many passes the running and pending executions are listed again. */
    static final int LIVE_LISTING_EVERY_PASSES = 12;
    private static final ScanWindow.ItemShape<ExecutionView> EXECUTION = new ScanWindow.ItemShape<>(
            ExecutionView::getExecutionId, ExecutionView::getStartedAt);

    private final VeltEndpoint endpoint;
    private final VeltPositionStore store;
    private final ExecutionPositions positions;
    private final LongSupplier clock;
    private final String definitionId;
    private final String status;
    private final boolean statusFilter;
    private final Long sinceTime;
    private final LiveListing liveListing;
    /** With shards: hands the executions of other shards to their owners; null when not sharded. */
    private final ShardHandOver handOver;
    // guarded by this
    private DiscoveryState state;
    private boolean dirty;
    /** Set once the state was read: the first start it stores. */
    private volatile FirstStart firstStart;
    /** Ended executions whose position keys go with the next write of the discovery state. */
    private final Set<String> toForget = new LinkedHashSet<>();
    private ScanWindow window;
    /** Whether the first pass began in an earlier run of the consumer (its state was stored before it ended). */
    private boolean resumedFirstPass;
    /** Passes since the running and pending executions were last listed. */
    private int passesSinceLiveListing;

    /**
     * @param handOver with shards, where the executions of other shards go instead of being watched here; null when not
     *     sharded
     */
    public ExecutionDiscovery(VeltEndpoint endpoint, VeltPositionStore store, ExecutionPositions positions, LongSupplier clock,
            Long sinceTime, ShardHandOver handOver) {
        this.endpoint = endpoint;
        this.handOver = handOver;
        this.store = store;
        this.positions = positions;
        this.clock = clock;
        VeltConfiguration config = endpoint.getConfiguration();
        this.definitionId = config.getDefinitionId();
        this.status = config.getStatus();
        this.statusFilter = status != null && !status.isEmpty();
        this.sinceTime = sinceTime;
        this.liveListing = new LiveListing(this::executions, this::undatedStart);
    }

    /** Reads the stored state and watches the executions it lists as live. Runs on start, before the first poll. */
    public void load() {
        DiscoveryState loaded = store.loadDiscovery(definitionId, status);
        boolean fresh = loaded == null;
        if (fresh) {
            loaded = new DiscoveryState();
            loaded.migrate();
        }
        resumedFirstPass = !fresh && !Boolean.TRUE.equals(loaded.firstPassDone);
        if (loaded.firstStart == null) {
            loaded.firstStart = clock.getAsLong();
        }
        List<String> stale = new ArrayList<>();
        List<String> endedBefore = new ArrayList<>();
        for (String executionId : loaded.live) {
            // with shards, one listed as live by an earlier run without shards goes to its owner
            if (handOver != null && !handOver.isLocal(executionId)) {
                handOver.handOver(executionId);
                stale.add(executionId);
            } else if (!positions.watch(executionId)) {
                stale.add(executionId);
                endedBefore.add(executionId);
            }
        }
        firstStart = new FirstStart(loaded.firstStart, sinceTime);
        synchronized (this) {
            state = loaded;
            state.live.removeAll(stale);
            // ended executions still stored (their end came during an outage, then a stop, or just before a kill):
            // their keys go with the next write of this state, as do those a kill kept it from removing
            toForget.addAll(endedBefore);
            if (state.forget != null) {
                toForget.addAll(state.forget);
            }
            // a fresh state is written at once: a consumer that dies before its first pass ended knows its first start
            dirty = fresh || !toForget.isEmpty();
            window = new ScanWindow(state.watermark, state.window, clock);
        }
    }

    /** True while a pass is under way (the last poll stopped in the middle of it). */
    public boolean midPass() {
        return window.midPass() || liveListing.inProgress();
    }

    private synchronized boolean firstPassDone() {
        return Boolean.TRUE.equals(state.firstPassDone);
    }

    /**
     * Whether a pass begins with the running and pending executions: at the first start, with a {@code status} filter,
     * and every {@link #LIVE_LISTING_EVERY_PASSES} passes, so that a running execution that becomes visible in the list
     * only after it fell below the lookback is still found.
     */
    private boolean liveListingRequired() {
        return !firstPassDone() || statusFilter || passesSinceLiveListing >= LIVE_LISTING_EVERY_PASSES;
    }

    /** One discovery step within the budget; the next call goes on where it stopped. */
    public void discover(PollBudget budget) {
        boolean first = !firstPassDone();
        Long floor = first ? sinceTime : null;
        // a resumed first pass that stored no watermark takes none from the list either: it reads to the floor below
        boolean anchor = first && !(resumedFirstPass && window.watermark() == null);
        if (first) {
            // the first pass reads down to the lookback below the first start (the one place the local clock decides how
            // far), however late its scan begins or resumes: what started after the first start is delivered even when
            // it ended before the scan read it
            long started = firstStart.millis() - ScanWindow.LOOKBACK_MS;
            floor = floor == null ? Long.valueOf(started) : Long.valueOf(Math.min(floor, started));
        }
        if (!window.midPass() && liveListingRequired()) {
            boolean listed = liveListing.readOn(budget, execution -> {
                // a later listing takes only what the window does not know: an execution it knows is watched already,
                // or ended (a list that still calls it running must not start it again)
                if (!statusFilter && (first || !window.knows(execution.getExecutionId()))
                        && !ExecutionStatus.of(execution.getStatus()).isTerminal()) {
                    discovered(execution.getExecutionId(), execution.getStartedAt(), false);
                }
            });
            if (!listed) {
                return; // out of budget: the next poll reads on
            }
            if (statusFilter) {
                Long oldest = LiveListing.oldest(liveListing.open(), openBefore());
                if (oldest != null) {
                    floor = floor == null ? oldest : Long.valueOf(Math.min(floor, oldest));
                }
            }
        }
        boolean ended = window.scan(executions(status), EXECUTION, ScanWindow.LOOKBACK_MS, floor, anchor, budget,
                execution -> {
                }, execution -> found(execution, first));
        if (ended) {
            synchronized (this) {
                // the state is written when a pass changed it (the window's changes are its own to report): an idle
                // pass writes nothing
                if (statusFilter && !liveListing.open().equals(state.open)) {
                    state.open = new LinkedHashMap<>(liveListing.open());
                    dirty = true;
                }
                if (first) {
                    state.firstPassDone = true;
                    dirty = true;
                }
            }
            passesSinceLiveListing = liveListing.done() ? 0 : passesSinceLiveListing + 1;
            liveListing.reset();
        }
    }

    private synchronized Map<String, Long> openBefore() {
        return state.open;
    }

    private ScanWindow.Lister<ExecutionView> executions(String statusFilter) {
        Integer pageSize = endpoint.getConfiguration().getPageSize();
        return cursor -> {
            ExecutionsPage page = endpoint.call(() -> endpoint.getClient()
                    .listExecutions(new ExecutionsQuery(definitionId, statusFilter, pageSize, cursor)));
            String next = Boolean.FALSE.equals(page.getHasMore()) ? null : page.getNextCursor();
            return new ScanWindow.Listing<>(page.getItems(), next);
        };
    }

    /**
     * A listed execution the window does not know: watched from its first event, unless it ended before the first start.
     */
    private void found(ExecutionView execution, boolean firstPass) {
        String id = execution.getExecutionId();
        if (firstPass && ExecutionStatus.of(execution.getStatus()).isTerminal() && firstStart.endedBefore(execution)
                && store.loadExecution(id) == null) {
            return; // known from now on, never delivered
        }
        if (!discovered(id, execution.getStartedAt(), false) && positions.endedBefore(id)) {
            // its terminal position was stored but no stored state lists it (an outage, then a stop): the window knows
            // it from now on, and its key goes once this state is written
            synchronized (this) {
                toForget.add(id);
            }
        }
    }

    /**
     * Watches an execution from its stored position (read first) and lists it as live; with shards, one of another shard
     * is handed to its owner instead (stored first).
     *
     * @return true when it is watched or handed over; false when its stored position says it ended (or, with shards,
     * a later consumer of shard 0 writes the hand-over lists)
     */
    private boolean discovered(String executionId, Long startedAt, boolean pushed) {
        if (handOver != null && !handOver.isLocal(executionId)) {
            return handOver.handOver(executionId);
        }
        if (!positions.watch(executionId)) {
            return false;
        }
        if (pushed) {
            window.admitted(executionId, startedAt);
        }
        synchronized (this) {
            if (!state.live.contains(executionId)) {
                state.live.add(executionId);
                dirty = true;
                LOG.debug("Discovered execution {}", executionId);
            }
        }
        return true;
    }

    /**
     * A push of an execution not watched: watched from its first event when it is of the consumer's definition and new
     * (not known to the window, not started below it: a late retry of an execution that ended and was forgotten is not
     * taken for new) and did not end before the first start. Reads the execution from Velt (on the push's thread).
     *
     * @return true when the execution is watched now
     */
    public boolean pushed(String executionId, WorkflowEvent event) {
        if (statusFilter || !definitionId.equals(event.getAdditionalProperties().get("definitionId"))) {
            LOG.debug("Push of execution {} ignored: not one this consumer follows", executionId);
            return false;
        }
        ExecutionView execution = endpoint.call(() -> endpoint.getClient().getExecution(executionId));
        boolean terminal = ExecutionStatus.of(execution.getStatus()).isTerminal();
        if (terminal && firstStart.endedBefore(execution) && store.loadExecution(executionId) == null
                || !window.mayBeNew(executionId, execution.getStartedAt())) {
            LOG.debug("Push of execution {} ignored: it is not new (ended, or seen before)", executionId);
            return false;
        }
        discovered(executionId, execution.getStartedAt(), true);
        return positions.isLive(executionId);
    }

    /** Executions that ended: no longer listed as live; their position keys go with the next write of this state. */
    public void ended(List<String> executionIds) {
        if (executionIds.isEmpty()) {
            return;
        }
        synchronized (this) {
            if (state.live.removeAll(executionIds)) {
                dirty = true;
            }
            toForget.addAll(executionIds);
        }
    }

    /**
     * Writes the discovery state when it changed, from a copy (a write that fails leaves it to write next time), then
     * removes the position keys of the ended executions it no longer lists; not when a later consumer's state refused
     * the write.
     */
    public void flush() {
        DiscoveryState copy;
        List<String> forget;
        synchronized (this) {
            if (state == null || !window.takeChanged() && !dirty && toForget.isEmpty()) {
                return;
            }
            copy = copy();
            dirty = false;
            forget = forgettable();
            // stored with the state, so that a consumer that starts after a kill between the two writes removes them
            copy.forget = forget.isEmpty() ? null : forget;
        }
        try {
            if (!store.saveDiscovery(definitionId, status, copy)) {
                // a deposed consumer removes nothing: the later one decides from what it stored
                LOG.warn("The discovery state of {} was written by a later consumer (another replica took over); "
                         + "this one's write is refused, and the keys of ended executions are left to it",
                        definitionId);
                return;
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                dirty = true;
            }
            throw e;
        }
        forget.forEach(store::forgetExecution);
        synchronized (this) {
            forget.forEach(toForget::remove);
        }
    }

    /**
     * The ended executions whose position keys may go once this state is stored: those the window knows (a scan that
     * reads them again skips them), and all of them once the first pass ended (every later admission goes through the
     * window, and what left the window lies below every later pass).
     */
    private List<String> forgettable() {
        if (Boolean.TRUE.equals(state.firstPassDone)) {
            return new ArrayList<>(toForget);
        }
        List<String> known = new ArrayList<>();
        for (String id : toForget) {
            if (window.knows(id)) {
                known.add(id);
            }
        }
        return known;
    }

    private DiscoveryState copy() {
        DiscoveryState copy = new DiscoveryState();
        copy.watermark = window.watermark();
        copy.window = window.snapshot();
        copy.live = new ArrayList<>(state.live);
        copy.open = state.open == null ? null : new LinkedHashMap<>(state.open);
        copy.firstStart = state.firstStart;
        copy.firstPassDone = state.firstPassDone;
        return copy;
    }

    private long undatedStart() {
        Long watermark = window.watermark();
        return watermark != null ? watermark : clock.getAsLong();
    }
}
