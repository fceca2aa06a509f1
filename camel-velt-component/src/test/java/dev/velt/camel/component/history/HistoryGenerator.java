package dev.velt.camel.component.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.velt.camel.component.history.History.Event;
import dev.velt.camel.component.history.History.Exec;
import dev.velt.camel.component.history.History.Failure;
import dev.velt.camel.component.history.History.Handoff;
import dev.velt.camel.component.history.History.Kind;
import dev.velt.camel.component.history.History.Run;
import dev.velt.camel.component.history.History.Step;
import dev.velt.camel.component.history.History.StepType;

/**
 * Draws a {@link History} from a seed: the same seed gives the same history. Times are ticks (simulated seconds). A
 * history is short in items (up to 8) and steps (up to 5) but long in list time: pauses and poll intervals are drawn
 * on a log scale from 0 to 24 hours, so short ones (inside the 5-minute lookback a consumer may keep) and long ones
 * alike come up often.
 */
final class HistoryGenerator {

    private static final String[] TERMINAL = {"execution.completed", "execution.failed", "execution.cancelled"};
    private static final String[] MIDDLE = {"step.completed", "step.awaiting-approval", "step.failed", "agent.finding"};
    private static final String[] RUN_STATUS = {"passed", "failed", "error"};

    private final Random random;
    private final long seed;

    private HistoryGenerator(long seed) {
        this.seed = seed;
        this.random = new Random(seed * 0x9E3779B97F4A7C15L + 17);
    }

    static History generate(long seed) {
        return new HistoryGenerator(seed).draw();
    }

