package dev.velt.camel.test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a route received against what it should have: items (events as {@code executionId#seq}, findings, runs)
 * grouped (an execution's events), each group in its order. {@link #assertExact()} fails unless nothing was lost,
 * nothing duplicated, nothing unexpected added and every group was received in order.
 *
 * @param lost expected items never received
 * @param duplicated items received more than once, with how often
 * @param unexpected received items that were not expected
 * @param outOfOrder groups received out of their order, with what was received
 */
public record StreamVerdict(int expected, int received, List<String> lost, Map<String, Integer> duplicated,
        List<String> unexpected, List<String> outOfOrder) {

    /**
     * @param expected group to its items in order
     * @param received the items as received, in order
     * @param groupOf the group of an item
     */
    public static StreamVerdict check(Map<String, List<String>> expected, List<String> received,
            Function<String, String> groupOf) {
        Set<String> all = new HashSet<>();
        expected.values().forEach(all::addAll);
        Map<String, Integer> counts = new LinkedHashMap<>();
        received.forEach(item -> counts.merge(item, 1, Integer::sum));
        Map<String, Integer> duplicated = new LinkedHashMap<>();
        counts.forEach((item, n) -> {
            if (n > 1) {
                duplicated.put(item, n);
            }
        });
        List<String> lost = expected.values().stream().flatMap(List::stream).filter(k -> !counts.containsKey(k)).toList();
        List<String> unexpected = counts.keySet().stream().filter(k -> !all.contains(k)).toList();
        Map<String, List<String>> receivedByGroup = new LinkedHashMap<>();
        received.forEach(item -> receivedByGroup.computeIfAbsent(groupOf.apply(item), g -> new ArrayList<>()).add(item));
        List<String> outOfOrder = new ArrayList<>();
        receivedByGroup.forEach((group, items) -> {
            List<String> distinct = items.stream().distinct().filter(all::contains).toList();
            List<String> planned = expected.getOrDefault(group, List.of()).stream().filter(items::contains).toList();
            if (!planned.equals(distinct)) {
                outOfOrder.add(group + ": " + items);
            }
        });
        return new StreamVerdict(all.size(), received.size(), lost, duplicated, unexpected, outOfOrder);
    }

    /**
     * Events received as {@code executionId#seq} against {@link VeltSimulator#expectedEvents(String)}: every external
     * event that has happened so far, per execution in seq order.
     */
    public static StreamVerdict events(Map<String, List<String>> expected, List<String> received) {
        return check(expected, received, StreamVerdict::executionOf);
    }

    /**
     * The groups in which an item was attempted before an earlier one of its group had succeeded, from
     * {@code attempts} (every attempt to process an item, failed ones included, in order): a route that retries a failed
     * item must retry it before it moves on to the next one. Empty when every group was attempted in order.
     */
    public static List<String> attemptedOutOfOrder(Map<String, List<String>> expected, List<String> attempts,
            Function<String, String> groupOf) {
        Map<String, Integer> position = new java.util.HashMap<>();
        expected.values().forEach(items -> {
            for (int i = 0; i < items.size(); i++) {
                position.put(items.get(i), i);
            }
        });
        Map<String, Integer> lastAttempt = new java.util.HashMap<>();
        List<String> outOfOrder = new ArrayList<>();
        for (String item : attempts) {
            Integer at = position.get(item);
            if (at == null) {
                continue;
            }
            String group = groupOf.apply(item);
            Integer before = lastAttempt.put(group, at);
            if (before != null && at < before && !outOfOrder.contains(group)) {
                outOfOrder.add(group);
            }
        }
        return outOfOrder;
    }

    /** {@code executionId} of {@code executionId#seq}. */
    public static String executionOf(String eventKey) {
        int hash = eventKey.lastIndexOf('#');
        return hash < 0 ? eventKey : eventKey.substring(0, hash);
    }

    public int duplicates() {
        return duplicated.values().stream().mapToInt(n -> n - 1).sum();
    }

    public boolean exact() {
        return lost.isEmpty() && duplicated.isEmpty() && unexpected.isEmpty() && outOfOrder.isEmpty();
    }

    /** Throws an {@link AssertionError} saying what is wrong unless the stream was received exactly. */
    public StreamVerdict assertExact() {
        if (!exact()) {
            throw new AssertionError("stream not received exactly: " + this + "; lost " + lost + ", duplicated "
                                     + duplicated + ", unexpected " + unexpected + ", out of order " + outOfOrder);
        }
        return this;
    }

    /** Throws unless nothing was lost, added or reordered (duplicates allowed: at-least-once). */
    public StreamVerdict assertAtLeastOnceInOrder() {
        if (!lost.isEmpty() || !unexpected.isEmpty() || !outOfOrder.isEmpty()) {
            throw new AssertionError("stream not received at least once in order: " + this + "; lost " + lost
                                     + ", unexpected " + unexpected + ", out of order " + outOfOrder);
        }
        return this;
    }

    @Override
    public String toString() {
        return "expected=" + expected + " received=" + received + " lost=" + lost.size() + " duplicates="
               + duplicates() + " unexpected=" + unexpected.size() + " outOfOrder=" + outOfOrder.size();
    }
}
