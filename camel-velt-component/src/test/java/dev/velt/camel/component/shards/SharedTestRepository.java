package dev.velt.camel.component.shards;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.velt.camel.component.state.OrderedStateRepository;
import dev.velt.camel.component.state.RemovableStateRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * One state repository shared by the consumers of every shard, outliving their routes and contexts: ordered and
 * removable as the JDBC one, and made to throw on chosen writes (a JDBC failover during a hand-over).
 */
final class SharedTestRepository extends ServiceSupport implements OrderedStateRepository, RemovableStateRepository {

    private record Entry(String value, Long order) {
    }

    private final Map<String, Entry> states = new ConcurrentHashMap<>();
    private volatile Predicate<String> failingWrites = key -> false;
    private final AtomicInteger failedWrites = new AtomicInteger();

    /** Writes of the keys that match throw from now on, until changed. */
    void failWrites(Predicate<String> keys) {
        failingWrites = keys;
    }

    int failedWrites() {
        return failedWrites.get();
    }

    /** A copy of what is stored, sorted by key. */
    Map<String, String> contents() {
        Map<String, String> copy = new TreeMap<>();
        states.forEach((key, entry) -> copy.put(key, entry.value()));
        return copy;
    }

    private void check(String key) {
        if (failingWrites.test(key)) {
            failedWrites.incrementAndGet();
            throw new IllegalStateException("state repository outage (write of " + key + ")");
        }
    }

    @Override
    public void setState(String key, String value) {
        check(key);
        states.compute(key, (k, old) -> new Entry(value, old == null ? null : old.order()));
    }

    @Override
    public boolean setStateIfAhead(String key, String value, long order) {
        check(key);
        boolean[] written = new boolean[1];
        states.compute(key, (k, old) -> {
            if (old != null && old.order() != null && old.order() >= order) {
                return old;
            }
            written[0] = true;
            return new Entry(value, order);
        });
        return written[0];
    }

    @Override
    public Long getOrder(String key) {
        Entry entry = states.get(key);
        return entry == null ? null : entry.order();
    }

    @Override
    public String getState(String key) {
        Entry entry = states.get(key);
        return entry == null ? null : entry.value();
    }

    @Override
    public boolean removeState(String key) {
        return states.remove(key) != null;
    }

    @Override
    protected void doStart() {
        // outlives the routes
    }

    @Override
    protected void doStop() {
        // outlives the routes
    }
}
