package dev.velt.camel.component.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link InFlightTracker}: which groups have an exchange in flight, and the position writes that failed.
 */
class InFlightTrackerTest {

    private final InFlightTracker tracker = new InFlightTracker();

    @Test
    void aDispatchedGroupIsInFlightUntilItSettles() {
        tracker.dispatched("g");

        assertThat(tracker.isInFlight("g")).isTrue();
        assertThat(tracker.isInFlight("other")).isFalse();
        assertThat(tracker.size()).isEqualTo(1);

        tracker.settled("g");

        assertThat(tracker.isInFlight("g")).isFalse();
        assertThat(tracker.size()).isZero();
    }

    @Test
    void aGroupWithTwoExchangesInFlightStaysInFlightUntilBothSettled() {
        tracker.dispatched("g");
        tracker.dispatched("g");

        tracker.settled("g");
        assertThat(tracker.isInFlight("g")).isTrue();
        assertThat(tracker.size()).isEqualTo(1);

        tracker.settled("g");
        assertThat(tracker.isInFlight("g")).isFalse();
    }

    @Test
    void settlingAGroupNotInFlightChangesNothing() {
        tracker.dispatched("other");

        tracker.settled("g");

        assertThat(tracker.isInFlight("g")).isFalse();
        assertThat(tracker.isInFlight("other")).isTrue();
        assertThat(tracker.whenSettled("g")).isCompleted();
    }

    @Test
    void waitingForAGroupNotInFlightCompletesAtOnce() {
        assertThat(tracker.whenSettled("g")).isCompleted();
    }

    @Test
    void waitingForAGroupInFlightCompletesWhenItsLastExchangeSettles() {
        tracker.dispatched("g");
        tracker.dispatched("g");
        tracker.dispatched("other");

        CompletableFuture<Void> settled = tracker.whenSettled("g");
        assertThat(settled).isNotDone();

        tracker.settled("other");
        assertThat(settled).isNotDone();
        tracker.settled("g");
        assertThat(settled).isNotDone();
        tracker.settled("g");
        assertThat(settled).isCompleted();
    }

    @Test
    void everyoneWaitingForAGroupIsToldOnce() {
        tracker.dispatched("g");
        CompletableFuture<Void> first = tracker.whenSettled("g");
        CompletableFuture<Void> second = tracker.whenSettled("g");

        tracker.settled("g");

        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
    }

    @Test
    void aWaitAfterTheGroupSettledIsNotToldByAnEarlierSignal() {
        tracker.dispatched("g");
        CompletableFuture<Void> first = tracker.whenSettled("g");
        tracker.settled("g");
        tracker.dispatched("g");

        CompletableFuture<Void> second = tracker.whenSettled("g");

        assertThat(first).isCompleted();
        assertThat(second).isNotDone();
        tracker.settled("g");
        assertThat(second).isCompleted();
    }

    @Test
    void aGroupSettledOnAnotherThreadReleasesTheWaiter() throws Exception {
        ExecutorService routeThreads = Executors.newFixedThreadPool(2);
        try {
            int groups = 200;
            List<CompletableFuture<Void>> waits = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> settling = new ArrayList<>();
            for (int i = 0; i < groups; i++) {
                String group = "g" + i;
                tracker.dispatched(group);
                settling.add(routeThreads.submit(() -> {
                    go.await();
                    tracker.settled(group);
                    return null;
                }));
            }
            go.countDown();
            for (int i = 0; i < groups; i++) {
                waits.add(tracker.whenSettled("g" + i));
            }
            for (Future<?> f : settling) {
                f.get(10, TimeUnit.SECONDS);
            }

            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(tracker.size()).isZero();
        } finally {
            routeThreads.shutdownNow();
        }
    }

    @Test
    void theFirstFailedPositionWriteIsReportedOnce() {
        IllegalStateException first = new IllegalStateException("first");
        tracker.commitFailed(first);
        tracker.commitFailed(new IllegalStateException("second"));

        assertThatThrownBy(tracker::throwCommitFailure).isSameAs(first);
        assertThatCode(tracker::throwCommitFailure).doesNotThrowAnyException();
    }

    @Test
    void aFailureAfterTheReportIsReportedNextTime() {
        tracker.commitFailed(new IllegalStateException("first"));
        assertThatThrownBy(tracker::throwCommitFailure);

        tracker.commitFailed(new IllegalStateException("later"));

        assertThatThrownBy(tracker::throwCommitFailure).hasMessage("later");
    }

    @Test
    void noFailedWriteNothingToReport() {
        assertThatCode(tracker::throwCommitFailure).doesNotThrowAnyException();
    }

    @Test
    void awaitNoneReturnsOnceEveryGroupSettled() throws Exception {
        tracker.dispatched("a");
        tracker.dispatched("b");
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> tracker.awaitNone(10_000));

        tracker.settled("a");
        assertThat(waiting).isNotDone();
        tracker.settled("b");

        waiting.get(5, TimeUnit.SECONDS);
        assertThat(tracker.size()).isZero();
    }

    @Test
    void awaitNoneGivesUpAtItsBoundAndLeavesTheGroupInFlight() {
        tracker.dispatched("stuck");

        tracker.awaitNone(50);

        assertThat(tracker.isInFlight("stuck")).isTrue();
    }

    @Test
    void anInterruptDoesNotCutAwaitNoneShortAndIsKept() throws Exception {
        tracker.dispatched("on-a-route-thread");
        CompletableFuture<Boolean> interruptedAfterwards = new CompletableFuture<>();
        Thread stopping = new Thread(() -> {
            Thread.currentThread().interrupt(); // one meant for another task, as a shared stop thread may carry
            tracker.awaitNone(10_000);
            interruptedAfterwards.complete(Thread.currentThread().isInterrupted());
        });
        stopping.start();

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> !interruptedAfterwards.isDone());
        tracker.settled("on-a-route-thread");

        assertThat(interruptedAfterwards.get(5, TimeUnit.SECONDS)).as("the interrupt is kept for the caller").isTrue();
        assertThat(tracker.size()).isZero();
    }

    @Test
    void awaitNoneWithNothingInFlightReturnsAtOnce() {
        assertThatCode(() -> tracker.awaitNone(0)).doesNotThrowAnyException();
    }
}
