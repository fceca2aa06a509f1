package dev.velt.camel.component;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.component.VeltPositionStore.AgentRunsState;
import dev.velt.camel.model.AgentExecution;
import dev.velt.camel.model.AgentExecutionsPage;
import dev.velt.camel.model.AgentExecutionsQuery;
import dev.velt.camel.model.AgentFinding;
import dev.velt.camel.model.AgentUrlResult;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code velt:agentExecutions}: one exchange per agent run once it has finished (or, with {@code splitFindings}, one
 * per finding), at least once and in normal operation exactly once.
 * <p>
 * A poll reads the list newest first down to the lookback window ({@link ScanWindow}); runs seen while still running
 * are remembered as pending and emitted when they finish, however many newer runs finish first (pending runs not on
 * the pages read are checked with {@code agents/execution/get}, each backing off alone when its check fails). A run
 * leaves the pending set only when its exchange (or its last finding's) completed. The first start reads back no
 * further than the longest an agent may run (24 hours) or {@code sinceTime}, whichever is older: that finds every run
 * still in progress; runs that had finished before the first start are skipped unless they started at or after
 * {@code sinceTime}. With a {@code status} filter every pass reads back 24 hours, because a run enters such a list
 * only when it finishes.
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
    /** Guarded by {@code this}: completions arrive on the route's threads. */
    private AgentRunsState state;
    private ScanWindow window;
    private Long sinceTime;
    private boolean dirty;
    /** Whether the API last answered with the older list envelope, which pages with {@code cursor}. */
    private boolean legacyListEnvelope;

    public VeltAgentExecutionsConsumer(VeltEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        VeltConfiguration config = endpoint.getConfiguration();
        this.scope = VeltPositionStore.agentRunsScope(config.getAgentId(), config.getOrganizationId(),
                config.getDocumentId(), config.getStatus());
        this.split = config.isSplitFindings();
        this.withResults = split || config.isIncludeResults();
        this.statusFilter = config.getStatus() != null && !config.getStatus().isEmpty();
    }

    @Override
    protected synchronized void loadState() {
        sinceTime = sinceTimeMillis();
        state = positions().loadAgentRuns(scope);
        if (state == null) {
            state = new AgentRunsState();
            state.migrate();
        }
        if (state.firstStart == null) {
            state.firstStart = System.currentTimeMillis();
        }
        window = new ScanWindow(state.watermark, state.window);
        dirty = false;
    }

    @Override
    protected Map<String, ?> tracked() {
        return state == null ? Map.of() : state.pending;
    }

    @Override
    protected PollResult pollVelt(PollBudget budget) throws Exception {
        PollFailures failures = new PollFailures();
        Map<String, AgentExecution> listed = new HashMap<>();
        boolean scanned;
        try {
            scanned = scan(budget.forScan(), listed);
        } catch (VeltApiException e) {
            throw pollFailed(e);
        }
        boolean backlog = !scanned;
        List<AgentExecution> finished = new ArrayList<>();
        for (String id : pendingIds()) {
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
                    run = get(id, false);
                    isolation().succeeded(id);
                    failures.itemSucceeded();
                } catch (VeltApiException e) {
                    if (runFailed(id, e, failures)) {
                        break;
                    }
                    continue;
                }
            }
            if (run.getStatusValue().isFinished()) {
                finished.add(run);
            }
        }
        finished.sort(Comparator.comparing(AgentExecution::getCompletedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(AgentExecution::getStartedAt, Comparator.nullsLast(Comparator.naturalOrder())));
        save(); // what is owed is on record before anything is delivered

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
                    run = get(run.getId(), true);
                } catch (VeltApiException e) {
                    if (runFailed(run.getId(), e, failures)) {
                        break;
                    }
                    continue;
                }
            }
            addDeliveries(run, deliveries);
        }
        int emitted = processBatch(deliveries);
        LOG.debug("Agent runs {}: {} pending, {} finished, emitted {} exchanges", scope, state.pending.size(),
                finished.size(), emitted);
        VeltApiException failure = failures.pollFailure();
        if (failure != null) {
            throw pollFailed(failure);
        }
        return new PollResult(emitted, backlog);
    }

    private synchronized List<String> pendingIds() {
        return new ArrayList<>(state.pending.keySet());
    }

    /** Isolates a run whose check failed; true when the poll should send nothing more. */
    private boolean runFailed(String id, VeltApiException e, PollFailures failures) {
        // only Velt's own NOT_FOUND: a proxy's 404 page says nothing about the run
        if (e.isNotFound()) {
            LOG.warn("Pending agent run {} no longer exists in Velt; it is forgotten", id);
            synchronized (this) {
                state.pending.remove(id);
                dirty = true;
            }
            isolation().forget(id);
        } else if (isolation().failed(id) == 1 && !e.isCredentialFailure()) {
            LOG.warn("agents/execution/get of run {} failed ({}); it backs off alone, the other runs go on", id,
                    e.getMessage());
        }
        return failures.itemFailed(e);
    }

    private AgentExecution get(String id, boolean includeResults) {
        return getEndpoint().call(() -> getEndpoint().getClient().getAgentExecution(id, includeResults));
    }

    /**
     * One step of the newest-first pass, remembering new runs as pending; {@code listed} gets every run read. True when
     * the pass ended.
     */
    private boolean scan(PollBudget budget, Map<String, AgentExecution> listed) {
        boolean first = !Boolean.TRUE.equals(state.firstPassDone);
        // the first pass reaches back as far as a run still in progress may have started; with a status filter every
        // pass does, because a run enters such a list only when it finishes
        long reach = first || statusFilter ? MAX_AGENT_RUNTIME_MS : ScanWindow.LOOKBACK_MS;
        Long floor = first ? sinceTime : null;
        boolean ended = window.scan(this::listRuns, RUN, reach, floor, budget, run -> listed.put(run.getId(), run),
                run -> found(run, first));
        if (ended && first) {
            synchronized (this) {
                state.firstPassDone = true;
                dirty = true;
            }
        }
        return ended;
    }

    private ScanWindow.Listing<AgentExecution> listRuns(String cursor) {
        VeltConfiguration config = config();
        // a token from an older-API page goes back as cursor, one from a current-API page as pageToken
        boolean legacy = cursor != null && legacyListEnvelope;
        AgentExecutionsQuery query = new AgentExecutionsQuery(config.getAgentId(), config.getOrganizationId(),
                config.getDocumentId(), config.getStatus(), null, config.getPageSize(), legacy ? null : cursor,
                legacy ? cursor : null);
        AgentExecutionsPage page = getEndpoint().call(() -> getEndpoint().getClient().listAgentExecutions(query));
        legacyListEnvelope = page.isLegacyEnvelope();
        return new ScanWindow.Listing<>(page.getExecutions(), page.hasNextPage() ? page.getNextPageToken() : null);
    }

    private synchronized void found(AgentExecution run, boolean firstPass) {
        if (state.pending.containsKey(run.getId())) {
            return;
        }
        if (firstPass && run.getStatusValue().isFinished() && finishedBeforeFirstStart(run)) {
            return;
        }
        state.pending.put(run.getId(), 0);
        dirty = true;
    }

    private boolean finishedBeforeFirstStart(AgentExecution run) {
        Long started = run.getStartedAt();
        if (sinceTime != null && started != null && started >= sinceTime) {
            return false;
        }
        return run.getCompletedAt() == null || run.getCompletedAt() < state.firstStart;
    }

    private void addDeliveries(AgentExecution run, Queue<Object> deliveries) {
        String id = run.getId();
        Map<String, Object> headers = new HashMap<>();
        headers.put(VeltConstants.EXECUTION_ID, id);
        headers.put(VeltConstants.EXECUTION_STATUS, run.getStatus());
        if (run.getAgentId() != null) {
            headers.put(VeltConstants.AGENT_ID, run.getAgentId());
        }
        if (!split) {
            deliveries.add(new Delivery(id, run, headers, () -> delivered(id)));
            return;
        }
        List<Map.Entry<AgentFinding, String>> findings = new ArrayList<>();
        for (AgentUrlResult result : run.getResults() == null ? List.<AgentUrlResult>of() : run.getResults()) {
            for (AgentFinding finding : result.getAllFindings()) {
                String url = result.getUrl() != null ? result.getUrl() : finding.getSourceUrl();
                findings.add(Map.entry(finding, url == null ? "" : url));
            }
        }
        int done;
        synchronized (this) {
            done = state.pending.getOrDefault(id, 0);
        }
        if (done >= findings.size()) {
            deliveries.add(new Delivery(id, null, Map.of(), () -> delivered(id)));
            return;
        }
        for (int i = done; i < findings.size(); i++) {
            Map<String, Object> findingHeaders = new HashMap<>(headers);
            AgentFinding finding = findings.get(i).getKey();
            if (finding.getSeverity() != null) {
                findingHeaders.put(VeltConstants.FINDING_SEVERITY, finding.getSeverity());
            }
            findingHeaders.put(VeltConstants.FINDING_URL, findings.get(i).getValue());
            findingHeaders.put(VeltConstants.FINDING_KEY,
                    VeltFindingKey.of(run.getAgentId(), findings.get(i).getValue(), finding));
            int deliveredCount = i + 1;
            Runnable commit = deliveredCount == findings.size()
                    ? () -> delivered(id)
                    : () -> findingsDelivered(id, deliveredCount);
            deliveries.add(new Delivery(id, finding, findingHeaders, commit));
        }
    }

    /** A run's last exchange completed: it is owed no more. A write that throws leaves it pending and propagates. */
    private synchronized void delivered(String runId) {
        Integer before = state.pending.remove(runId);
        if (before == null) {
            return;
        }
        try {
            positions().saveAgentRuns(scope, state);
        } catch (RuntimeException e) {
            state.pending.put(runId, before);
            throw e;
        }
        dirty = false;
        positionCommitted();
    }

    /** {@code count} findings of a run were delivered; only forward. */
    private synchronized void findingsDelivered(String runId, int count) {
        Integer before = state.pending.get(runId);
        if (before == null || count <= before) {
            return;
        }
        state.pending.put(runId, count);
        try {
            positions().saveAgentRuns(scope, state);
        } catch (RuntimeException e) {
            state.pending.put(runId, before);
            throw e;
        }
        dirty = false;
        positionCommitted();
    }

    @Override
    protected void flushState() {
        save();
    }

    private synchronized void save() {
        if (window.takeChanged() || dirty) {
            state.watermark = window.newest();
            positions().saveAgentRuns(scope, state);
            dirty = false;
        }
    }
}
