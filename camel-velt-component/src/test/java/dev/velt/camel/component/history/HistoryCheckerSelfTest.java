package dev.velt.camel.component.history;

import java.util.List;
import java.util.Map;

import dev.velt.camel.component.history.History.Event;
import dev.velt.camel.component.history.History.Exec;
import dev.velt.camel.component.history.History.Failure;
import dev.velt.camel.component.history.History.Handoff;
import dev.velt.camel.component.history.History.Kind;
import dev.velt.camel.component.history.History.Step;
import dev.velt.camel.component.history.History.StepType;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker checks what the route completed, not what the consumer thinks: an event the route never completes is
 * reported lost, and its execution's later events wait behind it; a quiet history (no pause, no fault) holds.
 */
class HistoryCheckerSelfTest {

    private static CamelContext context;
    private static HistoryPlayer player;

    @BeforeAll
    static void start() {
        HistoryCheckerTest.quietLogs();
        context = HistoryCheckerTest.startedContext();
        player = new HistoryPlayer(context);
    }

    @AfterAll
    static void stop() {
        if (player != null) {
            player.close();
        }
        if (context != null) {
            context.stop();
        }
        HistoryCheckerTest.restoreLogs();
    }

    @Test
    void anEventTheRouteNeverCompletesIsReportedLost() throws Exception {
        History history = history("def_self_lost", Map.of("ex_self_lost#2", new Failure(Integer.MAX_VALUE, false)));
        HistoryVerdict verdict = player.play(history);
        assertThat(verdict.violations()).anySatisfy(v -> assertThat(v).startsWith("lost [ex_self_lost#2, ex_self_lost#3]"));
    }

    @Test
    void anEventRolledBackForeverIsReportedLost() throws Exception {
        History history = history("def_self_rollback", Map.of("ex_self_rollback#1", new Failure(Integer.MAX_VALUE, true)));
        HistoryVerdict verdict = player.play(history);
        assertThat(verdict.violations()).anySatisfy(v -> assertThat(v).startsWith("lost [ex_self_rollback#1,"));
    }

    @Test
    void aQuietHistoryHolds() throws Exception {
        HistoryVerdict verdict = player.play(history("def_self_quiet", Map.of()));
        assertThat(verdict.violations()).as(verdict::report).isEmpty();
        assertThat(verdict.completions()).isEqualTo(3);
    }

    @Test
    void aKillExcusesARepeatOnlyWhenItFoundThePositionOfTheItemsGroupUnsaved() {
        HistoryVerdict.Kill kill = new HistoryVerdict.Kill(100, java.util.Set.of("velt.events.execution.ex_a",
                "velt.agentExecutions.agentId:agent_a.run.run_a"));
        assertThat(kill.lostUnsavedPositionOf("ex_a", 50, 150)).as("between the two completions").isTrue();
        assertThat(kill.lostUnsavedPositionOf("run_a", 50, 150)).as("an agent run's progress").isTrue();
        assertThat(kill.lostUnsavedPositionOf("ex_a", 100, 150)).as("not after the first completion").isFalse();
        assertThat(kill.lostUnsavedPositionOf("ex_a", 50, 100)).as("not before the repeat").isFalse();
        assertThat(kill.lostUnsavedPositionOf("ex_b", 50, 150)).as("another execution's position").isFalse();
        assertThat(kill.lostUnsavedPositionOf("x_a", 50, 150)).as("an id the key only ends with").isFalse();
    }

    private static History history(String definitionId, Map<String, Failure> failures) {
        String id = definitionId.replace("def_", "ex_");
        Exec exec = new Exec(id, 5, 5, List.of(new Event(1, 5, "execution.dispatched"), new Event(2, 6, "step.completed"),
                new Event(3, 7, "execution.completed")));
        return new History(0, Kind.EVENTS, definitionId, null, null, null, 10, false, Handoff.NONE, 0, List.of(exec),
                List.of(), List.of(new Step(StepType.RUN, 30, 5)), failures, Map.of(), false);
    }
}
