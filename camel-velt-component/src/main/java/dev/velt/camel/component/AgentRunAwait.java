package dev.velt.camel.component;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.velt.camel.model.AgentExecution;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;

/**
 * Awaits the end of an agent run without holding a thread: each read of {@code agents/execution/get} is a task on the
 * component's scheduler, the next one scheduled {@code awaitInterval} later while the run's status is
 * {@code running}; when it is no longer, the run becomes the exchange's body and the exchange continues on the
 * scheduler's thread ({@link AsyncCallback#done(boolean) done(false)}). After {@code awaitTimeout} the exchange fails
 * with {@link VeltAwaitTimeoutException}; a failed read (e.g. Velt's NOT_FOUND for a run that is gone) fails it at
 * once.
 */
final class AgentRunAwait {

    static final String RUNNING = "running";

    private final VeltEndpoint endpoint;
    private final ScheduledExecutorService scheduler;
    private final long intervalMillis;
    private final long timeoutMillis;

    AgentRunAwait(VeltEndpoint endpoint, ScheduledExecutorService scheduler, long intervalMillis, long timeoutMillis) {
        this.endpoint = endpoint;
        this.scheduler = scheduler;
        this.intervalMillis = intervalMillis;
        this.timeoutMillis = timeoutMillis;
    }

    /** Whether the run has finished: any status but {@code running}. */
    static boolean finished(AgentExecution run) {
        return !RUNNING.equals(run.getStatus());
    }

    /** Sets the run as the body, with its id and status in the headers. */
    static void deliver(Exchange exchange, AgentExecution run) {
        exchange.getMessage().setBody(run);
        exchange.getMessage().setHeader(VeltConstants.EXECUTION_ID, run.getId());
        exchange.getMessage().setHeader(VeltConstants.EXECUTION_STATUS, run.getStatus());
    }

    /** Reads {@code runId} every interval, starting one interval from now, until it finishes or the timeout passes. */
    void start(Exchange exchange, String runId, boolean includeResults, AsyncCallback callback) {
        new Wait(exchange, runId, includeResults, callback, System.nanoTime()).schedule(intervalMillis);
    }

    private final class Wait implements Runnable {

        private final Exchange exchange;
        private final String runId;
        private final boolean includeResults;
        private final AsyncCallback callback;
        private final long startNanos;

        Wait(Exchange exchange, String runId, boolean includeResults, AsyncCallback callback, long startNanos) {
            this.exchange = exchange;
            this.runId = runId;
            this.includeResults = includeResults;
            this.callback = callback;
            this.startNanos = startNanos;
        }

        void schedule(long delayMillis) {
            try {
                scheduler.schedule(this, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                exchange.setException(new IllegalStateException("velt:" + endpoint.getOperation()
                                                                + " stopped while awaiting agent run " + runId,
                        e));
                callback.done(false);
            }
        }

        @Override
        public void run() {
            try {
                AgentExecution run = endpoint.call(() -> endpoint.getClient().getAgentExecution(runId, includeResults));
                if (finished(run)) {
                    deliver(exchange, run);
                } else {
                    long waited = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
                    long remaining = timeoutMillis - waited;
                    if (remaining > 0) {
                        schedule(Math.min(intervalMillis, remaining));
                        return;
                    }
                    exchange.setException(new VeltAwaitTimeoutException(runId, Duration.ofMillis(waited),
                            Duration.ofMillis(timeoutMillis)));
                }
            } catch (Exception e) {
                exchange.setException(e);
            }
            callback.done(false);
        }
    }
}
