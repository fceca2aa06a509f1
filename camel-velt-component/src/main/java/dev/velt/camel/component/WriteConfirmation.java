package dev.velt.camel.component;

import java.util.Map;
import java.util.Objects;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.client.VeltClient;
import dev.velt.camel.model.ExecutionStep;
import dev.velt.camel.model.ExecutionView;

/**
 * Whether a write whose retry Velt answered FAILED_PRECONDITION had taken effect all the same: the first attempt went
 * through but its answer was lost, so the retry found the execution already cancelled or the step already decided.
 * Only a failure after more than one attempt is checked, by reading the execution once.
 */
final class WriteConfirmation {

    private WriteConfirmation() {
    }

    /** Worth checking: FAILED_PRECONDITION from Velt itself after the request was sent more than once. */
    static boolean worthChecking(VeltApiException failure) {
        return failure.isApiError() && "FAILED_PRECONDITION".equals(failure.getStatus()) && failure.getAttempts() > 1;
    }

    /** The execution shows the cancel: its status is {@code cancelled}. */
    static boolean cancelled(VeltClient client, String executionId) {
        return "cancelled".equals(client.getExecution(executionId).getStatus());
    }

    /**
     * The step shows the reviewer's decision: it is no longer waiting and its output records {@code decision} (and,
     * when the output names a reviewer, {@code reviewerId}).
     */
    static boolean decided(VeltClient client, String executionId, String stepId, String reviewerId, String decision) {
        ExecutionView execution = client.getExecution(executionId);
        if (execution.getSteps() == null) {
            return false;
        }
        for (ExecutionStep step : execution.getSteps()) {
            if (stepId.equals(step.getStepId()) && !"waiting".equals(step.getStatus())) {
                Map<String, Object> output = step.getOutput();
                return output != null && decision.equals(output.get("decision"))
                        && (output.get("reviewerId") == null || Objects.equals(reviewerId, output.get("reviewerId")));
            }
        }
        return false;
    }
}
