package dev.velt.camel.component.history;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.velt.camel.component.history.DeliveryLog.Completion;
import dev.velt.camel.component.history.History.Exec;
import dev.velt.camel.component.history.History.Kind;
import dev.velt.camel.component.history.History.Run;
import dev.velt.camel.component.history.History.Step;
import dev.velt.camel.component.state.VeltPositionStore;

/**
 * The delivery invariant, checked on what the route completed:
 * <ul>
 * <li>every event of every execution live at or after the route's first start (not ended by then; with a
 * {@code status} filter, of those that end with that status) completed exactly once, in seq order per execution;
 * an execution that had ended before the first start may be skipped, but if it is delivered, it is delivered
 * whole, once, in order; nothing of an execution the filter excludes;</li>
 * <li>every agent run that finished after the first start completed exactly once (with {@code splitFindings}: each
 * of its findings, in order); one that finished before at most once (or whole); one still running never;</li>
 * <li>an item may complete again only if it completed close to a kill (it was in flight: processed, its position not
 * yet stored), or if a kill came between while the last write of its execution's (or run's) position had failed (an
 * outage: the process held the position, the store did not);</li>
 * <li>once the history drained, the state repository holds the scan state and at most one key per item still live,
 * and the consumer tracks no more than those items;</li>
 * <li>every stop returned within its bound, and the player met nothing unexpected (notes).</li>
 * </ul>
 */
record HistoryVerdict(History history, List<String> violations, int completions, int polls) {

    /** A kill: when, and the keys whose last write had failed at that moment. */
    record Kill(long nanos, Set<String> unsavedKeys) {

        /** True when the kill came between two completions and found the group's position unsaved. */
        boolean lostUnsavedPositionOf(String group, long after, long before) {
            String encoded = "." + VeltPositionStore.encode(group);
            return nanos > after && nanos < before && unsavedKeys.stream().anyMatch(key -> key.endsWith(encoded));
        }
    }

    boolean ok() {
        return violations.isEmpty();
    }

    /** The history, what went wrong, and how to replay it. */
    String report() {
        StringBuilder text = new StringBuilder();
        if (history.seed() == 0) {
            text.append("a written-out history broke the delivery invariant\n");
        } else {
            text.append("history seed ").append(history.seed())
                    .append(" broke the delivery invariant (replay: -Dvelt.history.seed=").append(history.seed())
                    .append(")\n");
        }
        violations.forEach(v -> text.append("  VIOLATION ").append(v).append('\n'));
        text.append(history.describe());
        return text.toString();
    }

    /** The items that must arrive, per group (execution or run) in order, and the ones that may. */
    record Expected(Map<String, List<String>> required, Map<String, List<String>> optional) {

        /**
         * True when every required item completed, every optional group is untouched or whole, and every failed item
         * completed since: nothing more is due.
         */
        boolean complete(List<Completion> completions, List<String> failed) {
            Set<String> done = new HashSet<>();
            completions.forEach(c -> done.add(c.key()));
            return required.values().stream().allMatch(done::containsAll)
                    && optional.values().stream().allMatch(keys -> keys.stream().noneMatch(done::contains)
                            || done.containsAll(keys))
                    && done.containsAll(failed);
        }
    }

    /**
     * What must be delivered and what may be. An execution that started before the first start and ended by the time
     * the consumer's first listing of running executions read its last page ({@code firstListingRead}, a tick) may be
     * skipped: the list is read page by page, newest first, and an execution that ends before its page is read leaves
     * the list of running ones unseen. The executions list has no other order to find it by.
     */
    static Expected expected(History history, long firstListingRead) {
        Map<String, List<String>> required = new LinkedHashMap<>();
        Map<String, List<String>> optional = new LinkedHashMap<>();
        long firstStart = history.firstStart();
        if (history.kind() == Kind.EVENTS) {
            for (Exec exec : history.executions()) {
                if (history.status() != null && !history.status().equals(exec.finalStatus())) {
                    continue;
                }
                boolean endedUnlisted = exec.start() < firstStart && exec.endTick() <= firstListingRead;
                (exec.endTick() > firstStart && !endedUnlisted ? required : optional).put(exec.id(), History.keys(exec));
            }
        } else {
            for (Run run : history.runs()) {
                if (run.finishes()) {
                    List<String> keys = history.splitFindings()
                            ? run.findingIds().stream().map(f -> run.id() + "#" + f).toList()
                            : List.of(run.id());
                    (run.end() > firstStart ? required : optional).put(run.id(), keys);
                }
            }
        }
        return new Expected(required, optional);
    }

