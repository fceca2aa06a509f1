package dev.velt.camel.test;

import java.util.Map;
import java.util.Set;

/**
 * One event of a simulated workflow execution, internal ones included (they take a seq but {@code getEvents} filters
 * them out). {@code stepStatus} and {@code stepDetail} say what the event does to its step: the status the step moves
 * to, and its {@code output} (completed) or {@code error} (failed).
 *
 * @param data the event's {@code data}; null for {@code execution.completed}
 */
public record SimEvent(String eventId, long seq, String type, String stepId, long tick, long timestamp,
        String correlationId, Map<String, Object> data, String stepStatus,
        Map<String, Object> stepDetail) {

    /** Types Velt keeps to itself: they fill seq gaps in {@code getEvents}. */
    public static final Set<String> INTERNAL_TYPES = Set.of(
            "step.scheduled", "step.started", "step.retried", "step.resumed", "step.response-recorded",
            "step.overridden", "parallel-group.completed", "idempotency.suppressed");

    public static final Set<String> TERMINAL_TYPES = Set.of(
            "execution.completed", "execution.failed", "execution.cancelled");

    public boolean internal() {
        return INTERNAL_TYPES.contains(type);
    }

    public boolean terminal() {
        return TERMINAL_TYPES.contains(type);
    }
}
