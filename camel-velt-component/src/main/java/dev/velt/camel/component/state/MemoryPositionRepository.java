package dev.velt.camel.component.state;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.support.service.ServiceSupport;

/**
 * The consumers' default state repository: in memory, lost on restart, like Camel's {@code MemoryStateRepository}, but
 * able to remove a key, so an ended execution leaves nothing behind, and writing conditionally, so that a position
 * never moves back.
 */
public final class MemoryPositionRepository extends ServiceSupport implements RemovableStateRepository, OrderedStateRepository {

    private record Entry(String value, Long order) {
    }

    private final Map<String, Entry> states = new ConcurrentHashMap<>();

    @Override
    public void setState(String key, String value) {
        states.compute(key, (k, old) -> new Entry(value, old == null ? null : old.order()));
    }

    @Override
    public boolean setStateIfAhead(String key, String value, long order) {
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
}
