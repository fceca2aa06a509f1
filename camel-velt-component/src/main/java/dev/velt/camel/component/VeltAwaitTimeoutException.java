package dev.velt.camel.component;

import java.time.Duration;

/**
 * An agent run awaited with {@code awaitCompletion=true} was still {@code running} when {@code awaitTimeout} had
 * passed. The run itself goes on in Velt; {@link #getExecutionId()} names it for a later {@code getAgentExecution}.
 */
public class VeltAwaitTimeoutException extends RuntimeException {

    private final String executionId;
    private final Duration waited;

    public VeltAwaitTimeoutException(String executionId, Duration waited, Duration awaitTimeout) {
        super("Agent run " + executionId + " was still running after " + waited.toMillis() + " ms (awaitTimeout "
              + awaitTimeout.toMillis() + " ms)");
        this.executionId = executionId;
        this.waited = waited;
    }

    /** The run that did not finish in time. */
    public String getExecutionId() {
        return executionId;
    }

    /** How long it was awaited. */
    public Duration getWaited() {
        return waited;
    }
}
