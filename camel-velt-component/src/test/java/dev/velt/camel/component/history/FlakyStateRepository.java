package dev.velt.camel.component.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.velt.camel.component.state.RemovableStateRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The persistent state repository of one history: a map that outlives every route of the history (stops, kills), which
 * can be made to throw on read or on write (an outage: a JDBC failover), or to drop every write silently (the moment a
 * process is killed: nothing it writes afterwards reaches the store). It can remove keys, as the in-memory default and
 * {@code JdbcStateRepository} can, so that what the consumer keeps stored can be held to what is live.
 */
final class FlakyStateRepository extends ServiceSupport implements RemovableStateRepository {

    private static final int JOURNAL_LINES = 2_000;

    private final Map<String, String> store = new ConcurrentHashMap<>();
    private volatile boolean readFails;
    private volatile boolean writeFails;
    private volatile boolean frozen;
    /**
     * What happened to the store, and what the player and the route noted beside it, in order: printed with a failing
     * history, so that a failure seen once can be read even when its replay passes (a race).
     */
    private final List<String> journal = new ArrayList<>();
    private final long created = System.nanoTime();
    private int dropped;
    /** Keys whose last write failed (an outage): what the process still held and the store did not. */
    private final Set<String> unsaved = ConcurrentHashMap.newKeySet();

    /** Adds a line to the journal (at most {@value #JOURNAL_LINES}; later ones are counted, not kept). */
    void note(String what) {
        String line = String.format("%8.3f ms [%s] %s", (System.nanoTime() - created) / 1e6, Thread.currentThread().getName(),
                what);
        synchronized (journal) {
            if (journal.size() < JOURNAL_LINES) {
                journal.add(line);
            } else {
                dropped++;
            }
        }
    }

    /** The journal as text. */
    String journal() {
        synchronized (journal) {
            return String.join("\n", journal) + (dropped > 0 ? "\n... and " + dropped + " lines more" : "");
        }
    }

    void readFails(boolean fails) {
        note(fails ? "read outage begins" : "read outage ends");
        this.readFails = fails;
    }

    void writeFails(boolean fails) {
        note(fails ? "write outage begins" : "write outage ends");
        this.writeFails = fails;
    }

    /** From now on writes are dropped: the process is dead. */
    void freeze(boolean frozen) {
        this.frozen = frozen;
    }

    /** The keys whose last write failed and was not made good since. */
    Set<String> unsaved() {
        return Set.copyOf(unsaved);
    }

    int size() {
        return store.size();
    }

    @Override
    public void setState(String key, String value) {
        note("set " + key + " = " + value + (frozen ? " (dropped: killed)" : writeFails ? " (fails: outage)" : ""));
        if (frozen) {
            return;
        }
        if (writeFails) {
            unsaved.add(key);
            throw new IllegalStateException("state repository outage (write of " + key + ")");
        }
        unsaved.remove(key);
        if (value == null) {
            store.remove(key);
        } else {
            store.put(key, value);
        }
    }

    @Override
    public boolean removeState(String key) {
        note("remove " + key + (frozen ? " (dropped: killed)" : writeFails ? " (fails: outage)" : ""));
        if (frozen) {
            return false;
        }
        if (writeFails) {
            throw new IllegalStateException("state repository outage (removal of " + key + ")");
        }
        unsaved.remove(key);
        return store.remove(key) != null;
    }

    /** The keys stored, sorted. */
    List<String> keys() {
        return store.keySet().stream().sorted().toList();
    }

    @Override
    public String getState(String key) {
        if (readFails) {
            throw new IllegalStateException("state repository outage (read of " + key + ")");
        }
        String value = store.get(key);
        note("get " + key + " = " + value);
        return value;
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
