package dev.velt.camel.component.events;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.velt.camel.model.EventsPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link PagePrefetcher}: one page read ahead per execution, taken only by exactly the same request.
 */
class PagePrefetcherTest {

    /** Runs what it is given only when told to, on the calling thread. */
    static final class ManualExecutor extends AbstractExecutorService {

        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable command) {
            tasks.add(command);
        }

        void runAll() {
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                task.run();
            }
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    private final ManualExecutor executor = new ManualExecutor();
    private final PagePrefetcher prefetcher = new PagePrefetcher(executor);
    private final AtomicInteger reads = new AtomicInteger();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private Supplier<EventsPage> read(EventsPage page) {
        return () -> {
            reads.incrementAndGet();
            return page;
        };
    }

    private static EventsPage page(String executionId) {
        EventsPage page = new EventsPage();
        page.setExecutionId(executionId);
        return page;
    }

    @Test
    void thePageReadAheadIsTakenByExactlyTheSameRequest() {
        EventsPage page = page("e");
        prefetcher.start("e", 10, 50, read(page));
        executor.runAll();

        assertThat(prefetcher.take("e", 10, 50)).isSameAs(page);
        assertThat(prefetcher.size()).isZero();
        assertThat(prefetcher.take("e", 10, 50)).as("taken once").isNull();
    }

    @Test
    void noPageReadAheadNothingToTake() {
        assertThat(prefetcher.take("e", 10, 50)).isNull();
    }

    @Test
    void thePageIsReadAheadOnTheExecutorNotTheCaller() {
        prefetcher.start("e", 10, 50, read(page("e")));

        assertThat(reads).hasValue(0);
        executor.runAll();
        assertThat(reads).hasValue(1);
    }

    @Test
    void aPageForAnotherSinceIsDroppedUnread() {
        prefetcher.start("e", 10, 50, read(page("e")));

        assertThat(prefetcher.take("e", 11, 50)).isNull();

        assertThat(prefetcher.size()).isZero();
        executor.runAll();
        assertThat(reads).as("cancelled before it ran").hasValue(0);
    }

    @Test
    void aPageForAnotherPageSizeIsDroppedUnread() {
        prefetcher.start("e", 10, 50, read(page("e")));

        assertThat(prefetcher.take("e", 10, 20)).isNull();

        executor.runAll();
        assertThat(reads).hasValue(0);
    }

    @Test
    void aPageWithoutPageSizeIsTakenOnlyByARequestWithoutPageSize() {
        EventsPage page = page("e");
        prefetcher.start("e", 10, null, read(page));
        prefetcher.start("f", 10, null, read(page("f")));
        executor.runAll();

        assertThat(prefetcher.take("e", 10, null)).isSameAs(page);
        assertThat(prefetcher.take("f", 10, 50)).isNull();
    }

    @Test
    void atMostOnePagePerExecutionIsReadAhead() {
        EventsPage first = page("e");
        prefetcher.start("e", 10, 50, read(first));
        prefetcher.start("e", 20, 50, read(page("e")));
        prefetcher.start("other", 10, 50, read(page("other")));
        executor.runAll();

        assertThat(reads).hasValue(2);
        assertThat(prefetcher.size()).isEqualTo(2);
        assertThat(prefetcher.take("e", 10, 50)).isSameAs(first);
    }

    @Test
    void aTakeWaitsForAPageStillOnItsWay() throws Exception {
        EventsPage page = page("e");
        prefetcher.start("e", 10, 50, read(page));

        CompletableFuture<EventsPage> taken = CompletableFuture.supplyAsync(() -> prefetcher.take("e", 10, 50));
        await().until(() -> prefetcher.size() == 0);
        assertThat(taken).isNotDone();
        executor.runAll();

        assertThat(taken.get(10, TimeUnit.SECONDS)).isSameAs(page);
    }

    @Test
    void aFailedReadAheadIsThrownAsTheReadsOwnFailure() {
        IllegalStateException failure = new IllegalStateException("getEvents failed");
        prefetcher.start("e", 10, 50, () -> {
            throw failure;
        });
        executor.runAll();

        assertThatThrownBy(() -> prefetcher.take("e", 10, 50)).isSameAs(failure);
        assertThat(prefetcher.size()).isZero();
    }

    @Test
    void aReadAheadThatFailedWithAnErrorIsThrownWrapped() {
        AssertionError error = new AssertionError("boom");
        prefetcher.start("e", 10, 50, () -> {
            throw error;
        });
        executor.runAll();

        assertThatThrownBy(() -> prefetcher.take("e", 10, 50)).isInstanceOf(IllegalStateException.class).hasCause(error);
    }

    @Test
    void anInterruptedTakeGetsNothingAndKeepsTheInterrupt() {
        prefetcher.start("e", 10, 50, read(page("e")));

        Thread.currentThread().interrupt();
        EventsPage taken = prefetcher.take("e", 10, 50);

        assertThat(taken).isNull();
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void theDiscardedPageOfAnEndedExecutionIsNotRead() {
        prefetcher.start("e", 10, 50, read(page("e")));
        prefetcher.start("f", 10, 50, read(page("f")));

        prefetcher.discard("e");
        prefetcher.discard("never");

        assertThat(prefetcher.size()).isEqualTo(1);
        executor.runAll();
        assertThat(reads).hasValue(1);
        assertThat(prefetcher.take("e", 10, 50)).isNull();
    }

    @Test
    void clearDropsEveryPageUnread() {
        prefetcher.start("e", 10, 50, read(page("e")));
        prefetcher.start("f", 10, 50, read(page("f")));

        prefetcher.clear();

        assertThat(prefetcher.size()).isZero();
        executor.runAll();
        assertThat(reads).hasValue(0);
    }
}
