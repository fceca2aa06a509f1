package dev.velt.camel.component.history;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The persistent state repository of one history: a map that outlives every route of the history (stops, kills), which
 * can be made to throw on read or on write (an outage: a JDBC failover), or to drop every write silently (the moment a
 * process is killed: nothing it writes afterwards reaches the store).
 */
final class FlakyStateRepository extends ServiceSupport implements StateRepository<String, String> {

    private final Map<String, String> store = new ConcurrentHashMap<>();
    private volatile boolean readFails;
    private volatile boolean writeFails;
    private volatile boolean frozen;

    void readFails(boolean fails) {
        this.readFails = fails;
    }

    void writeFails(boolean fails) {
        this.writeFails = fails;
    }

    /** From now on writes are dropped: the process is dead. */
    void freeze(boolean frozen) {
        this.frozen = frozen;
    }

    int size() {
        return store.size();
    }

    @Override
    public void setState(String key, String value) {
        if (frozen) {
            return;
        }
        if (writeFails) {
            throw new IllegalStateException("state repository outage (write of " + key + ")");
        }
        if (value == null) {
            store.remove(key);
        } else {
            store.put(key, value);
        }
    }

    @Override
    public String getState(String key) {
        if (readFails) {
            throw new IllegalStateException("state repository outage (read of " + key + ")");
        }
        return store.get(key);
    }

    @Override
    protected void doStart() {
        // the store outlives the routes
    }

    @Override
    protected void doStop() {
        // the store outlives the routes
    }
}
