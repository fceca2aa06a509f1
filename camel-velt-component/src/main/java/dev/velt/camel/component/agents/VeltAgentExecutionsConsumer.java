package dev.velt.camel.component.agents;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.component.VeltConfiguration;
import dev.velt.camel.component.VeltEndpoint;
import dev.velt.camel.component.consumer.PollBudget;
import dev.velt.camel.component.consumer.PollFailures;
import dev.velt.camel.component.consumer.ScanWindow;
import dev.velt.camel.component.consumer.VeltPollingConsumer;
import dev.velt.camel.component.state.VeltPositionStore;
import dev.velt.camel.component.state.VeltPositionStore.AgentRunsState;
import dev.velt.camel.component.state.VeltPositionStore.RunProgress;
import dev.velt.camel.model.AgentExecution;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code velt:agentExecutions}: one exchange per agent run once it has finished (or, with {@code splitFindings}, one
 * per finding), at least once and in normal operation exactly once.
 * <p>
 * A poll reads the list newest first down to the stored watermark minus the lookback ({@link ScanWindow}), so runs
 * that started and finished during a pause of any length are read; runs seen while still running
 * are remembered as pending and emitted when they finish, however many newer runs finish first (pending runs not on
 * the pages read are checked with {@code agents/execution/get}, each backing off alone when its check fails). A run
 * leaves the pending set only when its exchange (or its last finding's) completed. The first start reads back no
 * further than the longest an agent may run (24 hours) or {@code sinceTime}, whichever is older: that finds every run
 * still in progress; runs that had finished before the first start are skipped unless they started at or after
 * {@code sinceTime}. With a {@code status} filter every pass reads back 24 hours, because a run enters such a list
 * only when it finishes.
 * <p>
 * With {@code shards}, this is the consumer of shard 0: it lists the runs for every shard and hands each finished run
 * of another shard to that shard's consumer ({@link RunHandOver}, {@link VeltAgentShardConsumer}).
 */
public class VeltAgentExecutionsConsumer extends VeltPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(VeltAgentExecutionsConsumer.class);
    /** The longest an agent run may take (an agent step's runtime is capped at 24 hours). */
    static final long MAX_AGENT_RUNTIME_MS = 24 * 60 * 60 * 1000L;
    private static final ScanWindow.ItemShape<AgentExecution> RUN = new ScanWindow.ItemShape<>(AgentExecution::getId,
            AgentExecution::getStartedAt);

    private final String scope;
    private final boolean split;
    private final boolean withResults;
    private final boolean statusFilter;
    private final int shards;
    /** The runs owed, with the findings delivered; route threads commit here, the poll thread adds. */
    private final Map<String, Integer> pending = new ConcurrentHashMap<>();
    /** Runs whose last exchange completed since the last flush: they leave the stored runs state then. */
    private final Queue<String> done = new ConcurrentLinkedQueue<>();
    private AgentRunDeliveries runDeliveries;
    /** With shards: the hand-over to the other shards' consumers. */
    private RunHandOver handOver;
    // guarded by this, never across I/O
    private AgentRunsState state;
    private boolean dirty;
    private ScanWindow window;
    private Long sinceTime;
    private final AgentRunsLister lister;
    private final RunChecks checks = new RunChecks(this, this::noLongerOwed);

    public VeltAgentExecutionsConsumer(VeltEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        VeltConfiguration config = endpoint.getConfiguration();
        this.scope = VeltPositionStore.agentRunsScope(config.getAgentId(), config.getOrganizationId(),
                config.getDocumentId(), config.getStatus());
        this.split = config.isSplitFindings();
        this.withResults = split || config.isIncludeResults();
        this.statusFilter = config.getStatus() != null && !config.getStatus().isEmpty();
        this.shards = config.getShards();
        this.lister = new AgentRunsLister(endpoint);
    }

    @Override
    protected void loadState() {
        sinceTime = sinceTimeMillis();
        AgentRunsState loaded = positions().loadAgentRuns(scope);
        boolean fresh = loaded == null;
        if (fresh) {
            loaded = new AgentRunsState();
            loaded.migrate();
        }
        if (loaded.firstStart == null) {
            loaded.firstStart = clock().getAsLong();
        }
        if (shards > 0) {
            handOver = new RunHandOver(positions(), scope, shards);
            handOver.load();
        }
        runDeliveries = new AgentRunDeliveries(scope, split, pending, done, positions(), this::positionCommitted);
        runDeliveries.restore(loaded.pending, loaded.forget);
        synchronized (this) {
            state = loaded;
            window = new ScanWindow(state.watermark, state.window, clock());
            // a fresh state is written at once: a consumer that dies before its first pass ended knows its first start
            dirty = fresh || !done.isEmpty();
        }
    }

    @Override
    public Map<String, ?> tracked() {
        return new java.util.TreeMap<>(pending);
    }

    @Override
    protected PollResult pollVelt(PollBudget budget) throws Exception {
        PollFailures failures = new PollFailures();
        if (handOver != null) {
            // runs their owners delivered: their keys are forgotten with the next runs state, then they leave the lists
            done.addAll(handOver.collectDelivered());
        }
        Map<String, AgentExecution> listed = new HashMap<>();
        boolean scanned;
        try {
            scanned = scan(budget.forScan(), listed);
        } catch (VeltApiException e) {
            throw pollFailed(e);
        }
        boolean backlog = !scanned;
        List<AgentExecution> finished = new ArrayList<>();
        for (String id : new ArrayList<>(pending.keySet())) {
            if (inFlight().isInFlight(id)) {
                continue;
            }
            AgentExecution run = listed.get(id);
            if (run == null) {
                if (!scanned || !isolation().shouldPoll(id)) {
                    continue; // the pass goes on next poll and may list it; or it backs off
                }
                if (!budget.take()) {
                    backlog = true;
                    break;
                }
                try {
                    run = checks.get(id, false);
                    isolation().succeeded(id);
                    failures.itemSucceeded();
                } catch (VeltApiException e) {
                    if (checks.failed(id, e, failures)) {
                        break;
                    }
                    continue;
                }
            }
            if (!run.getStatusValue().isFinished()) {
                continue;
            }
            if (handOver == null || handOver.isOwn(id)) {
                finished.add(run);
            } else if (handOver.handOver(id, done)) {
                noLongerOwed(id);
                isolation().forget(id);
            }
        }
        finished.sort(Comparator.comparing(AgentExecution::getCompletedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(AgentExecution::getStartedAt, Comparator.nullsLast(Comparator.naturalOrder())));

        Queue<Object> deliveries = new ArrayDeque<>();
        for (AgentExecution run : finished) {
            if (!hasRoom(deliveries.size())) {
                backlog = true;
                break;
            }
            if (withResults) {
                if (!budget.take()) {
                    backlog = true;
                    break;
                }
                try {
                    run = checks.get(run.getId(), true);
                } catch (VeltApiException e) {
                    if (checks.failed(run.getId(), e, failures)) {
                        break;
                    }
                    continue;
                }
            }
            runDeliveries.add(run, deliveries);
        }
        int emitted = processBatch(deliveries);
        if (handOver != null) {
            handOver.throwFailure();
        }
        LOG.debug("Agent runs {}: {} pending, {} finished, emitted {} exchanges", scope, pending.size(), finished.size(),
                emitted);
        VeltApiException failure = failures.pollFailure();
        if (failure != null) {
            throw pollFailed(failure);
        }
        return new PollResult(emitted, backlog);
    }

    /** A run Velt no longer knows, or handed to its shard's consumer: no longer owed here. */
    private void noLongerOwed(String id) {
        if (pending.remove(id) != null) {
            synchronized (this) {
                dirty = true;
            }
        }
    }

    /**
     * One step of the newest-first pass, admitting new runs as pending; {@code listed} gets every run read. True when
     * the pass ended.
     */
    private boolean scan(PollBudget budget, Map<String, AgentExecution> listed) {
        boolean first;
        synchronized (this) {
            first = !Boolean.TRUE.equals(state.firstPassDone);
        }
        // the first pass reaches back as far as a run still in progress may have started; with a status filter every
        // pass does, because a run enters such a list only when it finishes
        long reach = first || statusFilter ? MAX_AGENT_RUNTIME_MS : ScanWindow.LOOKBACK_MS;
        Long floor = first ? sinceTime : null;
        boolean ended = window.scan(lister, RUN, reach, floor, first, budget, run -> listed.put(run.getId(), run),
                run -> found(run, first));
        if (ended && first) {
            synchronized (this) {
                state.firstPassDone = true;
                dirty = true;
            }
        }
        return ended;
    }

    /**
     * A run the window does not know: pending from its stored progress (read first), unless it was owed nothing or
     * was delivered already.
     */
    private void found(AgentExecution run, boolean firstPass) {
        if (pending.containsKey(run.getId()) || handOver != null && handOver.isListed(run.getId())) {
            return;
        }
        if (firstPass && run.getStatusValue().isFinished() && finishedBeforeFirstStart(run)) {
            return;
        }
        RunProgress progress = positions().loadAgentRun(scope, run.getId());
        if (progress != null && progress.done()) {
            // delivered, though no stored runs state listed it (a stop while that state could not be written): its
            // key is forgotten with the next runs state
            done.add(run.getId());
            return;
        }
        pending.putIfAbsent(run.getId(), progress == null ? 0 : progress.findings());
        synchronized (this) {
            dirty = true;
        }
    }

    private boolean finishedBeforeFirstStart(AgentExecution run) {
        Long started = run.getStartedAt();
        if (sinceTime != null && started != null && started >= sinceTime) {
            return false;
        }
        long firstStart;
        synchronized (this) {
            firstStart = state.firstStart;
        }
        return run.getCompletedAt() == null || run.getCompletedAt() < firstStart;
    }

    /**
     * Writes the runs state from a copy taken under the monitor (never holding it across the write), then forgets the
     * progress keys of the runs delivered before the copy. Runs on the poll thread and on stop.
     */
    @Override
    protected void flushState() {
        if (runDeliveries == null) {
            return;
        }
        runDeliveries.retryUnsaved();
        List<String> delivered;
        AgentRunsState copy;
        synchronized (this) {
            // pending first, then what is done: a run that leaves pending meanwhile was queued as done before
            Map<String, Integer> owed = new java.util.LinkedHashMap<>(pending);
            delivered = runDeliveries.takeDone();
            if (state == null || !window.takeChanged() && !dirty && delivered.isEmpty()) {
                return;
            }
            delivered.forEach(owed::remove);
            copy = new AgentRunsState();
            copy.watermark = window.watermark();
            copy.window = window.snapshot();
            copy.pending = owed;
            copy.firstStart = state.firstStart;
            copy.firstPassDone = state.firstPassDone;
            copy.forget = delivered.isEmpty() ? null : delivered;
            dirty = false;
        }
        try {
            if (!positions().saveAgentRuns(scope, copy)) {
                // a deposed consumer removes nothing: the later one decides from what it stored
                LOG.warn("The agent runs state of {} was written by a later consumer (another replica took over); "
                         + "this one's write is refused, and the keys of delivered runs are left to it",
                        scope);
                return;
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                dirty = true;
            }
            done.addAll(delivered);
            throw e;
        }
        for (String id : delivered) {
            isolation().forget(id);
            positions().forgetAgentRun(scope, id);
        }
    }
}
