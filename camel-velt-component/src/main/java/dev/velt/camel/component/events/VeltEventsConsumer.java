package dev.velt.camel.component.events;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.component.VeltConfiguration;
import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.component.VeltEndpoint;
import dev.velt.camel.component.consumer.PollBudget;
import dev.velt.camel.component.consumer.PollFailures;
import dev.velt.camel.component.consumer.VeltPollingConsumer;
import dev.velt.camel.component.push.VeltWebhookReceiver;
import dev.velt.camel.component.state.OrderedStateRepository;
import dev.velt.camel.component.state.ShardHandOverStore;
import dev.velt.camel.component.state.ShardPushStore;
import dev.velt.camel.component.state.VeltPositionStore.ExecutionPosition;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code velt:events}: one exchange per new workflow event, in seq order within each execution, at least once.
 * <p>
 * Each live execution has a position, the last seq whose exchange completed ({@link ExecutionPositions}); a poll asks
 * {@code getEvents(sinceSeq = position)} and follows {@code nextCursor} while the API has more (an empty page that has
 * more included: its range holds only internal events, and the position moves past it). Executions are named by
 * {@code executionId} or discovered by {@code definitionId} ({@link ExecutionDiscovery}). After its terminal event
 * completes an execution is never polled again, and what the consumer kept for it is let go at once. Live
 * executions take turns at the front of the poll, so a long backlog in one does not starve the others.
 * <p>
 * With {@code webhookPath}, Velt's pushes join the same stream ({@link PushIntake}), and an execution that receives
 * pushes is re-read only every {@code reconcileDelay}. Each delivery carries {@link VeltConstants#DELIVERED_BY}.
 * <p>
 * With {@code shards}, this consumer delivers only the executions of its {@code shard} ({@link ExecutionShards}). The
 * consumer of shard 0 discovers for all shards and hands the executions of the others to their consumers through the
 * state repository ({@link ShardHandOver}); the consumer of another shard reads what was handed to it at every poll
 * ({@link ShardIntake}) and never lists the definition. Each takes its shard's pushes from the push receiver of its
 * CamelContext while it runs, and at every poll those that receivers recorded for it ({@link ShardInbox}).
 */
public class VeltEventsConsumer extends VeltPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(VeltEventsConsumer.class);
    /** Values of the {@link VeltConstants#DELIVERED_BY} header. */
    public static final String DELIVERED_BY_PUSH = "push";
    public static final String DELIVERED_BY_POLL = "poll";

    private final Set<String> types;
    private final Set<String> named;
    private final boolean discovering;
    private final int shards;
    private final int shard;
    private ShardHandOver handOver;
    private ShardIntake intake;
    private ShardInbox inbox;
    private ExecutionPositions live;
    private ExecutionDiscovery discovery;
    private PushIntake pushIntake;
    private ExecutionStream stream;
    private int rotation;
    private ExecutorService prefetchThread;
    private PagePrefetcher prefetcher;
    private final PushFedExecutions pushFed;

    public VeltEventsConsumer(VeltEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        VeltConfiguration config = endpoint.getConfiguration();
        this.types = ObjectHelper.isEmpty(config.getTypes()) ? Set.of() : split(config.getTypes());
        this.shards = config.getShards();
        this.shard = config.getShard() == null ? 0 : config.getShard();
        // with shards, only the consumer of shard 0 lists the definition
        this.discovering = ObjectHelper.isNotEmpty(config.getDefinitionId()) && shard == 0;
        this.named = ObjectHelper.isNotEmpty(config.getDefinitionId()) ? Set.of() : split(config.getExecutionId());
        this.pushFed = new PushFedExecutions(() -> clock().getAsLong(), config.getReconcileDelay());
    }

    private static Set<String> split(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    public Map<String, ?> tracked() {
        return live == null ? Map.of() : live.snapshot();
    }

    @Override
    protected void doStart() throws Exception {
        prefetchThread = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "VeltEventsPrefetch");
        prefetcher = new PagePrefetcher(prefetchThread);
        super.doStart();
        VeltWebhookReceiver receiver = getEndpoint().getWebhookReceiver();
        if (receiver != null) {
            receiver.activate(pushIntake);
        }
        if (inbox != null) {
            inbox.register();
        }
    }

    @Override
    protected void doStop() throws Exception {
        VeltWebhookReceiver receiver = getEndpoint().getWebhookReceiver();
        if (receiver != null && pushIntake != null) {
            receiver.deactivate(pushIntake);
        }
        if (inbox != null) {
            inbox.unregister();
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
    protected void loadState() {
        live = new ExecutionPositions(positions(), this::release, this::positionCommitted);
        pushFed.clear();
        ShardHandOverStore handOverKeys = shards > 0
                ? ShardHandOverStore.forEvents(positions(), config().getDefinitionId(), shards) : null;
        if (discovering) {
            if (handOverKeys != null) {
                handOver = new ShardHandOver(handOverKeys, ShardHandOver.executionPositions(positions()), shards);
                handOver.load();
            }
            discovery = new ExecutionDiscovery(getEndpoint(), positions(), live, clock(), sinceTimeMillis(), handOver);
            discovery.load();
        } else if (handOverKeys != null) {
            intake = new ShardIntake(handOverKeys, shard, live);
        } else {
            for (String executionId : named) {
                live.watch(executionId);
            }
        }
        stream = new ExecutionStream(this, live, prefetcher, types);
        pushIntake = new PushIntake(this, live, discovery, named, stream);
        inbox = shards > 0 && config().getStateRepository() instanceof OrderedStateRepository ordered
                ? new ShardInbox(new ShardPushStore(ordered, config().getDefinitionId(), shards),
                        getEndpoint().getComponent().getShardOwners(), config().getDefinitionId(), shards, shard, live,
                        pushIntake)
                : null;
    }

    /** True while pushes may be delivered: started, and neither suspended nor stopping. */
    public boolean isTakingPushes() {
        return isStarted() && !isSuspendingOrSuspended() && !isStoppingOrStopped();
    }

    @Override
    protected PollResult pollVelt(PollBudget budget) throws Exception {
        PollFailures failures = new PollFailures();
        if (handOver != null) {
            // the ends the owners stored: off the lists, their keys forgotten with the next discovery state
            discovery.ended(handOver.collectEnded());
        }
        if (intake != null) {
            intake.readOn();
        }
        if (inbox != null) {
            inbox.readOn();
        }
        if (discovering) {
            try {
                discovery.discover(budget.forScan());
            } catch (VeltApiException e) {
                LOG.debug("Discovery scan of {} failed: {}", config().getDefinitionId(), e.getMessage());
                failures.scanFailed(e);
            }
        }
        Queue<Object> deliveries = new ArrayDeque<>();
        Set<String> foundMissed = new HashSet<>();
        boolean backlog = discovering && discovery.midPass();
        int visited = 0;
        for (String executionId : live.idsFrom(rotation)) {
            if (!hasRoom(deliveries.size()) || budget.spent()) {
                backlog = true;
                break;
            }
            visited++;
            if (inFlight().isInFlight(executionId) || !pushFed.readDue(executionId) || !isolation().shouldPoll(executionId)) {
                continue;
            }
            try {
                reread(executionId);
                int queued = deliveries.size();
                backlog |= stream.fetch(executionId, deliveries, budget);
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
        rotation += Math.max(1, visited);
        int delivered = processBatch(deliveries);
        // a push-fed execution whose read found events (pushes Velt could not deliver) is read again at the next poll,
        // until a read finds nothing new
        foundMissed.forEach(pushFed::readAgain);
        LOG.debug("Delivered {} events ({} executions live)", delivered, live.size());
        VeltApiException failure = failures.pollFailure();
        if (failure != null) {
            throw pollFailed(failure);
        }
        return new PollResult(delivered, backlog);
    }

    /** Releases what the consumer kept for an execution that ended or was dropped, on the thread that ended it. */
    private void release(String executionId) {
        pushFed.release(executionId);
        isolation().forget(executionId);
        prefetcher.discard(executionId);
        if (discovering) {
            discovery.ended(List.of(executionId));
        }
    }

    /** Isolates a failed execution; true when the poll should send nothing more. */
    private boolean executionFailed(String executionId, VeltApiException e, PollFailures failures) {
        if (e.isNotFound()) {
            LOG.warn("Velt does not know execution {} ({}); it is no longer polled", executionId, e.getMessage());
            Long position = live.position(executionId);
            live.drop(executionId);
            if (intake != null && position != null) {
                // handed over by shard 0: a terminal marker tells it to take the execution off this shard's list
                positions().saveExecution(executionId, new ExecutionPosition(position, true));
            }
        } else if (isolation().failed(executionId) == 1 && !e.isCredentialFailure()) {
            LOG.warn("getEvents of execution {} failed ({}); it backs off alone, the other executions keep polling",
                    executionId, e.getMessage());
        } else {
            LOG.debug("getEvents of execution {} failed again: {}", executionId, e.getMessage());
        }
        if (!live.isLive(executionId)) {
            isolation().forget(executionId); // it ended meanwhile: keep no streak for it
        }
        return failures.itemFailed(e);
    }

    /** Notes that the execution's events were read now (for {@code reconcileDelay}). */
    public void reread(String executionId) {
        pushFed.read(executionId);
    }

    /** Notes that the execution receives pushes. */
    public void pushFed(String executionId) {
        pushFed.fed(executionId);
    }

    @Override
    protected void flushState() {
        live.retryUnsaved();
        if (discovery != null) {
            discovery.flush();
        }
    }

    /**
     * Per-execution structures still held, for the memory bound checks: pushes, read-ahead pages, failure streaks, and
     * with shards the executions handed over (shard 0) or known ended on the hand-over list (other shards).
     */
    public int heldStructures() {
        return pushFed.size() + prefetcher.size() + isolation().size() + (intake == null ? 0 : intake.size())
                + (handOver == null ? 0 : handOver.size());
    }

    @ManagedAttribute(description = "Webhook pushes received (verified ones)")
    public long getPushesReceived() {
        return pushesReceived();
    }

    @Override
    public long pushesReceived() {
        return pushIntake == null ? 0 : pushIntake.received.sum();
    }

    @Override
    public long pushesRefused() {
        return pushIntake == null ? 0 : pushIntake.refused.sum();
    }

    @ManagedAttribute(description = "Webhook calls refused: unsigned, too large, not an event, or while the consumer took none")
    public long getPushesRefused() {
        return pushesRefused();
    }

    @ManagedAttribute(description = "Pushes of events that were delivered already (duplicates, or delivered by a poll)")
    public long getPushesDuplicate() {
        return pushIntake == null ? 0 : pushIntake.duplicates.sum();
    }
}
