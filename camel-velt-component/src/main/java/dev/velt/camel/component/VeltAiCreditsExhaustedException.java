package dev.velt.camel.component;

import dev.velt.camel.client.VeltApiException;

/**
 * {@code velt:runAgent} was answered RESOURCE_EXHAUSTED: the workspace's AI credits are spent. Unlike a rate limit
 * (the same status on other operations), waiting does not help, so it is not retryable and was not retried.
 */
public class VeltAiCreditsExhaustedException extends VeltOperationException {

    public VeltAiCreditsExhaustedException(VeltApiException cause, String operation) {
        super(cause, operation, cause.getMessage() + " (the workspace's AI credits are spent: agents/execution/run"
                                + " answers RESOURCE_EXHAUSTED for that, and retrying does not help until credits are"
                                + " added)");
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
