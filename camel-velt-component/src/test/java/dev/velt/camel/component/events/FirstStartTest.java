package dev.velt.camel.component.events;

import dev.velt.camel.model.ExecutionView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule of {@link FirstStart}: which terminal executions count as ended before the consumer's first start. */
class FirstStartTest {

    private static final long FIRST_START = 10_000L;
    private final FirstStart firstStart = new FirstStart(FIRST_START, null);

    private static ExecutionView execution(Long startedAt, Long completedAt, Long cancelledAt) {
        ExecutionView execution = new ExecutionView();
        execution.setExecutionId("exec");
        execution.setStartedAt(startedAt);
        execution.setCompletedAt(completedAt);
        execution.setCancelledAt(cancelledAt);
        return execution;
    }

    @Test
    void anExecutionThatCompletedBeforeTheFirstStartEndedBeforeIt() {
        assertThat(firstStart.endedBefore(execution(1_000L, 9_000L, null))).isTrue();
        assertThat(firstStart.endedBefore(execution(1_000L, 11_000L, null))).isFalse();
    }

    /** Found by the history checker (seed 3063656): a cancelled execution has no completedAt, only cancelledAt. */
    @Test
    void anExecutionCancelledAfterTheFirstStartDidNotEndBeforeItWhenItStartedBefore() {
        assertThat(firstStart.endedBefore(execution(1_000L, null, 11_000L))).isFalse();
        assertThat(firstStart.endedBefore(execution(1_000L, null, 9_000L))).isTrue();
    }

    @Test
    void withoutAnEndItsStartDecides() {
        assertThat(firstStart.endedBefore(execution(9_000L, null, null))).isTrue();
        assertThat(firstStart.endedBefore(execution(11_000L, null, null))).isFalse();
        assertThat(firstStart.endedBefore(execution(null, null, null))).isTrue();
    }

    @Test
    void sinceTimeReachingBackToItsStartKeepsIt() {
        FirstStart since = new FirstStart(FIRST_START, 500L);

        assertThat(since.endedBefore(execution(1_000L, 9_000L, null))).isFalse();
        assertThat(since.endedBefore(execution(400L, 9_000L, null))).isTrue();
    }
}
