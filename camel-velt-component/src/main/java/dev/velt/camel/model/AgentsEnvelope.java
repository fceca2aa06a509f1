package dev.velt.camel.model;

/**
 * The {@code result} of the agents endpoints that answer {@code {status, message, data}}: {@code agents/execution/run}
 * ({@link Run}), {@code agents/execution/count} ({@link Count}), {@code agents/execution/get}
 * ({@link AgentExecutionEnvelope}) and the current envelope of {@code agents/execution/list}
 * ({@link AgentExecutionsPage}).
 *
 * @param <T> the type of {@code data}
 */
public abstract class AgentsEnvelope<T> extends VeltObject {

    private String status;
    private String message;
    private T data;

    /** {@code agents/execution/run}. */
    public static class Run extends AgentsEnvelope<AgentRunStarted> {

        @Override
        public String toString() {
            return describe(this);
        }
    }

    /** {@code agents/execution/count}. */
    public static class Count extends AgentsEnvelope<AgentExecutionCounts> {

        @Override
        public String toString() {
            return describe(this);
        }
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public T getData() {
        return data;
    }

    public void setData(T data) {
        this.data = data;
    }

    static String describe(AgentsEnvelope<?> envelope) {
        return Description.of(envelope).add("status", envelope.status).add("data", envelope.data).toString();
    }
}
