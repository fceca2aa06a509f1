package dev.velt.camel.component.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.velt.camel.component.history.History.Event;
import dev.velt.camel.component.history.History.Exec;
import dev.velt.camel.component.history.History.Failure;
import dev.velt.camel.component.history.History.Handoff;
import dev.velt.camel.component.history.History.Kind;
import dev.velt.camel.component.history.History.Run;
import dev.velt.camel.component.history.History.Step;
import dev.velt.camel.component.history.History.StepType;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counterexamples the history checker found, each replayed as a named history (written out, so a change of the
 * generator does not change them). Times are ticks: simulated seconds from the history's start; the route first starts
 * at tick 0 unless said otherwise, and the player polls once per move of the clock.
 */
class HistoryRegressionTest {

    private static CamelContext context;
    private static HistoryPlayer player;
    /** A player whose consumers run on the simulator's clock: their first start is the history's. */
    private static HistoryPlayer simulatorClockPlayer;

    @BeforeAll
    static void start() {
        HistoryCheckerTest.quietLogs();
        context = HistoryCheckerTest.startedContext();
        player = new HistoryPlayer(context);
        simulatorClockPlayer = new HistoryPlayer(context, true);
    }

    @AfterAll
    static void stop() {
        if (player != null) {
            player.close();
        }
        if (simulatorClockPlayer != null) {
            simulatorClockPlayer.close();
        }
        if (context != null) {
            context.stop();
        }
        HistoryCheckerTest.restoreLogs();
    }

    /**
     * Discovery with a persistent repository: the route is stopped while the newest execution started at T0 (tick 30)
     * and started again 20 minutes later; meanwhile executions started at T0+8m (still running) and T0+20m. The one of
     * T0+8m lies more than the 5-minute lookback below the newest, and must still arrive.
     */
    @Test
    void aPauseLongerThanTheLookbackLosesNothing() throws Exception {
        assertHolds(events("def_pause",
                List.of(running("ex_pause_t0", 30), running("ex_pause_t8m", 30 + 480), running("ex_pause_t20m", 30 + 1200)),
                List.of(run(60, 30), new Step(StepType.STOP, 1200, 1200), run(120, 30))));
    }

    /** The same pause for agent runs: a run that started and finished while the route was stopped is emitted. */
    @Test
    void aPauseLongerThanTheLookbackLosesNoAgentRun() throws Exception {
        assertHolds(agentRuns("agent_pause",
                List.of(new Run("run_pause_t0", 30, 40, "passed"), new Run("run_pause_t8m", 30 + 480, 30 + 600, "failed"),
                        new Run("run_pause_t20m", 30 + 1200, 30 + 1210, "passed")),
                List.of(run(60, 30), new Step(StepType.STOP, 1200, 1200), run(120, 30))));
    }

    /**
     * No stop at all: one poll interval (a long {@code delay}, an idle or error backoff) spans 20 minutes, in which
     * executions started 8 and 20 minutes after the newest one seen.
     */
    @Test
    void aPollIntervalLongerThanTheLookbackLosesNothing() throws Exception {
        assertHolds(events("def_interval",
                List.of(running("ex_interval_t0", 30), running("ex_interval_t8m", 30 + 480),
                        running("ex_interval_t20m", 30 + 1200)),
                List.of(run(60, 30), run(1200, 1200), run(120, 30))));
    }

    /** A suspension of 20 minutes (a route policy, a circuit breaker) loses nothing either. */
    @Test
    void aSuspensionLongerThanTheLookbackLosesNothing() throws Exception {
        assertHolds(events("def_suspend",
                List.of(running("ex_suspend_t0", 30), running("ex_suspend_t8m", 30 + 480),
                        running("ex_suspend_t20m", 30 + 1200)),
                List.of(run(60, 30), new Step(StepType.SUSPEND, 1200, 1200), run(120, 30))));
    }

