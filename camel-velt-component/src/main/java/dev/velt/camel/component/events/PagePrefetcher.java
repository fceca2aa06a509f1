package dev.velt.camel.component.events;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import dev.velt.camel.model.EventsPage;

/**
 * Reads an execution's next {@code getEvents} page while the current one is being delivered, when a poll stopped with
 * more to read (its {@code maxMessagesPerPoll} reached). The next poll takes that page instead of asking again, if it
 * asks for exactly the same {@code sinceSeq} and page size (after a failed exchange it does not, and the page is
 * dropped). Events never change once written, so an early read is as good as a late one. At most one page per
 * execution is read ahead.
 */
public final class PagePrefetcher {

    private record Prefetch(long since, Integer pageSize, CompletableFuture<EventsPage> page) {
    }

    private final ExecutorService executor;
    private final Map<String, Prefetch> pages = new ConcurrentHashMap<>();

    public PagePrefetcher(ExecutorService executor) {
        this.executor = executor;
    }

    /** Starts reading the page after {@code since}, unless one is being read for the execution already. */
    public void start(String executionId, long since, Integer pageSize, Supplier<EventsPage> read) {
        pages.computeIfAbsent(executionId, id -> new Prefetch(since, pageSize, CompletableFuture.supplyAsync(read, executor)));
    }

    /**
     * The page read ahead for exactly this request, waiting for it if it is still on its way; null when there is none
     * (or it was for another request, which is dropped). A failed read ahead is thrown as the read's own failure.
     */
    public EventsPage take(String executionId, long since, Integer pageSize) {
        Prefetch prefetch = pages.remove(executionId);
        if (prefetch == null) {
            return null;
        }
        if (prefetch.since() != since || !java.util.Objects.equals(prefetch.pageSize(), pageSize)) {
            prefetch.page().cancel(false);
            return null;
        }
        try {
            return prefetch.page().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Releases the page read ahead for an execution that ended. */
    public void discard(String executionId) {
        Prefetch prefetch = pages.remove(executionId);
        if (prefetch != null) {
            prefetch.page().cancel(false);
        }
    }

    /** How many pages are held, for the memory bound checks. */
    public int size() {
        return pages.size();
    }

    public void clear() {
        pages.values().forEach(p -> p.page().cancel(false));
        pages.clear();
    }
}
