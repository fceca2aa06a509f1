package dev.velt.camel.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.velt.camel.component.events.ExecutionShards;

/**
 * The stub's Velt in the sharding scenario: definitions whose executions gain events while the scenario runs. List
 * pages (newest first, by status) and {@code getEvents} pages are built per request from the current state, unlike
 * the other scenarios' pre-built answers: this scenario counts requests and times 20 ms routes and 250 ms polls, which
 * a few microseconds of building do not move. Counts list and {@code getEvents} requests per definition and remembers
 * when each event became visible.
 */
final class ShardWorld implements StubServer.Handler {

    /**
     * One execution: up to {@code total} events (seq 1..total, the last {@code execution.completed}), the first few
     * visible; {@link #finish} ends it earlier.
     */
    static final class Execution {

        final String id;
        final String definitionId;
        final long startedAt;
        volatile int total;
        final AtomicInteger visible = new AtomicInteger();
        /** {@link System#nanoTime()} at which each seq became visible (index seq - 1). */
        final long[] appeared;

        Execution(String id, String definitionId, long startedAt, int total) {
            this.id = id;
            this.definitionId = definitionId;
            this.startedAt = startedAt;
            this.total = total;
            this.appeared = new long[total];
        }

        boolean ended() {
            return visible.get() >= total;
        }
    }

    private final Map<String, Execution> byId = new ConcurrentHashMap<>();
    private final Map<String, List<Execution>> byDefinition = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> lists = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> getEvents = new ConcurrentHashMap<>();

    /**
     * The id {@code <prefix>_<n>_<j>} with the smallest j whose shard among {@code shards} is {@code shard}: lets a
     * scenario spread its executions evenly over the shards.
     */
    static String idOfShard(String prefix, int n, int shard, int shards) {
        for (int j = 0;; j++) {
            String id = prefix + "_" + n + "_" + j;
            if (ExecutionShards.of(id, shards) == shard) {
                return id;
            }
        }
    }

    /** Adds an execution started at {@code startedAt} with {@code visible} of its {@code total} events visible. */
    Execution start(String definitionId, String id, long startedAt, int total, int visible) {
        Execution execution = new Execution(id, definitionId, startedAt, total);
        byId.put(id, execution);
        byDefinition.computeIfAbsent(definitionId, d -> new CopyOnWriteArrayList<>()).add(execution);
        advance(execution, visible);
        return execution;
    }

    /** Makes up to {@code n} more events of the execution visible. */
    void advance(Execution execution, int n) {
        long now = System.nanoTime();
        for (int i = 0; i < n && execution.visible.get() < execution.total; i++) {
            execution.appeared[execution.visible.get()] = now;
            execution.visible.incrementAndGet(); // publishes the time written just before
        }
    }

    /** Ends the execution: its next event, made visible now, is {@code execution.completed}. */
    void finish(Execution execution) {
        if (!execution.ended()) {
            execution.total = execution.visible.get() + 1;
            advance(execution, 1);
        }
    }

    /** When the event became visible ({@link System#nanoTime()}), or 0 for an unknown one. */
    long appeared(String executionId, long seq) {
        Execution execution = byId.get(executionId);
        return execution == null || seq < 1 || seq > execution.visible.get() ? 0 : execution.appeared[(int) seq - 1];
    }

    long lists(String definitionId) {
        return count(lists, definitionId);
    }

    long getEvents(String definitionId) {
        return count(getEvents, definitionId);
    }

    private static long count(Map<String, LongAdder> counts, String definitionId) {
        LongAdder count = counts.get(definitionId);
        return count == null ? 0 : count.sum();
    }

    @Override
    public byte[] handle(String path, byte[] body) {
        if (path.equals(Bench.LIST_EXECUTIONS)) {
            String definitionId = StubServer.stringField(body, "definitionId");
            lists.computeIfAbsent(definitionId, d -> new LongAdder()).increment();
            return list(definitionId, StubServer.stringField(body, "status"), StubServer.stringField(body, "cursor"),
                    (int) StubServer.longField(body, "pageSize", 50));
        }
        if (path.equals(Bench.GET_EVENTS)) {
            Execution execution = byId.get(StubServer.stringField(body, "executionId"));
            if (execution == null) {
                return StubServer.notFound();
            }
            getEvents.computeIfAbsent(execution.definitionId, d -> new LongAdder()).increment();
            return events(execution, StubServer.longField(body, "sinceSeq", 0),
                    (int) StubServer.longField(body, "pageSize", 100));
        }
        return StubServer.notFound();
    }

    /** Newest first; {@code running} lists those not ended, {@code pending} none, no status all of them. */
    private byte[] list(String definitionId, String status, String cursor, int pageSize) {
        List<Execution> matching = new ArrayList<>();
        for (Execution execution : byDefinition.getOrDefault(definitionId, List.of())) {
            if (status == null || status.equals("running") && !execution.ended()) {
                matching.add(execution);
            }
        }
        matching.sort((a, b) -> Long.compare(b.startedAt, a.startedAt));
        int offset = cursor == null ? 0 : Integer.parseInt(cursor);
        int end = Math.min(matching.size(), offset + pageSize);
        StringBuilder json = new StringBuilder("{\"result\":{\"items\":[");
        for (int i = offset; i < end; i++) {
            Execution execution = matching.get(i);
            json.append(i > offset ? "," : "").append(Bench.executionView(execution.id,
                    execution.ended() ? "completed" : "running", execution.startedAt, definitionId, false));
        }
        json.append("],\"nextCursor\":").append(end < matching.size() ? "\"" + end + "\"" : "null").append("}}");
        return StubServer.ok(json.toString());
    }

    private static byte[] events(Execution execution, long since, int pageSize) {
        int visible = execution.visible.get();
        int total = execution.total;
        long last = Math.min(visible, since + pageSize);
        StringBuilder events = new StringBuilder();
        for (long seq = since + 1; seq <= last; seq++) {
            String type = seq == 1 ? "execution.dispatched"
                    : seq == total ? "execution.completed" : Bench.middleType(seq);
            events.append(seq > since + 1 ? "," : "").append(Bench.event(execution.id, seq, type));
        }
        return StubServer.ok(Bench.eventsPage(execution.id, events, Math.max(since, last), last < visible));
    }
}