    /** With {@code splitFindings}, the findings of a run that finished during a long pause arrive, each once. */
    @Test
    void aPauseLongerThanTheLookbackLosesNoFinding() throws Exception {
        History runs = agentRuns("agent_pause_findings",
                List.of(new Run("run_pf_t0", 30, 40, "passed", 2), new Run("run_pf_t8m", 30 + 480, 30 + 600, "failed", 3),
                        new Run("run_pf_t20m", 30 + 1200, 30 + 1210, "passed", 1)),
                List.of(run(60, 30), new Step(StepType.STOP, 1200, 1200), run(120, 30)));
        assertHolds(new History(0, runs.kind(), runs.scope(), null, null, null, 10, false, Handoff.NONE, 0, List.of(),
                runs.runs(), runs.steps(), Map.of(), Map.of(), true));
    }

    /** A route killed (nothing written after the kill) while the newest execution started at T0, back 20 minutes later. */
    @Test
    void aKillLongerThanTheLookbackLosesNothing() throws Exception {
        assertHolds(events("def_kill",
                List.of(running("ex_kill_t0", 30), running("ex_kill_t8m", 30 + 480), running("ex_kill_t20m", 30 + 1200)),
                List.of(run(60, 30), new Step(StepType.KILL, 1200, 1200), run(120, 30))));
    }

    /**
     * The state repository throws on every write for a poll: the execution found in it must be found again once the
     * repository is back.
     */
    @Test
    void aRepositoryWriteOutageRepeatsNothing() throws Exception {
        assertHolds(events("def_write_outage", List.of(running("ex_write_outage", 15)),
                List.of(run(10, 10), new Step(StepType.WRITE_OUTAGE, 10, 10), run(60, 30))));
    }

    /** The state repository throws on every read for a while: what started meanwhile still arrives. */
    @Test
    void aRepositoryReadOutageWhenAnExecutionIsFoundLosesNothing() throws Exception {
        assertHolds(events("def_read_outage", List.of(running("ex_read_outage", 15)),
                List.of(run(10, 10), new Step(StepType.READ_OUTAGE, 10, 10), run(60, 30))));
    }

    /**
     * The history of seed 6, the first one in which the checker found situation 1 by itself, written out: killed at
     * once, back after 9m55s, stopped for 1h20m52s. During the stop ex_h6_3 (pending from +34:13, started +34:41),
     * ex_h6_4 (+37:04) and ex_h6_5 (+40:10, still running) started: ex_h6_3 lies 5m29s below the newest and was never
     * delivered, in a route polled by Camel's own scheduler every 30 ms.
     */
    @Test
    void seed6AStopOfAnHourAndAHalfLosesNoExecutionThatStartedInIt() throws Exception {
        List<Exec> executions = List.of(
                new Exec("ex_s6_1", 0, 0, List.of(new Event(1, 0, "execution.dispatched"), new Event(2, 0, "step.completed"),
                        new Event(6, 0, "agent.finding"), new Event(10, 303, "step.completed"),
                        new Event(11, 832, "execution.failed"))),
                new Exec("ex_s6_2", 0, 0, List.of(new Event(1, 0, "execution.dispatched"), new Event(2, 155, "step.failed"),
                        new Event(3, 1451, "execution.failed"))),
                new Exec("ex_s6_3", 2053, 2081, List.of(new Event(1, 2081, "execution.dispatched"),
                        new Event(2, 2333, "execution.cancelled"))),
                new Exec("ex_s6_4", 2224, 2224, List.of(new Event(2, 2224, "execution.dispatched"),
                        new Event(3, 2280, "execution.failed"))),
                new Exec("ex_s6_5", 2403, 2410, List.of(new Event(1, 2410, "execution.dispatched"),
                        new Event(4, 2410, "step.completed"), new Event(5, 2424, "step.awaiting-approval"),
                        new Event(6, 3719, "step.completed"), new Event(7, 4954, "agent.finding"))));
        History history = new History(0, Kind.EVENTS, "def_s6", null, null, null, 30, true, Handoff.NONE, 0,
                executions, List.of(), List.of(new Step(StepType.KILL, 595, 595), new Step(StepType.STOP, 4852, 4852),
                        new Step(StepType.SUSPEND, 8, 8)),
                Map.of(), Map.of(), false);
        assertHolds(history);
    }

