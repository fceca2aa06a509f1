package dev.velt.camel.component;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.component.VeltPositionStore.AgentRunsState;
import dev.velt.camel.model.AgentExecution;
import dev.velt.camel.model.AgentExecutionsPage;
import dev.velt.camel.model.AgentExecutionsQuery;
import dev.velt.camel.model.AgentFinding;
import dev.velt.camel.model.AgentUrlResult;

/**
 * {@code velt:agentExecutions}: one exchange per agent run once it has finished (or, with {@code splitFindings}, one
 * per finding), at least once and in normal operation exactly once.
 * <p>
 * A poll reads the list newest first and stops at the first run older than the newest one seen before; runs seen
 * while still running are remembered as pending and emitted when they finish, however many newer runs finish first
 * (pending runs no longer on the scanned page are checked with {@code agents/execution/get}). A run leaves the pending
 * set only when its exchange (or its last finding's) completed. The very first poll reads the whole list once to find
 * the runs still in progress; runs that had finished before the first start are skipped unless they started at or
 * after {@code sinceTime}.
 */
public class VeltAgentExecutionsConsumer extends VeltPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(VeltAgentExecutionsConsumer.class);

    private final String scope;
    private final boolean split;
    private final boolean withResults;
    private AgentRunsState state;
    private boolean firstScan;
    private long firstStartTime;
    private Long sinceTime;
    private boolean dirty;
    private int committed;

    public VeltAgentExecutionsConsumer(VeltEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        VeltConfiguration config = endpoint.getConfiguration();
        this.scope = VeltPositionStore.agentRunsScope(config.getAgentId(), config.getOrganizationId(),
                config.getDocumentId(), config.getStatus());
        this.split = config.isSplitFindings();
        this.withResults = split || config.isIncludeResults();
    }

    @Override
    protected void loadState() {
        sinceTime = sinceTimeMillis();
        state = positions().loadAgentRuns(scope);
        firstScan = state == null;
        if (firstScan) {
            state = new AgentRunsState();
            firstStartTime = System.currentTimeMillis();
        }
    }

    @Override
    protected int pollVelt() throws Exception {
        Map<String, AgentExecution> listed;
        try {
            listed = scan();
        } catch (VeltApiException e) {
            throw pollFailed(e);
        }
        VeltApiException failure = null;
        List<AgentExecution> finished = new ArrayList<>();
        for (String id : new ArrayList<>(state.pending.keySet())) {
            AgentExecution run = listed.get(id);
            if (run == null) {
                try {
                    run = get(id, false);
                } catch (VeltApiException e) {
                    // only Velt's own NOT_FOUND: a proxy's 404 page says nothing about the run
                    if (e.isApiError() && "NOT_FOUND".equals(e.getStatus())) {
                        LOG.warn("Pending agent run {} no longer exists in Velt; it is forgotten", id);
                        state.pending.remove(id);
                        dirty = true;
                    } else {
                        failure = failure == null ? e : failure;
                        if (isCredentialFailure(e)) {
                            break; // the other runs would be refused too
                        }
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
                break;
            }
            try {
                addDeliveries(withResults ? get(run.getId(), true) : run, deliveries);
            } catch (VeltApiException e) {
                failure = failure == null ? e : failure;
            }
        }
        committed = 0;
        int emitted = processBatch(deliveries);
        LOG.debug("Agent runs {}: {} pending, {} finished, emitted {} exchanges, committed {}", scope,
                state.pending.size(), finished.size(), emitted, committed);
        if (failure != null) {
            throw pollFailed(failure);
        }
        return emitted;
    }

    private AgentExecution get(String id, boolean includeResults) {
        return getEndpoint().call(() -> getEndpoint().getClient().getAgentExecution(id, includeResults));
    }

    /**
     * Reads the list newest first, remembering new runs as pending; returns the pending runs found on the pages read.
     */
    private Map<String, AgentExecution> scan() {
        Map<String, AgentExecution> listed = new HashMap<>();
        ScanWatermark watermark = new ScanWatermark(state.watermark, state.seen);
        VeltConfiguration config = config();
        AgentExecutionsQuery query = new AgentExecutionsQuery(config.getAgentId(), config.getOrganizationId(),
                config.getDocumentId(), config.getStatus(), null, config.getPageSize(), null, null);
        while (query != null) {
            AgentExecutionsQuery current = query;
            AgentExecutionsPage page = getEndpoint().call(() -> getEndpoint().getClient().listAgentExecutions(current));
            boolean reachedSeen = false;
            for (AgentExecution run : page.getExecutions()) {
                String id = run.getId();
                if (id == null) {
                    continue;
                }
                long started = run.getStartedAt() == null ? 0 : run.getStartedAt();
                if (state.pending.containsKey(id)) {
                    listed.put(id, run);
                }
                if (!firstScan && watermark.isOlderThanSeen(started)) {
                    reachedSeen = true;
                    continue;
                }
                watermark.observe(id, started);
                if (state.pending.containsKey(id) || watermark.wasSeenAtWatermark(id)) {
                    continue;
                }
                if (run.getStatusValue().isFinished() && firstScan && finishedBeforeFirstStart(run, started)) {
                    continue;
                }
                state.pending.put(id, 0);
                listed.put(id, run);
                dirty = true;
            }
            query = reachedSeen || !page.hasNextPage() ? null : query.nextPage(page);
        }
        // the first scan is recorded even when it saw nothing, so a restart does not take itself for a first start
        if (firstScan || watermark.moved()) {
            state.watermark = watermark.newest();
            state.seen = watermark.idsAtNewest();
            dirty = true;
        }
        firstScan = false;
        return listed;
    }

    private boolean finishedBeforeFirstStart(AgentExecution run, long started) {
        if (sinceTime != null && started >= sinceTime) {
            return false;
        }
        return run.getCompletedAt() == null || run.getCompletedAt() < firstStartTime;
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
        for (AgentUrlResult result : run.getResults() == null ? List.<AgentUrlResult> of() : run.getResults()) {
            for (AgentFinding finding : result.getAllFindings()) {
                String url = result.getUrl() != null ? result.getUrl() : finding.getSourceUrl();
                findings.add(Map.entry(finding, url == null ? "" : url));
            }
        }
        int done = state.pending.getOrDefault(id, 0);
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
            findingHeaders.put(VeltConstants.FINDING_KEY, VeltFindingKey.of(run.getAgentId(), findings.get(i).getValue(), finding));
            int deliveredCount = i + 1;
            Runnable commit = deliveredCount == findings.size()
                    ? () -> delivered(id)
                    : () -> findingsDelivered(id, deliveredCount);
            deliveries.add(new Delivery(id, finding, findingHeaders, commit));
        }
    }

    private synchronized void delivered(String runId) {
        state.pending.remove(runId);
        dirty = true;
        committed++;
        positionCommitted();
        save();
    }

    private synchronized void findingsDelivered(String runId, int count) {
        state.pending.put(runId, count);
        dirty = true;
        committed++;
        positionCommitted();
        save();
    }

    private synchronized void save() {
        if (dirty) {
            positions().saveAgentRuns(scope, state);
            dirty = false;
        }
    }
}
