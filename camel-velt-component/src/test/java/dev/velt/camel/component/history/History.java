package dev.velt.camel.component.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One history the checker plays: what Velt does (executions of one definition, or agent runs of one agent, each at
 * ticks of the simulator's clock, one tick being one simulated second, counted from the history's start), the route
 * that consumes it, and what happens to the route (runs with polls, stops, kills, suspensions, state-repository
 * outages). The route first starts at tick {@link #firstStart()}; every step then follows the one before. After the
 * last step the clock moves on until everything written has happened, and the route drains.
 *
 * @param seed the seed it was drawn from (0 for a hand-written one)
 * @param kind which consumer
 * @param scope the definitionId (events) or agentId (agent runs); unique per history
 * @param status the {@code status} filter, or null
 * @param pageSize the {@code pageSize} option, or null
 * @param maxMessagesPerPoll the {@code maxMessagesPerPoll} option, or null
 * @param delayMillis the route's {@code delay} in real milliseconds, when {@code scheduled} (the clock moves between
 *     polls, see {@link Step})
 * @param scheduled true: Camel's own scheduler polls every {@code delay}; false: the player polls (a
 *     {@link ManualScheduler}), once per move of the clock
 * @param handoff how the route hands the exchange on
 * @param firstStart the tick at which the route first starts
 * @param executions the executions (events kind)
 * @param runs the agent runs (agent runs kind)
 * @param steps what happens to the route, in order
 * @param failures per item key: how the route fails its first attempts
 * @param emptyPages per execution id: seqs after which {@code getEvents} answers an empty page that has more
 * @param splitFindings agent runs: one exchange per finding ({@code splitFindings=true}) instead of one per run
 */
