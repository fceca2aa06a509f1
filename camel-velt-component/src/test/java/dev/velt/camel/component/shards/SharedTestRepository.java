package dev.velt.camel.component.shards;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.velt.camel.component.state.MemoryPositionRepository;
import dev.velt.camel.component.state.OrderedStateRepository;
import dev.velt.camel.component.state.RemovableStateRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * One state repository shared by the consumers of every shard, outliving their routes and contexts: the component's
 * in-memory repository (ordered and removable as the JDBC one), made to throw on chosen writes (a JDBC failover during
 * a hand-over).
 */
final class SharedTestRepository extends ServiceSupport implements OrderedStateRepository, RemovableStateRepository {

    private final MemoryPositionRepository states = new MemoryPositionRepository();
    /** Every key ever written, for {@link #contents()}: the in-memory repository does not list its keys. */
    private final Set<String> written = ConcurrentHashMap.newKeySet();
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
        for (String key : written) {
            String value = states.getState(key);
            if (value != null) {
                copy.put(key, value);
            }
        }
        return copy;
    }

    private void check(String key) {
        if (failingWrites.test(key)) {
            failedWrites.incrementAndGet();
            throw new IllegalStateException("state repository outage (write of " + key + ")");
        }
        written.add(key);
    }

    @Override
    public void setState(String key, String value) {
        check(key);
        states.setState(key, value);
    }

    @Override
    public boolean setStateIfAhead(String key, String value, long order) {
        check(key);
        return states.setStateIfAhead(key, value, order);
    }

    @Override
    public Long getOrder(String key) {
        return states.getOrder(key);
    }

    @Override
    public String getState(String key) {
        return states.getState(key);
    }

    @Override
    public boolean removeState(String key) {
        return states.removeState(key);
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
