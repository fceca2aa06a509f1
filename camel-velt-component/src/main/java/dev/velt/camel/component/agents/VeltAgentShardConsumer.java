package dev.velt.camel.component.agents;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.component.VeltConfiguration;
import dev.velt.camel.component.VeltEndpoint;
import dev.velt.camel.component.consumer.PollBudget;
import dev.velt.camel.component.consumer.PollFailures;
import dev.velt.camel.component.consumer.VeltPollingConsumer;
import dev.velt.camel.component.state.ShardHandOverStore;
import dev.velt.camel.component.state.VeltPositionStore;
import dev.velt.camel.component.state.VeltPositionStore.RunProgress;
import dev.velt.camel.model.AgentExecution;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code velt:agentExecutions} with {@code shards}, the consumer of a shard n from 1: it never lists the runs. At every
 * poll it reads the list the consumer of shard 0 keeps for it in the state repository ({@link RunHandOver}) and
 * delivers each listed run it still owes as {@code velt:agentExecutions} does, after reading it by id
 * ({@code agents/execution/get}, with its results when {@code includeResults} or {@code splitFindings}): one request
 * per run delivered, and one more each time its exchange failed. How far a run's delivery got is stored in the run's
 * progress key, {@code done} at the end; the consumer of shard 0 then forgets the key and takes the run off the list. A
 * listed run whose key is {@code done} or gone was delivered and is not read again while the list holds it. A read of
 * the list that throws fails the poll (the next one reads again).
 */
public class VeltAgentShardConsumer extends VeltPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(VeltAgentShardConsumer.class);

    private final String scope;
    private final boolean split;
    private final boolean withResults;
    private final int shards;
    private final int shard;
    /** The runs owed, with the findings delivered; route threads commit here, the poll thread adds. */
    private final Map<String, Integer> pending = new ConcurrentHashMap<>();
    /** Runs whose last exchange completed: known delivered while the list still holds them. */
    private final Queue<String> done = new ConcurrentLinkedQueue<>();
    /** Listed runs known delivered: a subset of the last list read. */
    private Set<String> settled = new HashSet<>();
    private final RunChecks checks = new RunChecks(this, this::gone);
    private ShardHandOverStore keys;
    private AgentRunDeliveries runDeliveries;

    public VeltAgentShardConsumer(VeltEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        VeltConfiguration config = endpoint.getConfiguration();
        this.scope = VeltPositionStore.agentRunsScope(config.getAgentId(), config.getOrganizationId(),
                config.getDocumentId(), config.getStatus());
        this.split = config.isSplitFindings();
        this.withResults = split || config.isIncludeResults();
        this.shards = config.getShards();
        this.shard = config.getShard();
    }

    @Override
    protected void loadState() {
        pending.clear();
        done.clear();
        settled = new HashSet<>();
        keys = ShardHandOverStore.forAgentRuns(positions(), scope, shards);
        runDeliveries = new AgentRunDeliveries(scope, split, pending, done, positions(), this::positionCommitted);
    }

    @Override
    public Map<String, ?> tracked() {
        return new TreeMap<>(pending);
    }

    @Override
    protected PollResult pollVelt(PollBudget budget) throws Exception {
        readOn();
        PollFailures failures = new PollFailures();
        Queue<Object> deliveries = new ArrayDeque<>();
        boolean backlog = false;
        for (String id : new TreeMap<>(pending).keySet()) {
            if (inFlight().isInFlight(id) || !isolation().shouldPoll(id)) {
                continue;
            }
            if (!hasRoom(deliveries.size()) || !budget.take()) {
                backlog = true;
                break;
            }
            AgentExecution run;
            try {
                run = checks.get(id, withResults);
                isolation().succeeded(id);
                failures.itemSucceeded();
            } catch (VeltApiException e) {
                if (checks.failed(id, e, failures)) {
                    break;
                }
                continue;
            }
            if (run.getStatusValue().isFinished()) {
                runDeliveries.add(run, deliveries);
            } else {
                LOG.warn("Agent run {} was handed to shard {} but Velt says it is {}; it is read again at the next poll",
                        id, shard, run.getStatus());
            }
        }
        int emitted = processBatch(deliveries);
        LOG.debug("Agent runs {} of shard {}: {} owed, emitted {} exchanges", scope, shard, pending.size(), emitted);
        VeltApiException failure = failures.pollFailure();
        if (failure != null) {
            throw pollFailed(failure);
        }
        return new PollResult(emitted, backlog);
    }

    /**
     * Reads this shard's list: a listed run neither owed nor known delivered is owed from its stored progress, unless
     * that says {@code done} or is gone. Runs no longer listed are not owed any more (shard 0 takes a run off only once
     * it was delivered).
     */
    private void readOn() {
        List<String> listed = keys.read(shard);
        for (String id = done.poll(); id != null; id = done.poll()) {
            settled.add(id);
        }
        Set<String> nowSettled = new HashSet<>();
        for (String id : listed) {
            if (pending.containsKey(id)) {
                continue;
            }
            if (settled.contains(id)) {
                nowSettled.add(id);
                continue;
            }
            RunProgress progress = positions().loadAgentRun(scope, id);
            if (progress == null || progress.done()) {
                nowSettled.add(id);
            } else {
                pending.put(id, progress.findings());
            }
        }
        settled = nowSettled;
        Set<String> onList = new HashSet<>(listed);
        pending.keySet().removeIf(id -> !onList.contains(id) && !inFlight().isInFlight(id));
    }

    /** A run Velt no longer knows: stored as done, so that shard 0 takes it off the list. */
    private void gone(String id) {
        Integer findings = pending.remove(id);
        if (findings != null) {
            positions().saveAgentRun(scope, id, new RunProgress(findings, true));
        }
    }

    @Override
    protected void flushState() {
        if (runDeliveries != null) {
            runDeliveries.retryUnsaved();
        }
    }

    /** Runs known delivered while the list still holds them, and failure streaks, for the memory bound checks. */
    public int heldStructures() {
        return settled.size() + done.size() + isolation().size();
    }
}
