package dev.velt.camel.component.consumer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The window holds no lock while a scan waits on Velt's list: a stop that stores the window, or a push that reads and
 * adds to it, goes on while the list request hangs.
 */
class ScanWindowConcurrencyTest {

    private record Item(String id, Long startedAt) {
    }

    private static final ScanWindow.ItemShape<Item> SHAPE = new ScanWindow.ItemShape<>(Item::id, Item::startedAt);

    @Test
    void theWindowIsReadStoredAndAddedToWhileAScanWaitsOnTheList() throws Exception {
        ScanWindow window = new ScanWindow(1_000L, Map.of("known", 1_000L), () -> 0L);
        CountDownLatch listing = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        CompletableFuture<Boolean> scan = CompletableFuture.supplyAsync(() -> window.scan(cursor -> {
            listing.countDown();
            await(answer);
            return new ScanWindow.Listing<>(List.of(new Item("new", 2_000L)), null);
        }, SHAPE, ScanWindow.LOOKBACK_MS, null, false, new PollBudget(10), item -> {
        }, item -> {
        }));
        assertThat(listing.await(10, TimeUnit.SECONDS)).isTrue();

        // the list request hangs: the other threads go on
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(window.snapshot()).containsOnlyKeys("known");
            assertThat(window.takeChanged()).isFalse();
            assertThat(window.mayBeNew("pushed", 1_500L)).isTrue();
            window.admitted("pushed", 1_500L);
            assertThat(window.knows("pushed")).isTrue();
        });

        answer.countDown();
        assertThat(scan.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(window.snapshot()).containsKeys("known", "pushed", "new");
        assertThat(window.watermark()).isEqualTo(2_000L);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no answer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
