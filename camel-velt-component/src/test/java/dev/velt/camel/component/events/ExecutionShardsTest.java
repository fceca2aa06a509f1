package dev.velt.camel.component.events;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shard rule is part of the stored format: these values were computed once (CRC32 of the UTF-8 id as an unsigned
 * 32-bit number, mod the number of shards) and must hold in every later version.
 */
class ExecutionShardsTest {

    @Test
    void theShardOfAnExecutionIsTheCrc32OfItsUtf8IdModTheNumberOfShards() {
        // CRC32("exec_1") = 181249965
        assertThat(ExecutionShards.of("exec_1", 3)).isZero();
        assertThat(ExecutionShards.of("exec_1", 7)).isEqualTo(1);
        assertThat(ExecutionShards.of("exec_1", 64)).isEqualTo(45);
        // CRC32 = 2342798689, above Integer.MAX_VALUE: taken unsigned, never negative
        assertThat(ExecutionShards.of("exec_1777374504255_xzy43k9q", 3)).isEqualTo(1);
        assertThat(ExecutionShards.of("exec_1777374504255_xzy43k9q", 7)).isZero();
        assertThat(ExecutionShards.of("exec_1777374504255_xzy43k9q", 64)).isEqualTo(33);
        // UTF-8, not the platform charset: CRC32 of the two bytes C3 A9 = 235179326
        assertThat(ExecutionShards.of("\u00e9", 3)).isEqualTo(2);
        assertThat(ExecutionShards.of("\u00e9", 7)).isEqualTo(4);
        assertThat(ExecutionShards.of("", 5)).isZero();
    }

    @Test
    void everyExecutionIsInOneShardAndOneShardAlwaysHoldsAll() {
        IntStream.range(0, 1_000).mapToObj(i -> "exec_" + i).forEach(id -> {
            assertThat(ExecutionShards.of(id, 1)).isZero();
            assertThat(ExecutionShards.of(id, 5)).isBetween(0, 4).isEqualTo(ExecutionShards.of(id, 5));
        });
    }

    @Test
    void spreadsIdsOverEveryShard() {
        Map<Integer, Integer> counts = new HashMap<>();
        IntStream.range(0, 3_000).forEach(i -> counts.merge(ExecutionShards.of("exec_" + i, 3), 1, Integer::sum));
        assertThat(counts).containsOnlyKeys(0, 1, 2);
        counts.values().forEach(count -> assertThat(count).isBetween(800, 1_200));
    }

    @Test
    void refusesNoShards() {
        assertThatThrownBy(() -> ExecutionShards.of("exec_1", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shards");
    }
}
