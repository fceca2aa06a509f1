package dev.velt.camel.component.agents;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.component.consumer.VeltPollingConsumer.Delivery;
import dev.velt.camel.component.state.VeltPositionStore;
import dev.velt.camel.component.state.VeltPositionStore.RunProgress;
import dev.velt.camel.model.AgentExecution;
import dev.velt.camel.model.AgentFinding;
import dev.velt.camel.model.AgentUrlResult;

/**
 * A finished agent run as deliveries: the run itself, or (with {@code splitFindings}) each finding not delivered yet,
 * and their commits. A commit stores the run's progress first ({@code findings delivered}, or {@code done} with the
 * last exchange), then moves it in memory, only forward; a run whose last exchange completed leaves the runs owed and
 * is queued for the next flush of the runs state. Whether an item is still owed is asked again at the moment it is
 * dispatched, so a run whose exchange completed on another thread meanwhile is not started again.
 */
public final class AgentRunDeliveries {

    private final String scope;
    private final boolean split;
    private final Map<String, Integer> pending;
    private final Queue<String> done;
    private final VeltPositionStore store;
    private final Runnable committed;
    /** Progress of completed exchanges whose write failed, to write again. */
    private final Map<String, RunProgress> unsaved = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param pending the runs owed, with the findings delivered (thread-safe; shared with the consumer)
     * @param done where a run goes once its last exchange completed (thread-safe)
     * @param committed told of each progress written
     */
    public AgentRunDeliveries(String scope, boolean split, Map<String, Integer> pending, Queue<String> done,
            VeltPositionStore store, Runnable committed) {
        this.scope = scope;
        this.split = split;
        this.pending = pending;
        this.done = done;
        this.store = store;
        this.committed = committed;
    }

    /**
     * Restores the runs owed from a stored runs state: each pending run at its stored progress (read from its key),
     * or queued as done when its key says so; and the runs of {@code forget} queued as done again, in case the
     * removal of their keys was cut short (a process killed between the two writes).
     */
    void restore(Map<String, Integer> stored, List<String> forget) {
        pending.clear();
        done.clear();
        for (Map.Entry<String, Integer> run : stored.entrySet()) {
            RunProgress progress = store.loadAgentRun(scope, run.getKey());
            if (progress == null) {
                pending.put(run.getKey(), run.getValue());
            } else if (!progress.done()) {
                pending.put(run.getKey(), Math.max(run.getValue(), progress.findings()));
            } else {
                done.add(run.getKey());
            }
        }
        if (forget != null) {
            for (String id : forget) {
                if (!stored.containsKey(id)) {
                    done.add(id);
                }
            }
        }
    }

    /** Queues what is still owed of a finished run. */
    public void add(AgentExecution run, Queue<Object> deliveries) {
        String id = run.getId();
        Integer progress = pending.get(id);
        if (progress == null) {
            return; // delivered meanwhile by an exchange that completed on another thread
        }
        Map<String, Object> headers = new HashMap<>();
        headers.put(VeltConstants.EXECUTION_ID, id);
        headers.put(VeltConstants.EXECUTION_STATUS, run.getStatus());
        if (run.getAgentId() != null) {
            headers.put(VeltConstants.AGENT_ID, run.getAgentId());
        }
        if (!split) {
            deliveries.add(new Delivery(id, run, headers, () -> delivered(id, 0), () -> pending.containsKey(id)));
            return;
        }
        List<Map.Entry<AgentFinding, String>> findings = new ArrayList<>();
        for (AgentUrlResult result : run.getResults() == null ? List.<AgentUrlResult>of() : run.getResults()) {
            for (AgentFinding finding : result.getAllFindings()) {
                String url = result.getUrl() != null ? result.getUrl() : finding.getSourceUrl();
                findings.add(Map.entry(finding, url == null ? "" : url));
            }
        }
        int total = findings.size();
        if (progress >= total) {
            deliveries.add(new Delivery(id, null, Map.of(), () -> delivered(id, total), () -> pending.containsKey(id)));
            return;
        }
        for (int i = progress; i < total; i++) {
            Map<String, Object> findingHeaders = new HashMap<>(headers);
            AgentFinding finding = findings.get(i).getKey();
            if (finding.getSeverity() != null) {
                findingHeaders.put(VeltConstants.FINDING_SEVERITY, finding.getSeverity());
            }
            findingHeaders.put(VeltConstants.FINDING_URL, findings.get(i).getValue());
            findingHeaders.put(VeltConstants.FINDING_KEY,
                    VeltFindingKey.of(run.getAgentId(), findings.get(i).getValue(), finding));
            int count = i + 1;
            Runnable commit = count == total ? () -> delivered(id, total) : () -> findingsDelivered(id, count);
            // still owed when it is dispatched: the run's progress (moved by completions on other threads) is below it
            deliveries.add(new Delivery(id, finding, findingHeaders, commit, () -> {
                Integer now = pending.get(id);
                return now != null && now < count;
            }));
        }
    }

    /** A run's last exchange completed: stored as done, then no longer owed. */
    private void delivered(String runId, int findings) {
        if (pending.containsKey(runId)) {
            save(runId, new RunProgress(findings, true));
        }
    }

    /** {@code count} findings of a run were delivered; only forward. */
    private void findingsDelivered(String runId, int count) {
        Integer before = pending.get(runId);
        if (before != null && count > before) {
            save(runId, new RunProgress(count, false));
        }
    }

    /**
     * Writes a run's progress, then moves it in memory. A write that fails still moves it (the exchange completed: it
     * is not delivered again in this process), is kept for {@link #retryUnsaved} and propagates.
     */
    private void save(String runId, RunProgress progress) {
        try {
            store.saveAgentRun(scope, runId, progress);
        } catch (RuntimeException e) {
            unsaved.merge(runId, progress, (was, now) -> now.done() || now.findings() > was.findings() ? now : was);
            advance(runId, progress);
            throw e;
        }
        // newer progress written supersedes one whose write failed: the retry must not move it back
        unsaved.computeIfPresent(runId, (id, was) -> was.done() || was.findings() > progress.findings() ? was : null);
        committed.run();
        advance(runId, progress);
    }

    private void advance(String runId, RunProgress progress) {
        if (progress.done()) {
            // queued before it leaves pending: a state copy that no longer lists it as pending finds it queued
            if (pending.containsKey(runId)) {
                done.add(runId);
                pending.remove(runId);
            }
        } else {
            pending.computeIfPresent(runId, (id, was) -> Math.max(was, progress.findings()));
        }
    }

    /** The runs whose last exchange completed (or whose key is to be forgotten) since the last call, each once. */
    List<String> takeDone() {
        Set<String> taken = new LinkedHashSet<>();
        for (String id = done.poll(); id != null; id = done.poll()) {
            taken.add(id);
        }
        return new ArrayList<>(taken);
    }

    /** Writes the progress whose write failed; the first that fails again propagates. */
    void retryUnsaved() {
        for (Map.Entry<String, RunProgress> entry : List.copyOf(unsaved.entrySet())) {
            store.saveAgentRun(scope, entry.getKey(), entry.getValue());
            unsaved.remove(entry.getKey(), entry.getValue());
            committed.run();
        }
    }
}
