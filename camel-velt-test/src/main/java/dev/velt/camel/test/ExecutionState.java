package dev.velt.camel.test;

import java.util.List;
import java.util.Map;

/** A simulated workflow execution as it stands at one tick: what {@code workflow/executions/get} shows. */
public record ExecutionState(String status, Long completedAt, Long cancelledAt, Map<String, Object> failureReason,
        List<StepState> steps) {

    /** One step at that tick. */
    public record StepState(SimStep step, String status, Long startedAt, Long completedAt, Map<String, Object> output,
            Map<String, Object> error) {
    }
}
