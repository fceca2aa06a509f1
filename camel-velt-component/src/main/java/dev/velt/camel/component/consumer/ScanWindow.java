package dev.velt.camel.component.consumer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A newest-first list scan (workflow executions, agent runs) that reads, on every pass, from the top of the list down
 * to
 * the stored <em>watermark</em> minus a reach: the watermark is the newest {@code startedAt} of the passes that ended,
 * so whatever started after them, during a pause of any length, lies above the horizon and is read. The reach (at least
 * the {@link #LOOKBACK_MS lookback}) finds items that become visible late, or enter a filtered list late, with an older
 * {@code startedAt} than items already seen.
 * <p>
 * The ids read above the horizon are the window: an id in it is known, so it is never taken for new twice. An id enters
 * the window only after the consumer's {@link Admission} stored or read what it needs about it; when that throws, the
 * id stays unknown and the pass resumes at the same page next time. Ids below the horizon of an ended pass leave the
 * window (no later pass reads down to them), which keeps it bounded.
 * <p>
 * A pass that runs out of the poll's {@link PollBudget} (or fails) is resumed by the next scan at the page it stopped
 * at, with the same horizon. The watermark moves only when a pass ends, and never back.
 * <p>
 * Threads: {@link #scan} runs on the polling thread and calls the lister and the admission without holding a lock; the
 * window itself is guarded by this object's monitor, held only for in-memory steps, so a push thread may read and add
 * to it ({@link #knows}, {@link #admitted}) at any time.
 */
public final class ScanWindow {

    /** How far below the watermark every pass reads again: 5 minutes. */
    public static final long LOOKBACK_MS = 5 * 60 * 1000L;

    /** One page of a list: its items, and the cursor of the next page (null on the last). */
    public record Listing<T>(List<T> items, String nextCursor) {
    }

    /** Reads the page at {@code cursor} (null: the first). */
    @FunctionalInterface
    public interface Lister<T> {

        Listing<T> list(String cursor);
    }

    /** How the scan reads an item. */
    public record ItemShape<T>(Function<T, String> id, Function<T, Long> startedAt) {
    }

    /**
     * What the consumer does with an item the window does not know, before the window knows it: read or store its
     * state. Throws when it cannot; then the item stays unknown and the pass stops there.
     */
    @FunctionalInterface
    public interface Admission<T> {

        void admit(T item);
    }

    private final Map<String, Long> window;
    private final LongSupplier clock;
    private Long watermark;
    private boolean changed;
    // the pass under way: polling thread only
    private boolean midPass;
    private String resumeCursor;
    private long passHorizon;
    private volatile Long passTop;

    /**
     * @param watermark the stored watermark (null: no pass has read anything yet)
     * @param window the stored window: ids with their {@code startedAt}
     * @param clock the local time, used only for an item without {@code startedAt} when nothing is known yet
     */
    public ScanWindow(Long watermark, Map<String, Long> window, LongSupplier clock) {
        this.watermark = watermark;
        this.window = new LinkedHashMap<>(window);
        this.clock = clock;
    }

    public synchronized Long watermark() {
        return watermark;
    }

    /** A copy of the window, to store. */
    public synchronized Map<String, Long> snapshot() {
        return new LinkedHashMap<>(window);
    }

    public synchronized int size() {
        return window.size();
    }

    public synchronized boolean knows(String id) {
        return window.containsKey(id);
    }

    /**
     * Whether an item found outside a scan (a push of an execution not watched yet) may be new: not in the window, and
     * not started below the window's floor (then a pass read it when it was listed, or it ended before the consumer
     * first started). {@code startedAt} null: not started yet, which is new.
     */
    public synchronized boolean mayBeNew(String id, Long startedAt) {
        return !window.containsKey(id) && (startedAt == null || watermark == null || startedAt >= watermark - LOOKBACK_MS);
    }

    /** Records an item the consumer admitted outside a scan (its state was read or stored first). */
    public synchronized void admitted(String id, Long startedAt) {
        if (window.putIfAbsent(id, startedAt != null ? startedAt : undatedStart()) == null) {
            changed = true;
        }
    }

    /** True while a pass is under way (the last scan stopped in the middle of it). */
    public boolean midPass() {
        return midPass;
    }

    /**
     * Reads on from where the last scan stopped (or from the top), telling {@code listed} about every item read above
     * the horizon and admitting each one the window does not know, until the horizon, the end of the list or the end of
     * the budget. A new pass reads down to the watermark minus {@code reach}, lowered to {@code floor} when that is set
     * and lower; with no watermark yet it reads the whole list, unless {@code anchor} is set (a first start): then the
     * watermark is taken from the first page.
     *
     * @return true when the pass ended (the next call begins a new one); false when the budget ran out first
     */
    public <T> boolean scan(Lister<T> lister, ItemShape<T> shape, long reach, Long floor, boolean anchor, PollBudget budget,
            Consumer<T> listed, Admission<T> admission) {
        boolean newPass = !midPass;
        String cursor = newPass ? null : resumeCursor;
        PageGuard guard = new PageGuard();
        guard.started(cursor);
        while (true) {
            if (!budget.take()) {
                pause(cursor, newPass);
                return false;
            }
            Listing<T> page;
            try {
                page = lister.list(cursor);
            } catch (RuntimeException e) {
                pause(cursor, newPass);
                throw e;
            }
            if (newPass) {
                beginPass(page, shape, reach, floor, anchor);
                newPass = false;
            }
            boolean reachedHorizon = false;
            for (T item : page.items()) {
                String id = shape.id().apply(item);
                if (id == null) {
                    continue;
                }
                Long started = shape.startedAt().apply(item);
                if (started != null && started < passHorizon) {
                    reachedHorizon = true;
                    break;
                }
                listed.accept(item);
                if (started != null) {
                    passTop = passTop == null ? started : Math.max(passTop, started);
                }
                if (stillKnown(id, started)) {
                    continue;
                }
                try {
                    admission.admit(item);
                } catch (RuntimeException e) {
                    pause(cursor, false);
                    throw e;
                }
                admitted(id, started);
            }
            if (reachedHorizon || !guard.follow(page.nextCursor())) {
                endPass();
                return true;
            }
            cursor = page.nextCursor();
            pause(cursor, false);
        }
    }

    /**
     * Whether the window knows an id a pass read; a known id is kept at its start (while it has none, the newest start
     * known), so it does not leave the window while passes still read it (an item admitted before it started).
     */
    private synchronized boolean stillKnown(String id, Long started) {
        Long was = window.get(id);
        if (was == null) {
            return false;
        }
        long start = started != null ? started : undatedStart();
        if (start > was) {
            window.put(id, start);
            changed = true;
        }
        return true;
    }

    private void pause(String cursor, boolean passNotBegun) {
        midPass = !passNotBegun;
        resumeCursor = midPass ? cursor : null;
    }

    private synchronized <T> void beginPass(Listing<T> firstPage, ItemShape<T> shape, long reach, Long floor,
            boolean anchor) {
        passTop = null;
        if (watermark == null && anchor) {
            for (T item : firstPage.items()) {
                Long started = shape.startedAt().apply(item);
                if (started != null && (watermark == null || started > watermark)) {
                    watermark = started;
                    changed = true;
                }
            }
        }
        long horizon = watermark == null ? Long.MIN_VALUE : watermark - reach;
        passHorizon = floor != null ? Math.min(horizon, floor) : horizon;
    }

    /** The watermark moves up to the newest start read; ids below the horizon of the pass leave the window. */
    private synchronized void endPass() {
        midPass = false;
        resumeCursor = null;
        if (passTop != null && (watermark == null || passTop > watermark)) {
            watermark = passTop;
            changed = true;
        }
        if (window.values().removeIf(started -> started < passHorizon)) {
            changed = true;
        }
    }

    /** An item without {@code startedAt} (not started yet) counts as started at the newest start known. */
    private long undatedStart() {
        Long known = passTop != null && (watermark == null || passTop > watermark) ? passTop : watermark;
        return known != null ? known : clock.getAsLong();
    }

    /** True when the window or the watermark changed since the last call (so the state needs saving). */
    public synchronized boolean takeChanged() {
        boolean was = changed;
        changed = false;
        return was;
    }

    /** Marks the state as still to save (its write failed). */
    public synchronized void markChanged() {
        changed = true;
    }
}