    /**
     * The history of seed 7, written out: a route that hands its exchanges to {@code seda:} fails event 2 once; event
     * 1, already completed, sometimes completes a second time, with no kill and no outage (a race: about one play in
     * four on the core this test was written against, so it is played a dozen times).
     */
    @Test
    void seed7AFailedEventHandedToSedaRepeatsNoEarlierEvent() throws Exception {
        Exec exec = new Exec("ex_s7_1", 1813, 1813, List.of(new Event(1, 1813, "execution.dispatched"),
                new Event(2, 1817, "step.completed"), new Event(3, 2159, "execution.failed")));
        for (int play = 0; play < 12; play++) {
            History history = new History(0, Kind.EVENTS, "def_s7_" + play, null, 1, 5, 10, false, Handoff.SEDA, 0,
                    List.of(new Exec(exec.id() + "_" + play, exec.visibleFrom(), exec.start(), exec.events())), List.of(),
                    List.of(run(2651, 71), new Step(StepType.STOP, 492, 492)),
                    Map.of(exec.id() + "_" + play + "#2", new Failure(1, false)), Map.of(), false);
            assertHolds(history);
        }
    }

    /**
     * The kind of history in which the checker found a loss (seed 1051230, polled by Camel's scheduler every 10 ms): the
     * state repository throws on every read from the first start (+13:01) on while the clock moves 35 minutes, and
     * ex_s1051230_2 and _3, running at the first start, end meanwhile and leave the list of running executions. The
     * first listing stopped at its first page while the repository was down, and never read them. Written out with
     * the player's own polls this history does not fail on the core before the fix (the listing read on between two
     * moves of the clock); {@code LiveListingTest.everyPageIsReadBeforeAnyExecutionIsHandedOver} holds the rule that
     * fixed it: every page is read before any stored position.
     */
    @Test
    void aRepositoryReadOutageFromTheFirstStartLosesNoExecutionThatEndsDuringIt() throws Exception {
        List<Exec> executions = List.of(
                new Exec("ex_s1051230_1", 0, 0, List.of(new Event(2, 0, "execution.dispatched"),
                        new Event(3, 5, "step.completed"), new Event(4, 82, "step.completed"),
                        new Event(5, 234, "step.completed"), new Event(7, 2928, "step.completed"))),
                new Exec("ex_s1051230_2", 36, 36, List.of(new Event(1, 36, "execution.dispatched"),
                        new Event(2, 36, "step.completed"), new Event(3, 1930, "execution.failed"))),
                new Exec("ex_s1051230_3", 36, 36, List.of(new Event(2, 36, "execution.dispatched"),
                        new Event(3, 2387, "execution.cancelled"))),
                new Exec("ex_s1051230_4", 374, 374, List.of(new Event(4, 374, "execution.dispatched"),
                        new Event(5, 487, "step.completed"), new Event(8, 488, "step.completed"),
                        new Event(9, 1864, "execution.failed"))));
        History history = new History(0, Kind.EVENTS, "def_s1051230", null, 1, null, 10, false, Handoff.THREADS, 781,
                executions, List.of(), List.of(new Step(StepType.READ_OUTAGE, 2100, 100)),
                Map.of("ex_s1051230_3#2", new Failure(2, false)), Map.of(), false);
        HistoryVerdict verdict = player.play(history);
        assertThat(verdict.violations()).as(verdict::report).isEmpty();
        assertThat(verdict.completions()).as("every event, those of the two that ended during the outage too").isEqualTo(14);
    }