record History(long seed, Kind kind, String scope, String status, Integer pageSize, Integer maxMessagesPerPoll,
        long delayMillis, boolean scheduled, Handoff handoff, long firstStart, List<Exec> executions, List<Run> runs,
        List<Step> steps,
        Map<String, Failure> failures, Map<String, List<Long>> emptyPages, boolean splitFindings) {

    enum Kind {
        EVENTS, AGENT_RUNS
    }

    enum Handoff {
        NONE, THREADS, SEDA
    }

    /** One workflow event. */
    record Event(long seq, long tick, String type) {

        boolean terminal() {
            return type.startsWith("execution.") && !type.equals("execution.dispatched");
        }
    }

    /**
     * An execution: listed from {@code visibleFrom} ({@code pending} before {@code start}, or late when after it).
     */
    record Exec(String id, long visibleFrom, long start, List<Event> events) {

        /** The tick of the terminal event, or {@link Long#MAX_VALUE} while it never ends. */
        long endTick() {
            Event last = events.isEmpty() ? null : events.get(events.size() - 1);
            return last != null && last.terminal() ? last.tick() : Long.MAX_VALUE;
        }

        String finalStatus() {
            Event last = events.isEmpty() ? null : events.get(events.size() - 1);
            return last == null || !last.terminal() ? "running" : last.type().substring("execution.".length());
        }

        long lastTick() {
            return events.isEmpty() ? start : events.get(events.size() - 1).tick();
        }
    }

    /** An agent run from {@code start} to {@code end} ({@link #NEVER}: still running when the history ends). */
    record Run(String id, long start, long end, String status, int findings) {

        static final long NEVER = 1_000_000_000L;

        Run(String id, long start, long end, String status) {
            this(id, start, end, status, 0);
        }

        /** The ids of its findings, in the order the API lists them. */
        List<String> findingIds() {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= findings; i++) {
                ids.add(id + "_f" + i);
            }
            return ids;
        }

        boolean finishes() {
            return end < NEVER;
        }
    }

    enum StepType {
        /** The route runs for {@code ticks}, polled every {@code pollEvery} ticks. */
        RUN,
        /** The route is stopped (gracefully) for {@code ticks}, then started again on the same repository. */
        STOP,
        /** The route is killed (nothing written after the kill), gone for {@code ticks}, then started anew. */
        KILL,
        /** The route is suspended for {@code ticks}, then resumed. */
        SUSPEND,
        /** The state repository throws on every read for {@code ticks}, polled every {@code pollEvery}. */
        READ_OUTAGE,
        /** The state repository throws on every write for {@code ticks}, polled every {@code pollEvery}. */
        WRITE_OUTAGE
    }

    /** @param midPoll a stop or suspension that comes wherever the consumer is (else: right after a poll) */
    record Step(StepType type, long ticks, long pollEvery, boolean midPoll) {

        Step(StepType type, long ticks, long pollEvery) {
            this(type, ticks, pollEvery, false);
        }

        boolean routeDown() {
            return type == StepType.STOP || type == StepType.KILL || type == StepType.SUSPEND;
        }
    }

    /** The route fails the first {@code attempts} attempts of an item: by an exception, or marked rollback-only. */
    record Failure(int attempts, boolean rollback) {
    }

    /** The last tick at which something written happens (every event, every run's end). */
    long lastTick() {
        long last = firstStart;
        for (Exec exec : executions) {
            last = Math.max(last, exec.lastTick());
            last = Math.max(last, exec.visibleFrom());
        }
        for (Run run : runs) {
            last = Math.max(last, run.finishes() ? run.end() : run.start());
        }
        return last;
    }

    /** The tick at which the steps end. */
    long stepsEnd() {
        long tick = firstStart;
        for (Step step : steps) {
            tick += step.ticks();
        }
        return tick;
    }

    /** A readable account, times as {@code +h:mm:ss} from the history's start. */
    String describe() {
        StringBuilder text = new StringBuilder();
        text.append("history seed=").append(seed).append(' ').append(kind).append(" of ").append(scope);
        text.append(" status=").append(status).append(" pageSize=").append(pageSize).append(" maxMessagesPerPoll=")
                .append(maxMessagesPerPoll).append(scheduled ? " delay=" + delayMillis + "ms" : " polled by the player")
                .append(" handoff=").append(handoff)
                .append(kind == Kind.AGENT_RUNS ? " splitFindings=" + splitFindings : "")
                .append('\n');
        for (Exec exec : executions) {
            text.append("  execution ").append(exec.id()).append(" starts ").append(time(exec.start()));
            if (exec.visibleFrom() != exec.start()) {
                text.append(exec.visibleFrom() < exec.start() ? " (pending from " : " (listed only from ")
                        .append(time(exec.visibleFrom())).append(')');
            }
            text.append(", ends ").append(exec.endTick() == Long.MAX_VALUE ? "never" : time(exec.endTick()))
                    .append(" ").append(exec.finalStatus()).append("; events");
            for (Event event : exec.events()) {
                text.append(' ').append(event.seq()).append('@').append(time(event.tick()));
                if (event.terminal()) {
                    text.append('(').append(event.type()).append(')');
                }
            }
            List<Long> empty = emptyPages.get(exec.id());
            if (empty != null) {
                text.append("; empty hasMore page after seq ").append(empty);
            }
            text.append('\n');
        }
        for (Run run : runs) {
            text.append("  agent run ").append(run.id()).append(" starts ").append(time(run.start())).append(", ")
                    .append(run.finishes() ? "ends " + time(run.end()) + " " + run.status() : "never ends")
                    .append(", ").append(run.findings()).append(" findings")
                    .append('\n');
        }
        failures.forEach((key, failure) -> text.append("  the route fails ").append(key).append(' ')
                .append(failure.attempts()).append("x by ").append(failure.rollback() ? "rollback-only" : "an exception")
                .append('\n'));
        long tick = firstStart;
        text.append("  ").append(time(tick)).append(" route first starts\n");
        int n = 1;
        for (Step step : steps) {
            text.append("  ").append(time(tick)).append(" step ").append(n++).append(": ").append(step.type())
                    .append(" for ").append(duration(step.ticks()));
            if (!step.routeDown()) {
                text.append(", a poll every ").append(duration(step.pollEvery()));
            } else if (step.midPoll()) {
                text.append(", stopped wherever the poll is");
            }
            text.append('\n');
            tick += step.ticks();
        }
        text.append("  ").append(time(tick)).append(" the route runs on; the clock moves to ")
                .append(time(Math.max(tick, lastTick()) + 1)).append(" and the route drains\n");
        return text.toString();
    }

    static String time(long tick) {
        return "+" + duration(tick);
    }

    static String duration(long ticks) {
        return String.format("%d:%02d:%02d", ticks / 3600, ticks / 60 % 60, ticks % 60);
    }

    /** Item keys of an execution's events, in seq order. */
    static List<String> keys(Exec exec) {
        List<String> keys = new ArrayList<>();
        exec.events().forEach(event -> keys.add(exec.id() + "#" + event.seq()));
        return keys;
    }
}
