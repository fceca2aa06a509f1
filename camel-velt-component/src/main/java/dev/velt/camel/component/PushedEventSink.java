package dev.velt.camel.component;

import java.util.concurrent.CompletableFuture;

import dev.velt.camel.model.WorkflowEvent;

/**
 * Where the webhook receiver hands a pushed event. The future completes normally once that event and every earlier
 * event of its execution were delivered and committed (at once for a duplicate at or below the execution's position),
 * and exceptionally otherwise; the receiver answers Velt's call accordingly.
 */
interface PushedEventSink {

    CompletableFuture<Void> accept(String executionId, WorkflowEvent event);
}
