package dev.velt.camel.component.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.velt.camel.component.state.MemoryPositionRepository;
import dev.velt.camel.component.state.OrderedStateRepository;
import dev.velt.camel.component.state.VeltPositionStore;
import dev.velt.camel.component.state.VeltPositionStore.ExecutionPosition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * {@link ExecutionPositions}: positions move only forward, the store is written first, ended executions are queued.
 */
class ExecutionPositionsTest {

    /** An in-memory repository that can fail its reads and writes, and sees what the positions held while writing. */
    static final class Repository implements OrderedStateRepository {

        final MemoryPositionRepository memory = new MemoryPositionRepository();
        boolean failReads;
        boolean failWrites;
        final AtomicInteger reads = new AtomicInteger();
        final List<String> writes = new ArrayList<>();
        Runnable duringWrite = () -> {
        };

        @Override
        public String getState(String key) {
            reads.incrementAndGet();
            if (failReads) {
                throw new IllegalStateException("read failed");
            }
            return memory.getState(key);
        }

        @Override
        public void setState(String key, String value) {
            throw new AssertionError("positions are written conditionally");
        }

        @Override
        public boolean setStateIfAhead(String key, String value, long order) {
            duringWrite.run();
            if (failWrites) {
                throw new IllegalStateException("write failed");
            }
            writes.add(value);
            return memory.setStateIfAhead(key, value, order);
        }

        @Override
        public Long getOrder(String key) {
            return memory.getOrder(key);
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }
    }

    private final Repository repository = new Repository();
    private final VeltPositionStore store = new VeltPositionStore(repository);
    private final List<String> ended = new ArrayList<>();
    private final ExecutionPositions positions = new ExecutionPositions(store, ended::add, () -> {
    });

    /** The executions that ended since the last call, as the consumer was told of them. */
    private List<String> takeEnded() {
        List<String> taken = new ArrayList<>(ended);
        ended.clear();
        return taken;
    }

    @Test
    void anExecutionNeverStoredIsWatchedFromTheStart() {
        assertThat(positions.watch("e")).isTrue();

        assertThat(positions.isLive("e")).isTrue();
        assertThat(positions.position("e")).isZero();
    }

    @Test
    void anExecutionIsWatchedFromItsStoredPosition() {
        store.saveExecution("e", new ExecutionPosition(12, false));

        assertThat(positions.watch("e")).isTrue();

        assertThat(positions.position("e")).isEqualTo(12L);
    }

    @Test
    void anExecutionWhoseStoredPositionSaysItEndedIsNotWatched() {
        store.saveExecution("e", new ExecutionPosition(57, true));

        assertThat(positions.watch("e")).isFalse();

        assertThat(positions.isLive("e")).isFalse();
        assertThat(positions.position("e")).isNull();
        assertThat(positions.endedBefore("e")).isTrue();
        assertThat(takeEnded()).isEmpty();
    }

    @Test
    void anExecutionNotEndedOrNeverStoredDidNotEndBefore() {
        store.saveExecution("e", new ExecutionPosition(3, false));

        assertThat(positions.endedBefore("e")).isFalse();
        assertThat(positions.endedBefore("never")).isFalse();
    }

    @Test
    void aWatchWhoseReadThrowsLeavesTheExecutionUnwatched() {
        repository.failReads = true;

        assertThatThrownBy(() -> positions.watch("e")).hasMessage("read failed");

        assertThat(positions.isLive("e")).isFalse();
        assertThat(positions.size()).isZero();
    }

    @Test
    void anExecutionWatchedAlreadyIsNotReadAgain() {
        positions.watch("e");
        positions.commit("e", 4, false);
        int reads = repository.reads.get();

        assertThat(positions.watch("e")).isTrue();

        assertThat(repository.reads.get()).isEqualTo(reads);
        assertThat(positions.position("e")).isEqualTo(4L);
    }

    @Test
    void aCommitMovesThePositionForwardAndWritesIt() {
        positions.watch("e");

        positions.commit("e", 3, false);

        assertThat(positions.position("e")).isEqualTo(3L);
        assertThat(store.loadExecution("e")).isEqualTo(new ExecutionPosition(3, false));
    }

    @Test
    void aPositionNeverMovesBackNorIsWrittenAgainAtTheSameSeq() {
        positions.watch("e");
        positions.commit("e", 5, false);

        positions.commit("e", 4, false);
        positions.commit("e", 5, false);

        assertThat(positions.position("e")).isEqualTo(5L);
        assertThat(repository.writes).containsExactly("{\"seq\":5,\"terminal\":false}");
    }

    @Test
    void aCommitOfAnExecutionNotWatchedWritesNothing() {
        positions.commit("e", 3, false);

        assertThat(repository.writes).isEmpty();
        assertThat(positions.isLive("e")).isFalse();
    }

