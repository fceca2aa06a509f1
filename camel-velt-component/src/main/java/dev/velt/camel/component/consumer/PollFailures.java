package dev.velt.camel.component.consumer;

import dev.velt.camel.client.VeltApiException;

/**
 * Which failures fail a poll. A failure of one item's requests (an execution's {@code getEvents}, a run's
 * {@code agents/execution/get}) is that item's alone: it backs off by itself ({@link FailureIsolation}) and the poll
 * goes
 * on. The poll fails (Camel logs it, counts it for the health check and applies {@code backoff*}) when the failure
 * concerns the whole consumer: the list scan failed, Velt refused the credentials, or every item request of the poll
 * failed.
 */
public final class PollFailures {

    private VeltApiException whole;
    private VeltApiException firstItemFailure;
    private int itemsSucceeded;
    private int itemsFailed;

    public void scanFailed(VeltApiException failure) {
        if (whole == null) {
            whole = failure;
        }
    }

    /** Records an item's failure; true when the poll should send nothing more (the credentials were refused). */
    public boolean itemFailed(VeltApiException failure) {
        itemsFailed++;
        if (firstItemFailure == null) {
            firstItemFailure = failure;
        }
        if (failure.isCredentialFailure()) {
            scanFailed(failure);
            return true;
        }
        return false;
    }

    public void itemSucceeded() {
        itemsSucceeded++;
    }

    /** The failure the poll ends with, or null when it succeeded as a whole. */
    public VeltApiException pollFailure() {
        if (whole != null) {
            return whole;
        }
        return itemsFailed > 0 && itemsSucceeded == 0 ? firstItemFailure : null;
    }
}
