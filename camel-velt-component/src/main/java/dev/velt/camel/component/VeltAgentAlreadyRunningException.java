package dev.velt.camel.component;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.velt.camel.client.VeltApiException;

/**
 * {@code velt:runAgent} was answered ALREADY_EXISTS: a run of this agent on this document is in progress. Velt names
 * that run in its message; {@link #getRunningExecutionId()} returns it, so a route can await that run instead. Not
 * retryable.
 */
public class VeltAgentAlreadyRunningException extends VeltOperationException {

    /** How Velt's agent run ids look in its messages ({@code exec_1711900000000_abc123def456}). */
    private static final Pattern RUN_ID = Pattern.compile("\\bexec_[A-Za-z0-9_-]+");

    private final String runningExecutionId;

    public VeltAgentAlreadyRunningException(VeltApiException cause, String operation) {
        super(cause, operation);
        Matcher matcher = RUN_ID.matcher(cause.getMessage() == null ? "" : cause.getMessage());
        this.runningExecutionId = matcher.find() ? matcher.group() : null;
    }

    /** The id of the run in progress, as Velt's message names it; null when the message names none. */
    public String getRunningExecutionId() {
        return runningExecutionId;
    }
}
