package dev.velt.camel.component.events;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.velt.camel.component.push.PushBackloggedException;
import dev.velt.camel.component.push.PushRefusedException;
import dev.velt.camel.component.push.PushedEventSink;
import dev.velt.camel.component.push.ShardOwners;
import dev.velt.camel.component.state.ShardPushStore;
import dev.velt.camel.model.PushedEvent;
import dev.velt.camel.model.WorkflowEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the push receiver of a sharded {@code velt:events} sends each verified push: to the consumer of the event's
 * shard ({@link ExecutionShards}) when it runs in this CamelContext, which delivers it as any push (answered once
 * delivered and committed); otherwise, or when that consumer refuses it (stopping), into the shard's inbox in the state
 * repository ({@link ShardPushStore}), answered once the write is stored, for the consumer of the shard to deliver at
 * its next poll ({@link ShardInbox}). A push of another definition is acknowledged and ignored, as a consumer does.
 */
public final class ShardPushRouter implements PushedEventSink {

    private static final Logger LOG = LoggerFactory.getLogger(ShardPushRouter.class);

    private final String definitionId;
    private final int shards;
    private final ShardOwners owners;
    private final ShardPushStore inboxes;
    private final ObjectMapper mapper;
    final LongAdder handed = new LongAdder();
    final LongAdder recorded = new LongAdder();
    final LongAdder refused = new LongAdder();

    public ShardPushRouter(String definitionId, int shards, ShardOwners owners, ShardPushStore inboxes,
            ObjectMapper mapper) {
        this.definitionId = definitionId;
        this.shards = shards;
        this.owners = owners;
        this.inboxes = inboxes;
        this.mapper = mapper;
    }

    @Override
    public void refused() {
        refused.increment();
    }

    /** Not used: what is recorded is the webhook body, which only {@link #accept(PushedEvent, byte[], long)} has. */
    @Override
    public CompletableFuture<Void> accept(String executionId, WorkflowEvent event, long deadlineNanos) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "the push receiver of a sharded velt:events records webhook bodies: it takes the body with the event"));
    }

    @Override
    public CompletableFuture<Void> accept(PushedEvent pushed, byte[] body, long deadlineNanos) {
        String executionId = pushed.executionId();
        if (!definitionId.equals(pushed.event().getAdditionalProperties().get("definitionId"))) {
            LOG.debug("Push of execution {} ignored: not of definitionId {}", executionId, definitionId);
            return CompletableFuture.completedFuture(null);
        }
        int shard = ExecutionShards.of(executionId, shards);
        PushedEventSink owner = owners.find(definitionId, shards, shard);
        if (owner != null) {
            CompletableFuture<Void> done = owner.accept(executionId, pushed.event(), deadlineNanos);
            if (!refusedAtOnce(done)) {
                handed.increment();
                return done;
            }
            LOG.debug("The consumer of shard {} refused the push of {} (stopping): recorded for its next owner", shard,
                    executionId);
        }
        return record(shard, pushed, body, deadlineNanos);
    }

    private static boolean refusedAtOnce(CompletableFuture<Void> done) {
        return done.isCompletedExceptionally() && done.handle((ok, e) -> e instanceof PushRefusedException).join();
    }

    private CompletableFuture<Void> record(int shard, PushedEvent pushed, byte[] body, long deadlineNanos) {
        ObjectNode event;
        try {
            JsonNode root = mapper.readTree(body);
            event = (ObjectNode) root; // PushedEvent.parse read it as an object already
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!event.path("eventId").isTextual() && pushed.event().getEventId() != null) {
            event.put("eventId", pushed.event().getEventId()); // from x-velt-event-id
        }
        ShardPushStore.Appended appended;
        try {
            appended = inboxes.append(shard, event, deadlineNanos);
        } catch (RuntimeException e) {
            LOG.warn("Push of {} seq {} could not be recorded for shard {}: {}", pushed.executionId(),
                    pushed.event().getSeq(), shard, e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
        return switch (appended) {
            case STORED -> {
                recorded.increment();
                LOG.debug("Push of {} seq {} recorded for shard {}", pushed.executionId(), pushed.event().getSeq(), shard);
                yield CompletableFuture.completedFuture(null);
            }
            case FULL -> CompletableFuture.failedFuture(new PushBackloggedException(
                    "the push inbox of shard " + shard + " is full (" + ShardPushStore.MAX_EVENTS + " events or "
                                                                                    + ShardPushStore.MAX_CHARS
                                                                                    + " characters)"));
            case TIMED_OUT -> CompletableFuture.failedFuture(
                    new TimeoutException("the push inbox of shard " + shard + " was written by others until the deadline"));
        };
    }
}
