package dev.velt.camel.component.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a consumer route processed, against what the stream holds: keys grouped (an execution's events, a run's
 * findings), each group in its planned order.
 */
public final class StreamCheck {

    /** What was found; {@link #assertExact()} fails unless nothing was lost, duplicated, added or reordered. */
    public record Verdict(int expected, int processed, List<String> lost, Map<String, Integer> duplicated,
                          List<String> unexpected, List<String> outOfOrder, List<String> attemptsOutOfOrder) {

        public int duplicates() {
            return duplicated.values().stream().mapToInt(n -> n - 1).sum();
        }

        public void assertExact() {
            assertThat(lost).as("lost items").isEmpty();
            assertThat(duplicated).as("duplicated items (key -> times processed)").isEmpty();
            assertThat(unexpected).as("items that are not in the stream").isEmpty();
            assertThat(outOfOrder).as("groups processed out of their order").isEmpty();
            assertThat(attemptsOutOfOrder)
                    .as("groups where an item was attempted before an earlier one had succeeded").isEmpty();
            assertThat(processed).isEqualTo(expected);
        }

        @Override
        public String toString() {
            return "expected=" + expected + " processed=" + processed + " lost=" + lost.size() + " duplicates="
                   + duplicates() + " unexpected=" + unexpected.size() + " outOfOrder=" + outOfOrder.size()
                   + " attemptsOutOfOrder=" + attemptsOutOfOrder.size();
        }
    }

    private StreamCheck() {
    }

    /**
     * @param expected  group -> keys in their order
     * @param processed keys processed successfully, in processing order
     * @param attempts  keys attempted, in order (failed attempts included)
     * @param groupOf   the group of a key
     */
    public static Verdict check(Map<String, List<String>> expected, List<String> processed, List<String> attempts,
                                Function<String, String> groupOf) {
        Map<String, Integer> position = new HashMap<>();
        Set<String> all = new HashSet<>();
        int total = 0;
        for (List<String> keys : expected.values()) {
            for (int i = 0; i < keys.size(); i++) {
                position.put(keys.get(i), i);
                all.add(keys.get(i));
            }
            total += keys.size();
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        processed.forEach(k -> counts.merge(k, 1, Integer::sum));
        Map<String, Integer> duplicated = new LinkedHashMap<>();
        counts.forEach((k, n) -> {
            if (n > 1) {
                duplicated.put(k, n);
            }
        });
        List<String> lost = all.stream().filter(k -> !counts.containsKey(k)).sorted().toList();
        List<String> unexpected = counts.keySet().stream().filter(k -> !all.contains(k)).toList();

        Map<String, List<String>> processedByGroup = new LinkedHashMap<>();
        for (String key : processed) {
            processedByGroup.computeIfAbsent(groupOf.apply(key), g -> new ArrayList<>()).add(key);
        }
        List<String> outOfOrder = new ArrayList<>();
        processedByGroup.forEach((group, keys) -> {
            List<String> distinct = keys.stream().distinct().toList();
            List<String> planned = expected.getOrDefault(group, List.of());
            if (!planned.subList(0, Math.min(distinct.size(), planned.size())).equals(distinct)) {
                outOfOrder.add(group + ": " + keys);
            }
        });

        Map<String, Integer> lastAttempt = new HashMap<>();
        List<String> attemptsOutOfOrder = new ArrayList<>();
        for (String key : attempts) {
            Integer at = position.get(key);
            if (at == null) {
                continue;
            }
            String group = groupOf.apply(key);
            Integer before = lastAttempt.put(group, at);
            if (before != null && at < before && !attemptsOutOfOrder.contains(group)) {
                attemptsOutOfOrder.add(group);
            }
        }
        return new Verdict(total, processed.size(), lost, duplicated, unexpected, outOfOrder, attemptsOutOfOrder);
    }

    /** Waits until {@code count} stays the same for {@code quiet}: nothing more is being processed. */
    public static void awaitQuiet(IntSupplier count, Duration quiet) {
        AtomicInteger last = new AtomicInteger(-1);
        await().pollInterval(Duration.ofMillis(50)).during(quiet).atMost(quiet.multipliedBy(10))
                .until(() -> count.getAsInt() == last.getAndSet(count.getAsInt()));
    }
}