    private History draw() {
        Kind kind = chance(0.7) ? Kind.EVENTS : Kind.AGENT_RUNS;
        String scope = (kind == Kind.EVENTS ? "def_h" : "agent_h") + seed;
        long firstStart = pick(0L, 0L, between(1, 60), between(60, 900));
        List<Step> steps = new ArrayList<>();
        int stepCount = random.nextInt(6);
        for (int i = 0; i < stepCount; i++) {
            steps.add(step());
        }
        long end = firstStart;
        for (Step step : steps) {
            end += step.ticks();
        }
        end = Math.max(end, firstStart + 1);
        String status = null;
        Integer pageSize = pick(null, null, 1, 2, 3, 10);
        Integer maxMessagesPerPoll = pick(null, null, 1, 2, 5);
        Handoff handoff = pick(Handoff.NONE, Handoff.NONE, Handoff.THREADS, Handoff.SEDA);
        long delay = pick(1L, 5L, 10L, 10L, 30L);
        List<Exec> executions = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        Map<String, Failure> failures = new LinkedHashMap<>();
        Map<String, List<Long>> emptyPages = new LinkedHashMap<>();
        boolean split = false;
        List<Long> starts = starts(1 + random.nextInt(8), end);
        if (kind == Kind.EVENTS) {
            if (chance(0.15)) {
                status = pick("completed", "failed", "cancelled");
            }
            for (int i = 0; i < starts.size(); i++) {
                Exec exec = exec("ex_h" + seed + "_" + (i + 1), starts.get(i), status);
                executions.add(exec);
                if (chance(0.15) && exec.events().size() > 1) {
                    int at = random.nextInt(exec.events().size() - 1);
                    long after = exec.events().get(at).seq();
                    if (exec.events().get(at + 1).seq() > after + 1) {
                        emptyPages.put(exec.id(), List.of(after));
                    }
                }
            }
            if (chance(0.3)) {
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    Exec exec = executions.get(random.nextInt(executions.size()));
                    Event event = exec.events().get(random.nextInt(exec.events().size()));
                    failures.put(exec.id() + "#" + event.seq(), new Failure(1 + random.nextInt(2), chance(0.5)));
                }
            }
        } else {
            pageSize = pick(null, null, 1, 2, 3, 10);
            for (int i = 0; i < starts.size(); i++) {
                long start = starts.get(i);
                long end2 = chance(0.1) ? Run.NEVER : start + logTicks(86_400);
                runs.add(new Run("run_h" + seed + "_" + (i + 1), start, end2, pick(RUN_STATUS)));
            }
            if (chance(0.3)) {
                Run run = runs.get(random.nextInt(runs.size()));
                failures.put(run.id(), new Failure(1 + random.nextInt(2), chance(0.5)));
            }
            // drawn after the rest, so the histories drawn before findings existed stay the same
            split = chance(0.4);
            if (split) {
                failures.clear();
                List<Run> withFindings = new ArrayList<>();
                for (Run run : runs) {
                    withFindings.add(new Run(run.id(), run.start(), run.end(), run.status(), 1 + random.nextInt(3)));
                }
                runs = withFindings;
                if (chance(0.3)) {
                    Run run = runs.get(random.nextInt(runs.size()));
                    failures.put(run.id() + "#" + run.findingIds().get(random.nextInt(run.findings())),
                            new Failure(1 + random.nextInt(2), chance(0.5)));
                }
            }
        }
        return new History(seed, kind, scope, status, pageSize, maxMessagesPerPoll, delay, chance(0.05), handoff,
                firstStart,
                executions, runs, steps, failures, emptyPages, split);
    }

    private Step step() {
        int which = random.nextInt(100);
        StepType type;
        if (which < 40) {
            type = StepType.RUN;
        } else if (which < 62) {
            type = StepType.STOP;
        } else if (which < 74) {
            type = StepType.KILL;
        } else if (which < 82) {
            type = StepType.SUSPEND;
        } else if (which < 91) {
            type = StepType.READ_OUTAGE;
        } else {
            type = StepType.WRITE_OUTAGE;
        }
        long ticks = type == StepType.RUN ? 1 + logTicks(3_600) : logTicks(86_400);
        if (type == StepType.READ_OUTAGE || type == StepType.WRITE_OUTAGE) {
            ticks = 1 + logTicks(1_800);
        }
        long pollEvery = Math.max(1, Math.min(ticks, 1 + logTicks(3_600)));
        return new Step(type, ticks, pollEvery, chance(0.06));
    }

    /** Start ticks in [0, end]: bursts at one tick (equal startedAt) and single starts at random ticks. */
    private List<Long> starts(int count, long end) {
        List<Long> starts = new ArrayList<>();
        while (starts.size() < count) {
            long tick = chance(0.2) ? 0 : (long) (random.nextDouble() * (end + 1));
            int burst = chance(0.25) ? 2 + random.nextInt(3) : 1;
            for (int i = 0; i < burst && starts.size() < count; i++) {
                starts.add(tick);
            }
        }
        starts.sort(Long::compare);
        return starts;
    }

    private Exec exec(String id, long start, String statusFilter) {
        long visibleFrom = start;
        if (chance(0.15)) {
            visibleFrom = Math.max(0, start - between(1, 60));
        } else if (chance(0.15)) {
            // listed late, within the consumers' lookback (5 minutes): a later listing is found while it runs
            visibleFrom = start + between(1, 290);
        }
        List<Event> events = new ArrayList<>();
        int count = 1 + random.nextInt(5);
        long seq = 0;
        long tick = start;
        boolean ends = statusFilter != null || chance(0.8);
        for (int i = 0; i < count; i++) {
            seq += chance(0.3) ? 2 + random.nextInt(3) : 1;
            if (i > 0) {
                tick += logTicks(3_600);
            }
            String type;
            if (i == 0) {
                type = "execution.dispatched";
            } else if (i == count - 1 && ends) {
                type = statusFilter != null && chance(0.7) ? "execution." + statusFilter : pick(TERMINAL);
            } else {
                type = pick(MIDDLE);
            }
            events.add(new Event(seq, tick, type));
        }
        return new Exec(id, visibleFrom, start, events);
    }

    /** 0, or a number of ticks up to {@code max} on a log scale. */
    private long logTicks(long max) {
        if (chance(0.15)) {
            return 0;
        }
        double exp = random.nextDouble() * Math.log(max);
        return Math.max(1, Math.min(max, Math.round(Math.exp(exp))));
    }

    private long between(long low, long high) {
        return low + (long) (random.nextDouble() * (high - low + 1));
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }
}
