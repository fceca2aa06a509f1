package dev.velt.camel.component.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

import dev.velt.camel.component.consumer.PageGuard;
import dev.velt.camel.component.consumer.PollBudget;
import dev.velt.camel.component.consumer.ScanWindow;
import dev.velt.camel.model.ExecutionView;

/**
 * Reads the executions of a definition that are running or pending, one list per status, page by page. Resumable: when
 * the poll's budget runs out, the next call goes on from the page it stopped at, so any number of live executions is
 * read through in as many polls as their pages need. Polling thread only.
 */
public final class LiveListing {

    /** The statuses of executions that are not terminal yet, as the list filter takes them. */
    public static final List<String> LIVE_STATUSES = List.of("running", "pending");

    private final Function<String, ScanWindow.Lister<ExecutionView>> listerByStatus;
    private final LongSupplier undatedStart;
    private final Map<String, Long> open = new LinkedHashMap<>();
    private int status;
    private String cursor;
    private PageGuard guard = new PageGuard();
    private boolean done;
    /** Every page of both lists was read. */
    private boolean listed;
    /** Executions read and not yet handed over. */
    private final java.util.ArrayDeque<ExecutionView> toHandOver = new java.util.ArrayDeque<>();

    /**
     * @param listerByStatus the list of the definition filtered by one status
     * @param undatedStart the start to note for an execution that has none yet (pending)
     */
    public LiveListing(Function<String, ScanWindow.Lister<ExecutionView>> listerByStatus, LongSupplier undatedStart) {
        this.listerByStatus = listerByStatus;
        this.undatedStart = undatedStart;
    }

    /**
     * Reads on, then hands each live execution read to {@code found} (which may throw: that execution and the ones after
     * it are handed over again next time). The pages are read before any is handed over, so a failing {@code found} (a
     * state repository down) does not hold the listing back while executions end and leave the list.
     *
     * @return true once every page of both lists was read and every execution handed over
     */
    public boolean readOn(PollBudget budget, Consumer<ExecutionView> found) {
        while (!listed) {
            if (!budget.take()) {
                break;
            }
            ScanWindow.Listing<ExecutionView> page = listerByStatus.apply(LIVE_STATUSES.get(status)).list(cursor);
            for (ExecutionView execution : page.items()) {
                if (execution.getExecutionId() != null) {
                    toHandOver.add(execution);
                    open.put(execution.getExecutionId(), execution.getStartedAt() != null
                            ? execution.getStartedAt() : undatedStart.getAsLong());
                }
            }
            if (guard.follow(page.nextCursor())) {
                cursor = page.nextCursor();
            } else if (++status < LIVE_STATUSES.size()) {
                cursor = null;
                guard = new PageGuard();
            } else {
                listed = true;
            }
        }
        while (!toHandOver.isEmpty()) {
            found.accept(toHandOver.peek());
            toHandOver.remove();
        }
        done = listed;
        return done;
    }

    public boolean done() {
        return done;
    }

    /** True when a listing began and is not done: the next poll reads on. */
    public boolean inProgress() {
        return !done && (status > 0 || cursor != null || listed || !toHandOver.isEmpty());
    }

    /** The live executions read, with their startedAt. */
    public Map<String, Long> open() {
        return open;
    }

    /** The next pass reads both lists again from their first page. */
    public void reset() {
        open.clear();
        status = 0;
        cursor = null;
        guard = new PageGuard();
        done = false;
        listed = false;
        toHandOver.clear();
    }

    /** The oldest start among the executions open now and those open at the end of the last pass, or null. */
    static Long oldest(Map<String, Long> now, Map<String, Long> before) {
        Long oldest = null;
        for (Map<String, Long> map : List.of(now, before == null ? Map.<String, Long>of() : before)) {
            for (Long started : map.values()) {
                oldest = oldest == null || started < oldest ? started : oldest;
            }
        }
        return oldest;
    }
}
