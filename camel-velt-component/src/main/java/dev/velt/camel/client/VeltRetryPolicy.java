package dev.velt.camel.client;

import java.net.ConnectException;
import java.time.Duration;

import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedPredicate;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which failures are retried and how long to wait. It is applied only to calls that are safe to repeat: reads
 * ({@code get}, {@code getEvents}, {@code list}) and the writes Velt recognises when repeated (see
 * {@link VeltClient#dispatch}); a write that is not safe to repeat is sent once, without this policy.
 * <p>
 * Retried: {@link VeltApiException#isRetryable() retryable} statuses (429, 503, 5xx, connection failures, timeouts,
 * unreadable bodies). Delay: exponential from {@code retryDelay} up to {@code retryMaxDelay} with 20% jitter; a
 * {@code Retry-After} from the server is waited at least in full (capped at {@code retryMaxDelay}).
 */
final class VeltRetryPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(VeltRetryPolicy.class);
    private static final double JITTER = 0.2;
    /** A delay function result telling Failsafe to use the configured backoff (any negative duration does). */
    private static final Duration USE_BACKOFF = Duration.ofMillis(-1);

    private VeltRetryPolicy() {
    }

    static RetryPolicy<Object> create(VeltClientConfig config, Runnable onRetry) {
        return create(config, onRetry, VeltRetryPolicy::isRetryable);
    }

    /**
     * Retries only failures to connect: the request was never sent, so repeating it cannot act twice. For writes Velt
     * cannot recognise when repeated ({@code agents/execution/run}).
     */
    static RetryPolicy<Object> createForUnsent(VeltClientConfig config, Runnable onRetry) {
        return create(config, onRetry, failure -> failure instanceof VeltApiException e
                && (e.getCause() instanceof ConnectException || e.getCause() instanceof ConnectTimeoutException));
    }

    private static RetryPolicy<Object> create(VeltClientConfig config, Runnable onRetry,
            CheckedPredicate<Throwable> retryable) {
        Duration firstDelay = config.retryDelay().isZero() ? Duration.ofMillis(1) : config.retryDelay();
        Duration maxDelay = config.retryMaxDelay().compareTo(firstDelay) > 0 ? config.retryMaxDelay()
                : firstDelay.plusMillis(1);
        return RetryPolicy.builder()
                .handleIf(retryable)
                .withMaxRetries(config.maxRetries())
                .withBackoff(firstDelay, maxDelay)
                .withJitter(JITTER)
                .withDelayFnOn(ctx -> retryAfterDelay((VeltApiException) ctx.getLastException(), maxDelay),
                        VeltApiException.class)
                .onRetry(e -> {
                    onRetry.run();
                    LOG.debug("Retrying Velt call (attempt {}) after: {}", e.getAttemptCount() + 1,
                            e.getLastException() == null ? null : e.getLastException().getMessage());
                })
                .build();
    }

    private static boolean isRetryable(Throwable failure) {
        return failure instanceof VeltApiException e && e.isRetryable();
    }

    /**
     * {@link #USE_BACKOFF} unless the server sent Retry-After; jitter is applied on top, so divide it out. Never null:
     * Failsafe dereferences the delay function's result and only falls back to the backoff for a negative one.
     */
    private static Duration retryAfterDelay(VeltApiException failure, Duration maxDelay) {
        Duration retryAfter = failure == null ? null : failure.getRetryAfter();
        if (retryAfter == null) {
            return USE_BACKOFF;
        }
        Duration capped = retryAfter.compareTo(maxDelay) > 0 ? maxDelay : retryAfter;
        return Duration.ofNanos((long) (capped.toNanos() / (1 - JITTER)));
    }
}
