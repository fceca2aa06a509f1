package dev.velt.camel.model;

/**
 * Status of an agent run. The model keeps the API's string; {@link #of(String)} reads it leniently. Only
 * {@link #RUNNING} is unfinished: {@code failed} means the run completed and found issues, {@code error} that it broke.
 */
public enum AgentExecutionStatus {

    RUNNING, PASSED, FAILED, PARTIAL, ERROR, SKIPPED, UNKNOWN;

    public static AgentExecutionStatus of(String value) {
        return LenientEnums.valueOf(AgentExecutionStatus.class, value, UNKNOWN);
    }

    public boolean isFinished() {
        return this != RUNNING;
    }
}
