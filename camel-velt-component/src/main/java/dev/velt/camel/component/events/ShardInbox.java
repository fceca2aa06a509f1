package dev.velt.camel.component.events;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velt.camel.component.push.PushedEventSink;
import dev.velt.camel.component.push.ShardOwners;
import dev.velt.camel.component.push.VeltWebhookReceiver;
import dev.velt.camel.component.state.ShardPushStore;
import dev.velt.camel.model.PushedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's side of the pushes of a sharded {@code velt:events}: the consumer of shard n is registered, while it
 * runs, as where this CamelContext's push receiver hands the pushes of shard n ({@link ShardPushRouter}), and at every
 * poll it reads shard n's inbox ({@link ShardPushStore}, one read) for the pushes that receivers recorded for it.
 * Each recorded event above its execution's position goes, in seq order per execution, through the same path as a push
 * ({@link PushIntake}: watched if it is not, the events between filled in with {@code getEvents}, delivered,
 * committed);
 * once the events that went through are committed (or were at or below the position, or of an execution this
 * consumer does not follow) they are removed from the inbox, with a compare-and-set that keeps what was recorded
 * meanwhile. An event that did not go through (its exchange failed, the wait for it ran out, Velt did not answer)
 * stays, with the later ones of its execution, for the next poll; after {@value #MAX_ATTEMPTS} polls it is removed, as
 * Velt gives up after its retries, and the polls read the execution's events from Velt. A consumer that dies between
 * delivering and removing finds the delivered events
 * at or below their positions at its next start: they are dropped, not delivered again. Poll thread only.
 */
public final class ShardInbox {

    private static final Logger LOG = LoggerFactory.getLogger(ShardInbox.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Polls at which a recorded event may fail to go through before it is removed from the inbox. */
    static final int MAX_ATTEMPTS = 5;

    private final ShardPushStore store;
    private final ShardOwners owners;
    private final String definitionId;
    private final int shards;
    private final int shard;
    private final ExecutionPositions live;
    private final PushedEventSink intake;
    /** Failed polls of the recorded events still in the inbox, by {@code executionId#seq}. */
    private final Map<String, Integer> attempts = new HashMap<>();

    public ShardInbox(ShardPushStore store, ShardOwners owners, String definitionId, int shards, int shard,
            ExecutionPositions live, PushedEventSink intake) {
        this.store = store;
        this.owners = owners;
        this.definitionId = definitionId;
        this.shards = shards;
        this.shard = shard;
        this.live = live;
        this.intake = intake;
    }

    /** From now on this context's push receiver hands the pushes of this shard to this consumer. */
    public void register() {
        owners.register(definitionId, shards, shard, intake);
    }

    /** From now on this context's push receiver records the pushes of this shard in the inbox. */
    public void unregister() {
        owners.unregister(definitionId, shards, shard, intake);
    }

    /**
     * Delivers what the inbox holds and removes what is done from it.
     *
     * @return how many recorded events were taken off the inbox
     */
    public int readOn() throws InterruptedException {
        List<JsonNode> recorded = store.read(shard);
        if (recorded.isEmpty()) {
            return 0;
        }
        Map<String, TreeMap<Long, JsonNode>> byExecution = new LinkedHashMap<>();
        Set<String> present = new HashSet<>();
        for (JsonNode event : recorded) {
            byExecution.computeIfAbsent(ShardPushStore.executionId(event), id -> new TreeMap<>())
                    .putIfAbsent(ShardPushStore.seq(event), event);
            present.add(key(event));
        }
        attempts.keySet().retainAll(present);
        Set<String> done = new HashSet<>();
        byExecution.forEach((executionId, events) -> feed(executionId, events, done));
        if (Thread.interrupted()) {
            throw new InterruptedException("poll interrupted while delivering recorded pushes");
        }
        long deadline = System.nanoTime() + VeltWebhookReceiver.ACK_TIMEOUT.toNanos();
        if (!done.isEmpty() && !store.remove(shard, event -> done.contains(key(event)), deadline)) {
            LOG.debug("Delivered pushes not yet removed from the inbox of shard {} (written by others meanwhile): "
                      + "dropped at the next poll",
                    shard);
        }
        return done.size();
    }

    /** Feeds one execution's recorded events in seq order, until one does not go through. */
    private void feed(String executionId, TreeMap<Long, JsonNode> events, Set<String> done) {
        for (Map.Entry<Long, JsonNode> entry : events.entrySet()) {
            long seq = entry.getKey();
            Long position = live.position(executionId);
            if (position != null && seq <= position) {
                done.add(key(executionId, seq));
                continue;
            }
            PushedEvent pushed;
            try {
                pushed = PushedEvent.parse(JSON, JSON.writeValueAsBytes(entry.getValue()), null);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("A push recorded for shard {} is not a Velt workflow event ({}); removed", shard, e.getMessage());
                done.add(key(executionId, seq));
                continue;
            }
            long deadline = System.nanoTime() + VeltWebhookReceiver.ACK_TIMEOUT.toNanos();
            try {
                intake.accept(executionId, pushed.event(), deadline).get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                done.add(key(executionId, seq));
                attempts.remove(key(executionId, seq));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                if (attempts.merge(key(executionId, seq), 1, Integer::sum) < MAX_ATTEMPTS) {
                    LOG.debug("Recorded push of {} seq {} not delivered ({}); kept for the next poll", executionId, seq,
                            cause);
                    return;
                }
                LOG.warn("Recorded push of {} seq {} not delivered at {} polls (last: {}); removed from the inbox, the "
                         + "polls read the execution's events from Velt",
                        executionId, seq, MAX_ATTEMPTS, cause);
                attempts.remove(key(executionId, seq));
                done.add(key(executionId, seq));
            }
        }
    }

    private static String key(JsonNode event) {
        return key(ShardPushStore.executionId(event), ShardPushStore.seq(event));
    }

    private static String key(String executionId, long seq) {
        return executionId + "#" + seq;
    }
}
