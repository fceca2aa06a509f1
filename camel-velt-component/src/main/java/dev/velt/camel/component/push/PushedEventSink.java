package dev.velt.camel.component.push;

import java.util.concurrent.CompletableFuture;

import dev.velt.camel.model.PushedEvent;
import dev.velt.camel.model.WorkflowEvent;

/**
 * Where a second source of events (webhook pushes) feeds the same stream as polling: one position per execution,
 * delivered in seq order through {@code VeltEventsConsumer}'s one delivery path.
 */
public interface PushedEventSink {

    /**
     * Accepts a pushed event of an execution.
     *
     * @param deadlineNanos the {@link System#nanoTime()} by which the push must be answered; every wait ends there
     * @return a future that completes normally once this event and every earlier event of its execution were delivered
     * and committed (at once for a duplicate at or below the position), and exceptionally otherwise
     */
    CompletableFuture<Void> accept(String executionId, WorkflowEvent event, long deadlineNanos);

    /**
     * Accepts a pushed event with the webhook body it was read from; what the receiver calls. By default the body is
     * not needed: {@link #accept(String, WorkflowEvent, long)}.
     *
     * @param body the raw body, verified and read into {@code pushed}
     */
    default CompletableFuture<Void> accept(PushedEvent pushed, byte[] body, long deadlineNanos) {
        return accept(pushed.executionId(), pushed.event(), deadlineNanos);
    }

    /** Told of a call the receiver refused before it reached {@link #accept}: unsigned, too large, not an event. */
    default void refused() {
    }
}