    static HistoryVerdict check(History history, long firstListingRead, DeliveryLog log, List<long[]> killWindows,
            List<long[]> writeOutages, List<Kill> kills, List<String> notes, int polls) {
        List<String> violations = new ArrayList<>(notes);
        Expected expected = expected(history, firstListingRead);
        List<Completion> completions = log.completions();
        Map<String, List<Completion>> byKey = new LinkedHashMap<>();
        Map<String, List<String>> byGroup = new LinkedHashMap<>();
        for (Completion completion : completions) {
            byKey.computeIfAbsent(completion.key(), k -> new ArrayList<>()).add(completion);
            byGroup.computeIfAbsent(group(completion.key()), g -> new ArrayList<>()).add(completion.key());
        }
        Set<String> known = new HashSet<>();
        expected.required().values().forEach(known::addAll);
        expected.optional().values().forEach(known::addAll);
        for (String key : byKey.keySet()) {
            if (!known.contains(key)) {
                violations.add("unexpected " + key + " (" + whyUnexpected(history, key) + ")");
            }
        }
        expected.required().forEach((group, keys) -> {
            List<String> lost = keys.stream().filter(k -> !byKey.containsKey(k)).toList();
            if (!lost.isEmpty()) {
                violations.add("lost " + lost + " of " + group + " (" + where(history, group) + ")");
            }
        });
        expected.optional().forEach((group, keys) -> {
            List<String> got = keys.stream().filter(byKey::containsKey).toList();
            if (!got.isEmpty() && got.size() < keys.size()) {
                violations.add("partly delivered " + group + ", which ended before the first start (or its first listing): "
                               + got + " of "
                               + keys);
            }
        });
        byKey.forEach((key, list) -> {
            if (list.size() > 1) {
                long nearKill = list.stream().filter(c -> inAny(killWindows, c.nanos())).count();
                long unsavedAtKill = kills.stream()
                        .filter(k -> k.lostUnsavedPositionOf(group(key), list.get(0).nanos(),
                                list.get(list.size() - 1).nanos()))
                        .count();
                if (list.size() - 1 > nearKill + unsavedAtKill) {
                    boolean outage = list.stream().anyMatch(c -> inAny(writeOutages, c.nanos()));
                    violations.add("repeated " + key + " " + list.size() + "x, " + nearKill + " of them near a kill"
                                   + (outage ? ", delivered during a state-repository write outage" : ""));
                }
            }
        });
        Map<String, List<String>> order = new LinkedHashMap<>(expected.required());
        order.putAll(expected.optional());
        byGroup.forEach((group, received) -> {
            List<String> planned = order.get(group);
            if (planned == null) {
                return;
            }
            List<String> firsts = received.stream().distinct().toList();
            List<String> inPlan = planned.stream().filter(firsts::contains).toList();
            if (!firsts.equals(inPlan)) {
                violations.add("out of seq order in " + group + ": received " + received);
            }
        });
        return new HistoryVerdict(history, violations, completions.size(), polls);
    }

    private static boolean inAny(List<long[]> windows, long nanos) {
        return windows.stream().anyMatch(w -> nanos >= w[0] && nanos <= w[1]);
    }

    private static String group(String key) {
        int hash = key.lastIndexOf('#');
        return hash < 0 ? key : key.substring(0, hash);
    }

    private static String whyUnexpected(History history, String key) {
        String group = group(key);
        for (Exec exec : history.executions()) {
            if (exec.id().equals(group)) {
                return "its execution ends " + exec.finalStatus() + ", the route filters status=" + history.status();
            }
        }
        for (Run run : history.runs()) {
            if (run.id().equals(group)) {
                return "the run never finishes";
            }
        }
        return "not in the history";
    }

    /** Where an item's start fell among the steps: the story of a loss. */
    static String where(History history, String group) {
        long start = -1;
        long visible = -1;
        for (Exec exec : history.executions()) {
            if (exec.id().equals(group)) {
                start = exec.start();
                visible = exec.visibleFrom();
            }
        }
        for (Run run : history.runs()) {
            if (run.id().equals(group)) {
                start = run.start();
                visible = run.start();
                return "started " + History.time(start) + " " + during(history, start) + ", finished "
                       + History.time(run.end()) + " " + during(history, run.end());
            }
        }
        String text = "started " + History.time(start) + " " + during(history, start);
        if (visible != start) {
            text += ", listed from " + History.time(visible) + " " + during(history, visible);
        }
        return text;
    }

    private static String during(History history, long tick) {
        if (tick < history.firstStart()) {
            return "before the first start";
        }
        long at = history.firstStart();
        int n = 1;
        for (Step step : history.steps()) {
            if (tick >= at && tick < at + step.ticks()) {
                return "during step " + n + " (" + step.type() + " of " + History.duration(step.ticks()) + " from "
                       + History.time(at) + ")";
            }
            at += step.ticks();
            n++;
        }
        return "after the steps (the route running on)";
    }
}
