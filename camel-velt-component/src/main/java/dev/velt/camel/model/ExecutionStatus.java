package dev.velt.camel.model;

/**
 * Status of a workflow execution. The model keeps the API's string; {@link #of(String)} reads it leniently, so a status
 * added by Velt later becomes {@link #UNKNOWN} instead of a parse error.
 */
public enum ExecutionStatus {

    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, UNKNOWN;

    public static ExecutionStatus of(String value) {
        return LenientEnums.valueOf(ExecutionStatus.class, value, UNKNOWN);
    }

    /** Completed, failed and cancelled executions never change again. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