    /**
     * The history of seed 3063656, written out, played on the simulator's clock: ex_s3063656_1 runs at the first start
     * (+0:19) but is listed only from +1:57; the clock then moves to +32:26, and the first pass reads it after it was
     * cancelled (+32:25). A cancelled execution carries {@code cancelledAt} and no {@code completedAt}, and the first
     * start's rule then judged by its start (before the first start) and skipped it.
     */
    @Test
    void seed3063656AnExecutionCancelledAfterTheFirstStartIsDeliveredWhole() throws Exception {
        List<Exec> executions = List.of(
                new Exec("ex_s3063656_1", 117, 0, List.of(new Event(3, 0, "execution.dispatched"),
                        new Event(4, 1945, "execution.cancelled"))),
                new Exec("ex_s3063656_2", 0, 10, List.of(new Event(4, 10, "execution.dispatched"),
                        new Event(8, 231, "step.completed"), new Event(9, 287, "execution.cancelled"))),
                new Exec("ex_s3063656_3", 10, 10, List.of(new Event(1, 10, "execution.dispatched"),
                        new Event(2, 13, "execution.failed"))),
                new Exec("ex_s3063656_4", 0, 10, List.of(new Event(4, 10, "execution.dispatched"),
                        new Event(6, 10, "step.completed"))),
                new Exec("ex_s3063656_5", 14, 14, List.of(new Event(3, 14, "execution.dispatched"),
                        new Event(4, 61, "execution.completed"))),
                new Exec("ex_s3063656_6", 15, 15, List.of(new Event(1, 15, "execution.dispatched"),
                        new Event(2, 72, "step.completed"), new Event(4, 93, "execution.failed"))));
        History history = new History(0, Kind.EVENTS, "def_s3063656", null, null, 2, 30, true, Handoff.NONE, 19,
                executions, List.of(), List.of(), Map.<String, Failure>of(), Map.of(), false);
        HistoryVerdict verdict = simulatorClockPlayer.play(history);
        assertThat(verdict.violations()).as(verdict::report).isEmpty();
    }

    /**
     * The history of seed 3031124, written out, played on the simulator's clock: the first listing of running
     * executions ran at the first start (+0:57), then the clock moved 47 minutes before the first pass's scan read its
     * first page. That scan took its lookback from the newest start then listed (+36:43), below which lay
     * ex_s3031124_5 and _6, both started after the first start (+1:15, +6:00): they were never read. The first pass now
     * reads down to the lookback below the first start, however late its scan begins.
     */
    @Test
    void seed3031124WhatStartsWhileTheFirstPassBeginsIsRead() throws Exception {
        List<Exec> executions = List.of(
                new Exec("ex_s3031124_1", 190, 0, List.of(new Event(1, 0, "execution.dispatched"),
                        new Event(5, 4, "step.completed"), new Event(6, 101, "step.completed"),
                        new Event(7, 3498, "step.completed"))),
                new Exec("ex_s3031124_2", 0, 0, List.of(new Event(1, 0, "execution.dispatched"),
                        new Event(2, 3194, "step.completed"), new Event(3, 4205, "execution.completed"))),
                new Exec("ex_s3031124_3", 0, 0, List.of(new Event(2, 0, "execution.dispatched"))),
                new Exec("ex_s3031124_4", 0, 0, List.of(new Event(1, 0, "execution.dispatched"),
                        new Event(2, 33, "execution.failed"))),
                new Exec("ex_s3031124_5", 70, 75, List.of(new Event(1, 75, "execution.dispatched"),
                        new Event(4, 2488, "step.completed"), new Event(5, 2604, "execution.cancelled"))),
                new Exec("ex_s3031124_6", 345, 360, List.of(new Event(1, 360, "execution.dispatched"),
                        new Event(2, 468, "step.completed"), new Event(3, 470, "step.completed"),
                        new Event(6, 472, "execution.completed"))),
                new Exec("ex_s3031124_7", 2203, 2203, List.of(new Event(1, 2203, "execution.dispatched"),
                        new Event(2, 2203, "step.completed"), new Event(3, 2218, "step.completed"),
                        new Event(4, 2219, "step.completed"), new Event(5, 3484, "execution.failed"))));
        History history = new History(0, Kind.EVENTS, "def_s3031124", null, 2, null, 5, true, Handoff.NONE, 57, executions,
                List.of(), List.of(run(3281, 2853), run(960, 15), new Step(StepType.WRITE_OUTAGE, 2, 2),
                        new Step(StepType.STOP, 980, 980), new Step(StepType.WRITE_OUTAGE, 87, 5)),
                Map.of("ex_s3031124_6#6", new Failure(2, false)), Map.of("ex_s3031124_5", List.of(1L)), false);
        HistoryVerdict verdict = simulatorClockPlayer.play(history);
        assertThat(verdict.violations()).as(verdict::report).isEmpty();
    }

