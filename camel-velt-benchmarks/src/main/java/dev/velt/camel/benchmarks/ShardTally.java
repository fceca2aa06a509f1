package dev.velt.camel.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import dev.velt.camel.component.VeltConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The route of one side of the sharding scenario: spends {@code workMillis} per event ({@link Thread#sleep}, a
 * simulated call to another system), and counts what it was given: events, repeats, the time of the last one, and
 * the latency from an event's appearance at the stub to its exchange, for events that appeared after {@link #mark()}
 * (and before {@link #markEnd()}).
 */
final class ShardTally implements Processor {

    /** One latency sample. */
    record Sample(String executionId, long seq, long micros) {
    }

    private final ShardWorld world;
    private final long workMillis;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder repeated = new LongAdder();
    private final AtomicLong lastNanos = new AtomicLong();
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> byExecution = new ConcurrentHashMap<>();
    private volatile long markNanos = Long.MAX_VALUE;
    private volatile long endNanos = Long.MAX_VALUE;

    ShardTally(ShardWorld world, long workMillis) {
        this.world = world;
        this.workMillis = workMillis;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String id = exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID, String.class);
        long seq = exchange.getMessage().getHeader(VeltConstants.EVENT_SEQ, Long.class);
        long now = System.nanoTime();
        if (!seen.add(id + "#" + seq)) {
            repeated.increment();
        }
        long appeared = world.appeared(id, seq);
        if (appeared >= markNanos && appeared < endNanos) {
            samples.add(new Sample(id, seq, (now - appeared) / 1000));
        }
        byExecution.computeIfAbsent(id, k -> new LongAdder()).increment();
        if (workMillis > 0) {
            Thread.sleep(workMillis);
        }
        delivered.increment();
        lastNanos.set(System.nanoTime());
    }

    /** From now on, events that appear are timed. */
    void mark() {
        markNanos = System.nanoTime();
    }

    /** From now on, events that appear are no longer timed. */
    void markEnd() {
        endNanos = System.nanoTime();
    }

    /** Whether the event was delivered. */
    boolean has(String executionId, long seq) {
        return seen.contains(executionId + "#" + seq);
    }

    long delivered() {
        return delivered.sum();
    }

    long repeated() {
        return repeated.sum();
    }

    long distinct() {
        return seen.size();
    }

    long lastNanos() {
        return lastNanos.get();
    }

    /** Events delivered of the execution so far. */
    long deliveredOf(String executionId) {
        LongAdder count = byExecution.get(executionId);
        return count == null ? 0 : count.sum();
    }

    /**
     * The p50 and p99 (ms) and the count of the timed events that {@code which} selects, or the count alone without
     * samples.
     */
    Map<String, Object> latency(Predicate<Sample> which) {
        long[] micros = samples.stream().filter(which).mapToLong(Sample::micros).sorted().toArray();
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("events", micros.length);
        if (micros.length > 0) {
            latency.put("p50_ms", Bench.round(Bench.percentile(micros, 50) / 1000.0, 1));
            latency.put("p99_ms", Bench.round(Bench.percentile(micros, 99) / 1000.0, 1));
        }
        return latency;
    }
}
