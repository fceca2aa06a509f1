package dev.velt.camel.component.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.component.history.History.Failure;
import dev.velt.camel.model.AgentFinding;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * What the history's route received, as the route sees it: every exchange is watched from the route's first step to
 * its completion (wherever it completes: a {@code seda:} consumer, a {@code threads()} worker), and recorded as
 * completed only when it ended without exception and not rollback-only. The route's last step fails the attempts the
 * history says it fails.
 */
final class DeliveryLog {

    /** One completed exchange: its item key and when ({@link System#nanoTime()}). */
    record Completion(String key, long nanos) {
    }

    private final History.Kind kind;
    private final boolean split;
    private final Map<String, Failure> failures;
    private final List<Completion> completed = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    /** Where completions are noted beside the state repository's journal. */
    private final Consumer<String> journal;

    DeliveryLog(History history, Consumer<String> journal) {
        this.journal = journal;
        this.kind = history.kind();
        this.split = history.splitFindings();
        this.failures = history.failures();
    }

    String key(Exchange exchange) {
        String id = exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID, String.class);
        if (kind == History.Kind.EVENTS) {
            return id + "#" + exchange.getMessage().getHeader(VeltConstants.EVENT_SEQ, Long.class);
        }
        if (split) {
            Object body = exchange.getMessage().getBody();
            return id + "#" + (body instanceof AgentFinding finding ? finding.getId() : String.valueOf(body));
        }
        return id;
    }

    /** The route's first step: watches the exchange until it completes. */
    void enter(Exchange exchange) {
        String key = key(exchange);
        open.incrementAndGet();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {

            @Override
            public void onComplete(Exchange done) {
                open.decrementAndGet();
                if (done.isRollbackOnly() || done.getException() != null) {
                    failed(key);
                } else {
                    completed(key);
                }
            }

            @Override
            public void onFailure(Exchange done) {
                open.decrementAndGet();
                failed(key);
            }
        });
    }

    /** The route's last step: fails the attempts the history fails. */
    void process(Exchange exchange) {
        String key = key(exchange);
        int attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        Failure failure = failures.get(key);
        if (failure != null && attempt <= failure.attempts()) {
            if (failure.rollback()) {
                exchange.setRollbackOnly(true);
            } else {
                throw new IllegalStateException("the history's route fails attempt " + attempt + " of " + key);
            }
        }
    }

    private synchronized void completed(String key) {
        journal.accept("completed " + key);
        completed.add(new Completion(key, System.nanoTime()));
    }

    private synchronized void failed(String key) {
        failed.add(key);
    }

    synchronized List<Completion> completions() {
        return List.copyOf(completed);
    }

    synchronized int completedCount() {
        return completed.size();
    }

    synchronized List<String> failedAttempts() {
        return List.copyOf(failed);
    }

    /** Exchanges entered and not completed yet. */
    int open() {
        return open.get();
    }
}
