package dev.velt.camel.component.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;

/**
 * A consumer {@code exceptionHandler} (bind it and set {@code exceptionHandler=#name}) that records what the consumer
 * reports instead of logging it: failed polls, and failed exchanges (those come with their exchange).
 */
public class ErrorLog implements ExceptionHandler {

    private final List<Throwable> pollFailures = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> exchangeFailures = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstPollFailure = new CountDownLatch(1);

    @Override
    public void handleException(Throwable exception) {
        pollFailed(exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        pollFailed(exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (exchange == null) {
            pollFailed(exception);
        } else {
            exchangeFailures.add(exception);
        }
    }

    private void pollFailed(Throwable exception) {
        pollFailures.add(exception);
        firstPollFailure.countDown();
    }

    /** Waits up to {@code timeout} for a failed poll; true if there was one. */
    public boolean awaitPollFailure(Duration timeout) throws InterruptedException {
        return firstPollFailure.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public List<Throwable> pollFailures() {
        synchronized (pollFailures) {
            return new ArrayList<>(pollFailures);
        }
    }

    public List<Throwable> exchangeFailures() {
        synchronized (exchangeFailures) {
            return new ArrayList<>(exchangeFailures);
        }
    }
}
