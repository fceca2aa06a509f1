package dev.velt.camel.component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.support.service.ServiceSupport;

/**
 * The consumers' default state repository: in memory, lost on restart, like Camel's {@code MemoryStateRepository}, but
 * able to remove a key, so an ended execution leaves nothing behind.
 */
final class MemoryPositionRepository extends ServiceSupport implements RemovableStateRepository {

    private final Map<String, String> states = new ConcurrentHashMap<>();

    @Override
    public void setState(String key, String value) {
        states.put(key, value);
    }

    @Override
    public String getState(String key) {
        return states.get(key);
    }

    @Override
    public boolean removeState(String key) {
        return states.remove(key) != null;
    }
}