    @Test
    void aCommitWritesTheStoreBeforeThePositionMoves() {
        positions.watch("e");
        positions.commit("e", 2, false);
        List<Long> seenDuringWrite = new ArrayList<>();
        repository.duringWrite = () -> seenDuringWrite.add(positions.position("e"));

        positions.commit("e", 7, false);

        assertThat(seenDuringWrite).containsExactly(2L);
        assertThat(positions.position("e")).isEqualTo(7L);
    }

    @Test
    void aCommitWhoseWriteThrowsMovesOnInMemoryAndIsWrittenByTheRetry() {
        positions.watch("e");
        positions.commit("e", 2, false);
        repository.failWrites = true;

        assertThatThrownBy(() -> positions.commit("e", 7, false)).hasMessage("write failed");
        assertThat(positions.position("e")).as("the exchange completed: not delivered again").isEqualTo(7L);
        assertThat(positions.unsavedCount()).isEqualTo(1);
        assertThatThrownBy(positions::retryUnsaved).hasMessage("write failed");

        repository.failWrites = false;
        positions.retryUnsaved();
        assertThat(positions.unsavedCount()).isZero();
        assertThat(store.loadExecution("e").seq()).isEqualTo(7L);
    }

    @Test
    void aTerminalCommitEndsTheExecutionAndQueuesIt() {
        positions.watch("e");

        positions.commit("e", 9, true);

        assertThat(positions.isLive("e")).isFalse();
        assertThat(positions.position("e")).isNull();
        assertThat(store.loadExecution("e")).isEqualTo(new ExecutionPosition(9, true));
        assertThat(takeEnded()).containsExactly("e");
        assertThat(takeEnded()).as("taken").isEmpty();
        assertThat(positions.watch("e")).as("it ended").isFalse();
    }

    @Test
    void aCommitRacingATerminalOneDoesNotBringTheExecutionBack() {
        positions.watch("e");
        repository.duringWrite = () -> {
            repository.duringWrite = () -> {
            };
            positions.commit("e", 9, true);
        };

        positions.commit("e", 5, false);

        assertThat(positions.isLive("e")).isFalse();
        assertThat(takeEnded()).containsExactly("e");
    }

    @Test
    void aCommitOvertakenByALaterOneKeepsTheLaterPosition() {
        positions.watch("e");
        repository.duringWrite = () -> {
            repository.duringWrite = () -> {
            };
            positions.commit("e", 8, false);
        };

        positions.commit("e", 5, false);

        assertThat(positions.position("e")).isEqualTo(8L);
        assertThat(store.loadExecution("e").seq()).isEqualTo(8L);
    }

    @Test
    void aDroppedExecutionIsQueuedOnce() {
        positions.watch("e");

        positions.drop("e");
        positions.drop("e");
        positions.drop("never");

        assertThat(positions.isLive("e")).isFalse();
        assertThat(takeEnded()).containsExactly("e");
    }

    @Test
    void endedExecutionsAreTakenInTheOrderTheyEnded() {
        positions.watch("a");
        positions.watch("b");
        positions.watch("c");

        positions.commit("b", 1, true);
        positions.drop("a");

        assertThat(takeEnded()).containsExactly("b", "a");
        assertThat(positions.ids()).containsExactly("c");
    }

    @Test
    void theLiveExecutionsAreListedAndCopied() {
        positions.watch("a");
        positions.watch("b");
        positions.commit("b", 4, false);

        assertThat(positions.size()).isEqualTo(2);
        assertThat(positions.ids()).containsExactlyInAnyOrder("a", "b");
        assertThat(positions.snapshot()).containsOnly(entry("a", 0L), entry("b", 4L));

        positions.ids().clear();
        assertThat(positions.size()).isEqualTo(2);
    }

    @Test
    void clearForgetsTheLive() {
        positions.watch("a");
        positions.watch("b");

        positions.clear();

        assertThat(positions.size()).isZero();
        assertThat(takeEnded()).as("nothing ended").isEmpty();
    }

    @Test
    void aNewerPositionWrittenSupersedesAnUnsavedOlderOne() {
        positions.watch("e");
        repository.failWrites = true;
        assertThatThrownBy(() -> positions.commit("e", 3, false)).hasMessage("write failed");
        repository.failWrites = false;

        positions.commit("e", 5, false);
        assertThat(positions.unsavedCount()).isZero();
        positions.retryUnsaved();

        assertThat(store.loadExecution("e").seq()).isEqualTo(5L);
    }

    @Test
    void anUnsavedTerminalPositionEndsTheExecutionAndIsWrittenByTheRetry() {
        positions.watch("e");
        repository.failWrites = true;

        assertThatThrownBy(() -> positions.commit("e", 4, true)).hasMessage("write failed");
        assertThat(positions.isLive("e")).isFalse();
        assertThat(takeEnded()).containsExactly("e");

        repository.failWrites = false;
        positions.retryUnsaved();
        assertThat(store.loadExecution("e").terminal()).isTrue();
        assertThat(positions.unsavedCount()).isZero();
    }
}
