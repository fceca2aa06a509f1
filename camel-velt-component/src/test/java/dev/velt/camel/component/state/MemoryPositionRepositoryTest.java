package dev.velt.camel.component.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MemoryPositionRepository}: plain and conditional writes, and removal.
 */
class MemoryPositionRepositoryTest {

    private final MemoryPositionRepository repository = new MemoryPositionRepository();

    @Test
    void aValueIsReadBackAndAnUnknownKeyHasNone() {
        repository.setState("k", "v");

        assertThat(repository.getState("k")).isEqualTo("v");
        assertThat(repository.getState("other")).isNull();
        assertThat(repository.getOrder("other")).isNull();
    }

    @Test
    void aConditionalWriteToAKeyWithoutValueIsStored() {
        assertThat(repository.setStateIfAhead("k", "v", 3)).isTrue();

        assertThat(repository.getState("k")).isEqualTo("v");
        assertThat(repository.getOrder("k")).isEqualTo(3L);
    }

    @Test
    void aConditionalWriteAheadOfTheStoredOrderIsStored() {
        repository.setStateIfAhead("k", "v3", 3);

        assertThat(repository.setStateIfAhead("k", "v4", 4)).isTrue();

        assertThat(repository.getState("k")).isEqualTo("v4");
        assertThat(repository.getOrder("k")).isEqualTo(4L);
    }

    @Test
    void aConditionalWriteAtOrBelowTheStoredOrderIsRefusedAndTheValueKept() {
        repository.setStateIfAhead("k", "v3", 3);

        assertThat(repository.setStateIfAhead("k", "same", 3)).isFalse();
        assertThat(repository.setStateIfAhead("k", "back", 2)).isFalse();

        assertThat(repository.getState("k")).isEqualTo("v3");
        assertThat(repository.getOrder("k")).isEqualTo(3L);
    }

    @Test
    void aConditionalWriteOverAPlainValueIsStored() {
        repository.setState("k", "plain");

        assertThat(repository.setStateIfAhead("k", "ordered", Long.MIN_VALUE)).isTrue();

        assertThat(repository.getState("k")).isEqualTo("ordered");
    }

    @Test
    void aPlainWriteKeepsTheStoredOrder() {
        repository.setStateIfAhead("k", "v3", 3);

        repository.setState("k", "plain");

        assertThat(repository.getState("k")).isEqualTo("plain");
        assertThat(repository.getOrder("k")).isEqualTo(3L);
        assertThat(repository.setStateIfAhead("k", "back", 2)).isFalse();
    }

    @Test
    void aRemovedKeyHasNoValueNorOrder() {
        repository.setStateIfAhead("k", "v", 3);

        assertThat(repository.removeState("k")).isTrue();
        assertThat(repository.removeState("k")).isFalse();

        assertThat(repository.getState("k")).isNull();
        assertThat(repository.getOrder("k")).isNull();
        assertThat(repository.setStateIfAhead("k", "again", 1)).isTrue();
    }

    @Test
    void concurrentConditionalWritesLeaveTheHighestOrder() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int offset = w;
                writes.add(writers.submit(() -> {
                    for (int i = offset; i < 2_000; i += 4) {
                        repository.setStateIfAhead("k", "v" + i, i);
                    }
                }));
            }
            for (Future<?> write : writes) {
                write.get(30, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }

        assertThat(repository.getOrder("k")).isEqualTo(1_999L);
        assertThat(repository.getState("k")).isEqualTo("v1999");
    }
}
