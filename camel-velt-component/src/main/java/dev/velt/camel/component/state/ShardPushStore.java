package dev.velt.camel.component.state;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The push inboxes of a sharded {@code velt:events} ({@code velt.events.push.<definitionId>.<n>}, format in this
 * package's documentation): the pushes that a replica's push receiver recorded for the consumer of shard n because
 * that consumer does not run in its JVM. Every change is a compare-and-set on the key's order, used as a version: read
 * the order, then the value, write the changed value with the order plus one; a write refused because another replica
 * wrote in between is read and tried again, until the caller's deadline. So replicas appending at once, and the owner
 * removing what it delivered, never lose each other's changes. The key is never removed (its version only grows).
 */
public final class ShardPushStore {

    /** The most events an inbox holds: a push beyond is refused, and Velt retries it later. */
    public static final int MAX_EVENTS = 10_000;
    /** The longest inbox value, in characters (16 Mi): a push that would make it longer is refused too. */
    public static final int MAX_CHARS = 16 * 1024 * 1024;

    /** What an append did. */
    public enum Appended {
        /** Stored (or found there already: a retry of the same push). */
        STORED,
        /** Not stored: the inbox holds {@link #MAX_EVENTS} events, or would exceed {@link #MAX_CHARS} with it. */
        FULL,
        /** Not stored: other writers kept winning until the deadline. */
        TIMED_OUT
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OrderedStateRepository repository;
    private final String definitionId;
    private final int shards;

    public ShardPushStore(OrderedStateRepository repository, String definitionId, int shards) {
        this.repository = repository;
        this.definitionId = definitionId;
        this.shards = shards;
    }

    /** The key of shard {@code n}'s inbox. */
    public String key(int shard) {
        return VeltPositionStore.PUSH_PREFIX + VeltPositionStore.encode(definitionId) + "." + shard;
    }

    /**
     * Appends a pushed event (its webhook body, a JSON object with {@code executionId} and {@code seq}) to shard n's
     * inbox, unless the inbox holds it already.
     */
    public Appended append(int shard, ObjectNode event, long deadlineNanos) {
        String key = key(shard);
        for (int attempt = 1;; attempt++) {
            long version = version(key);
            List<JsonNode> events = parse(key, repository.getState(key));
            if (events.stream().anyMatch(stored -> sameEvent(stored, event))) {
                return Appended.STORED;
            }
            if (events.size() >= MAX_EVENTS) {
                return Appended.FULL;
            }
            events.add(event);
            String value = format(events);
            if (value.length() > MAX_CHARS) {
                return Appended.FULL;
            }
            if (repository.setStateIfAhead(key, value, version + 1)) {
                return Appended.STORED;
            }
            if (!backOff(attempt, deadlineNanos)) {
                return Appended.TIMED_OUT;
            }
        }
    }

    /**
     * Shard n's recorded events, in the order they were recorded (empty when none).
     *
     * @throws IllegalStateException when they were recorded with another number of shards
     */
    public List<JsonNode> read(int shard) {
        String key = key(shard);
        return parse(key, repository.getState(key));
    }

    /**
     * Removes from shard n's inbox the events that {@code done} accepts, keeping every other, including those recorded
     * meanwhile.
     *
     * @return true when none of them is left stored; false when other writers kept winning until the deadline
     */
    public boolean remove(int shard, Predicate<JsonNode> done, long deadlineNanos) {
        String key = key(shard);
        for (int attempt = 1;; attempt++) {
            long version = version(key);
            List<JsonNode> events = parse(key, repository.getState(key));
            if (!events.removeIf(done)) {
                return true;
            }
            if (repository.setStateIfAhead(key, format(events), version + 1)) {
                return true;
            }
            if (!backOff(attempt, deadlineNanos)) {
                return false;
            }
        }
    }

    /** The execution id of a recorded event. */
    public static String executionId(JsonNode event) {
        return event.path("executionId").asText();
    }

    /** The seq of a recorded event. */
    public static long seq(JsonNode event) {
        return event.path("seq").asLong();
    }

    private static boolean sameEvent(JsonNode a, JsonNode b) {
        return seq(a) == seq(b) && executionId(a).equals(executionId(b));
    }

    /** The stored version; read before the value, so a value read after it is never older than it. */
    private long version(String key) {
        Long order = repository.getOrder(key);
        return order == null ? 0 : order;
    }

    /** Waits a little (more after each refusal, at random, so that racing replicas part); false past the deadline. */
    private static boolean backOff(int attempt, long deadlineNanos) {
        long pause = ThreadLocalRandom.current().nextLong(1, 1 + Math.min(attempt, 20)) * 100_000L;
        if (deadlineNanos - System.nanoTime() <= pause) {
            return false;
        }
        LockSupport.parkNanos(pause);
        return !Thread.currentThread().isInterrupted();
    }

    private List<JsonNode> parse(String key, String value) {
        List<JsonNode> events = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return events;
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable push inbox under key '" + key + "' in the stateRepository: "
                                            + e.getMessage(),
                    e);
        }
        JsonNode stored = root.get("shards");
        if (stored != null && stored.asInt() != shards) {
            throw new IllegalStateException("The stateRepository holds pushes recorded with shards=" + stored.asInt()
                                            + " under '" + key + "', this endpoint has shards=" + shards
                                            + ": the number of shards cannot change once positions are stored");
        }
        root.path("events").forEach(events::add);
        return events;
    }

    private String format(List<JsonNode> events) {
        ObjectNode root = JSON.createObjectNode();
        root.put("shards", shards);
        ArrayNode array = root.putArray("events");
        events.forEach(array::add);
        return root.toString();
    }
}