    static Step run(long ticks, long pollEvery) {
        return new Step(StepType.RUN, ticks, pollEvery);
    }

    /** An execution that starts at {@code start} with two events and never ends. */
    static Exec running(String id, long start) {
        return new Exec(id, start, start, List.of(new Event(1, start, "execution.dispatched"),
                new Event(2, start + 1, "step.awaiting-approval")));
    }

    static History events(String definitionId, List<Exec> executions, List<Step> steps) {
        return new History(0, Kind.EVENTS, definitionId, null, null, null, 10, false, Handoff.NONE, 0,
                new ArrayList<>(executions), List.of(), steps, Map.<String, Failure>of(), Map.of(), false);
    }

    /**
     * The four histories in which a 100,000-history run of the checker reported a repeat (seeds 7002828, 8036209,
     * 8078307 and 8095222), replayed from their seeds. The first three ran on a checker whose histories shared one
     * CamelContext, whose stops interfered with each other; the fourth repeated an event whose position write had failed
     * in an outage when a kill came, which the invariant allows.
     */
    @ParameterizedTest
    @ValueSource(longs = {7002828, 8036209, 8078307, 8095222})
    void seedsOfTheFirstLongRunHold(long seed) throws Exception {
        assertHolds(HistoryGenerator.generate(seed));
    }

    /**
     * Seed 369 on JDK 25 (Camel 4.22), with route threads: a run's exchange completed between the flush taking the runs
     * done and copying the runs owed, so the stored state listed it neither as owed nor under {@code forget}; a kill then
     * lost the next flush, and its progress key stayed for good. Now the flush copies what is owed first and a run is
     * queued as done before it leaves what is owed. The race is one of timing: a replay need not meet it.
     */
    @Test
    void seed369ARunDoneDuringAFlushLeavesNoKeyAfterAKill() throws Exception {
        assertHolds(HistoryGenerator.generate(369));
    }

    /**
     * Seed 14001613, reported once in a 20,000-history run (12 simulators on two busy cores): the consumer still
     * tracked an execution that had ended at the first start, not yet delivered, when the checker looked. The drain
     * does not wait for such an execution, and the check of what is kept settled on stored keys only; it now also
     * polls on while more is tracked than is live. Two replays before that change held.
     */
    @Test
    void seed14001613AnExecutionEndedAtTheFirstStartIsLetGo() throws Exception {
        assertHolds(HistoryGenerator.generate(14001613));
    }

    static History agentRuns(String agentId, List<Run> runs, List<Step> steps) {
        return new History(0, Kind.AGENT_RUNS, agentId, null, null, null, 10, false, Handoff.NONE, 0, List.of(),
                new ArrayList<>(runs), steps, Map.<String, Failure>of(), Map.of(), false);
    }

    static void assertHolds(History history) throws Exception {
        HistoryVerdict verdict = player.play(history);
        assertThat(verdict.violations()).as(verdict::report).isEmpty();
    }
}
