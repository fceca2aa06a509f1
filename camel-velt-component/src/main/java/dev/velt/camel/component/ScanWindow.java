package dev.velt.camel.component;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A newest-first list scan (workflow executions, agent runs) with a lookback window: each pass reads the list from
 * the top down to a horizon the consumer chooses (at the latest {@link #LOOKBACK_MS} below the newest {@code startedAt}
 * seen), so an item that becomes visible late, or enters a filtered list late, with an older {@code startedAt} than
 * items already seen is still found. The ids seen above the horizon are remembered (the window), so nothing is taken
 * for new twice; ids below it are forgotten, which keeps the state bounded by the window.
 * <p>
 * Items without {@code startedAt} (pending, not started yet) never end a pass; they are remembered as started at the
 * time they were first seen (or the newest {@code startedAt}, whichever is later), which keeps them in the window at
 * least as long as their real start would.
 * <p>
 * A pass that runs out of the poll's {@link PollBudget} is continued by the next poll from the page it stopped at, with
 * the same horizon. Thread-safe: a scan runs on the polling thread, {@link #remember} on a push's.
 */
final class ScanWindow {

    /** How far below the newest {@code startedAt} seen every pass reads again: 5 minutes. */
    static final long LOOKBACK_MS = 5 * 60 * 1000L;

    /** One page of a list: its items, and the cursor of the next page (null on the last). */
    record Listing<T>(List<T> items, String nextCursor) {
    }

    /** Reads the page at {@code cursor} (null: the first). */
    @FunctionalInterface
    interface Lister<T> {

        Listing<T> list(String cursor);
    }

    /** How the scan reads an item. */
    record ItemShape<T>(Function<T, String> id, Function<T, Long> startedAt) {
    }

    private final Map<String, Long> seen;
    private Long newest;
    private String resumeCursor;
    private long passHorizon;
    private boolean midPass;
    private boolean changed;

    /**
     * @param newest the newest {@code startedAt} seen before (null: nothing yet)
     * @param seen the window: ids seen, with their {@code startedAt}; kept up to date in place
     */
    ScanWindow(Long newest, Map<String, Long> seen) {
        this.newest = newest;
        this.seen = seen;
    }

    synchronized Long newest() {
        return newest;
    }

    /**
     * Takes an item found outside a scan (a push of an execution not watched yet) into the window, unless the window
     * knows it already or its {@code startedAt} lies below the window (then it is no news: the scans found it when it
     * was, or it ended before the consumer first started). {@code startedAt} null: not started yet, remembered as now.
     *
     * @return true when the item is new
     */
    synchronized boolean remember(String id, Long startedAt) {
        if (seen.containsKey(id) || startedAt != null && newest != null && startedAt < newest - LOOKBACK_MS) {
            return false;
        }
        seen.put(id, startedAt != null ? startedAt : Math.max(System.currentTimeMillis(), newest == null ? 0 : newest));
        changed = true;
        return true;
    }

    /** True while a pass is under way (the last poll ran out of budget in the middle of it). */
    synchronized boolean midPass() {
        return midPass;
    }

    /**
     * Reads on from where the last pass stopped (or from the top), telling {@code listed} about every item read and
     * {@code found} about each one not seen before, until the horizon, the end of the list or the end of the budget.
     * A new pass takes its horizon from the list itself, so it does not depend on the local clock: {@code reach} below
     * the newest {@code startedAt} (seen before, or on the pass's first page), lowered to {@code floor} when that is set
     * and lower.
     *
     * @return true when the pass ended (the next call begins a new one); false when the budget ran out first
     */
    synchronized <T> boolean scan(Lister<T> lister, ItemShape<T> shape, long reach, Long floor, PollBudget budget,
            Consumer<T> listed,
            Consumer<T> found) {
        boolean newPass = !midPass;
        if (newPass) {
            resumeCursor = null;
        }
        PageGuard guard = new PageGuard();
        guard.started(resumeCursor);
        String cursor = resumeCursor;
        while (true) {
            if (!budget.take()) {
                midPass = !newPass || cursor != null;
                resumeCursor = cursor;
                return false;
            }
            Listing<T> page = lister.list(cursor);
            if (newPass) {
                passHorizon = horizon(page, shape, reach, floor);
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
                if (seen.containsKey(id)) {
                    continue;
                }
                seen.put(id, started != null ? started : pendingTime());
                changed = true;
                if (started != null && (newest == null || started > newest)) {
                    newest = started;
                }
                found.accept(item);
            }
            if (reachedHorizon || !guard.follow(page.nextCursor())) {
                endPass();
                return true;
            }
            cursor = page.nextCursor();
            midPass = true;
            resumeCursor = cursor;
        }
    }

    private <T> long horizon(Listing<T> firstPage, ItemShape<T> shape, long reach, Long floor) {
        Long top = newest;
        for (T item : firstPage.items()) {
            Long started = shape.startedAt().apply(item);
            if (started != null && (top == null || started > top)) {
                top = started;
            }
        }
        long horizon = (top != null ? top : System.currentTimeMillis()) - reach;
        return floor != null ? Math.min(horizon, floor) : horizon;
    }

    private long pendingTime() {
        long now = System.currentTimeMillis();
        return newest == null ? now : Math.max(newest, now);
    }

    /** Forgets the ids below the horizon of the pass just ended: no later pass reads down to them. */
    private void endPass() {
        midPass = false;
        resumeCursor = null;
        if (seen.values().removeIf(started -> started < passHorizon)) {
            changed = true;
        }
    }

    /** True when the window changed since the last call (so the state needs saving). */
    synchronized boolean takeChanged() {
        boolean was = changed;
        changed = false;
        return was;
    }
}
