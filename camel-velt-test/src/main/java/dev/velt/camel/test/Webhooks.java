package dev.velt.camel.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes every external event of an execution with a webhook target as Velt does: a POST of
 * {@code {event, executionId, definitionId, stepId, status, seq, timestamp (ISO-8601), correlationId, data}} with
 * {@code x-velt-signature: sha256=<hex HMAC-SHA256 of the raw body keyed with the secret>}, {@code x-velt-event-id}
 * (stable across retries) and {@code x-velt-attempt} (0-based); no redirects; any non-2xx or failed connection is
 * retried after Velt's 2 s, 8 s, 32 s, 2 min and 8 min scaled by {@link SimulatorOptions#webhookTimeScale(double)},
 * then the push goes to the {@link #deadLetters() dead letters}. On demand (scripted or by seeded rate) a push is
 * dropped, duplicated or held back until after the next one (at most 200 ms); during an {@link #outage(boolean)
 * outage} no push is sent at all (the events stay readable through {@code getEvents}). Pushes go out one at a time,
 * in the order the events happened but for the reordered ones.
 */
public final class Webhooks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    private static final long[] RETRY_DELAYS_MS = {2_000, 8_000, 32_000, 120_000, 480_000};
    /** How long a reordered push waits for the one to overtake it. */
    private static final long HOLD_BACK_MS = 200;

    private record Target(String url, String secret) {
    }

    private record Push(String executionId, SimEvent event, byte[] body, Target target) {
    }

    private final SimJson json;
    private final SimulatorOptions options;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "velt-simulator-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Target> targets = new HashMap<>();
    private final Map<String, Long> pushedUpTo = new HashMap<>();
    private final List<WebhookAttempt> attempts = new ArrayList<>();
    private final List<WebhookAttempt> deadLetters = new ArrayList<>();
    private final List<SimEvent> dropped = new ArrayList<>();
    private Push heldBack;
    private int dropNext;
    private int duplicateNext;
    private int reorderNext;
    private double dropRate;
    private double duplicateRate;
    private double reorderRate;
    private volatile boolean outage;

    Webhooks(SimJson json, SimulatorOptions options) {
        this.json = json;
        this.options = options;
        this.random = new Random(options.seed() + 5);
    }

    /** Drops the next {@code n} pushes: never sent, not even retried. */
    public synchronized Webhooks dropNext(int n) {
        dropNext += n;
        return this;
    }

    /** Sends each of the next {@code n} pushes twice (the second as attempt 1, as after a lost answer). */
    public synchronized Webhooks duplicateNext(int n) {
        duplicateNext += n;
        return this;
    }

    /** Holds each of the next {@code n} pushes back until the push after it was sent. */
    public synchronized Webhooks reorderNext(int n) {
        reorderNext += n;
        return this;
    }

    /** Shares (0..1) of pushes dropped, duplicated and reordered, drawn from a random seeded by the simulator's seed. */
    public synchronized Webhooks rates(double drop, double duplicate, double reorder) {
        this.dropRate = drop;
        this.duplicateRate = duplicate;
        this.reorderRate = reorder;
        return this;
    }

    /** While on, nothing is pushed: events of the time are never pushed (read them with {@code getEvents}). */
    public Webhooks outage(boolean on) {
        this.outage = on;
        return this;
    }

    /** Every attempt so far, in the order they were made. */
    public synchronized List<WebhookAttempt> attempts() {
        return List.copyOf(attempts);
    }

    /** The last failed attempt of each push Velt gave up on. */
    public synchronized List<WebhookAttempt> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** The events dropped (on demand or during an outage): never pushed. */
    public synchronized List<SimEvent> dropped() {
        return List.copyOf(dropped);
    }

    /** The signature Velt puts in {@code x-velt-signature} for {@code body}: {@code sha256=<hex>}. */
    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The signature Velt puts in {@code x-velt-signature} for a body given as text, signed over its UTF-8 bytes (what
     * an HTTP client sends for a JSON string): {@code sha256=<hex>}.
     */
    public static String signature(String secret, String body) {
        return signature(secret, body.getBytes(StandardCharsets.UTF_8));
    }

    synchronized void target(String executionId, String url, String secret) {
        targets.put(executionId, new Target(url, secret));
    }

    /** Schedules the pushes of every external event that has happened by {@code tick} and was not pushed yet. */
    synchronized void pump(List<SimExecution> executions, long tick) {
        Target fallback = options.webhookUrl() == null ? null : new Target(options.webhookUrl(), options.webhookSecret());
        if (fallback == null && targets.isEmpty()) {
            return;
        }
        for (SimExecution execution : executions) {
            Target target = targets.getOrDefault(execution.executionId(), fallback);
            if (target == null) {
                continue;
            }
            long from = pushedUpTo.getOrDefault(execution.executionId(), 0L);
            for (SimEvent event : execution.eventsAfter(from, tick)) {
                pushedUpTo.put(execution.executionId(), event.seq());
                if (!event.internal()) {
                    offer(new Push(execution.executionId(), event, body(execution, event), target));
                }
            }
        }
    }

    private void offer(Push push) {
        double draw = random.nextDouble();
        if (outage || dropNext > 0 || draw < dropRate) {
            dropNext = Math.max(0, dropNext - (outage ? 0 : 1));
            dropped.add(push.event());
            return;
        }
        if (heldBack == null && (reorderNext > 0 || random.nextDouble() < reorderRate)) {
            reorderNext = Math.max(0, reorderNext - 1);
            heldBack = push;
            // when no push follows soon, it goes on its own
            sender.schedule(() -> flush(push), HOLD_BACK_MS, TimeUnit.MILLISECONDS);
            return;
        }
        send(push);
        if (heldBack != null) {
            send(heldBack);
            heldBack = null;
        }
    }

    private synchronized void flush(Push held) {
        if (heldBack == held) {
            heldBack = null;
            send(held);
        }
    }

    private void send(Push push) {
        boolean duplicate = duplicateNext > 0 || random.nextDouble() < duplicateRate;
        duplicateNext = Math.max(0, duplicateNext - 1);
        sender.execute(() -> attempt(push, 0, !duplicate));
        if (duplicate) {
            sender.execute(() -> attempt(push, 1, true));
        }
    }

    /** One attempt; {@code retry} false for the first of a duplicated pair (its failure is covered by the second). */
    private void attempt(Push push, int attempt, boolean retry) {
        int status;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(push.target().url()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("x-velt-signature", signature(push.target().secret(), push.body()))
                    .header("x-velt-event-id", push.event().eventId())
                    .header("x-velt-attempt", String.valueOf(attempt))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(push.body()))
                    .build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        WebhookAttempt record = new WebhookAttempt(System.currentTimeMillis(), push.event().eventId(),
                push.executionId(), push.event().seq(), push.event().type(), attempt, status);
        synchronized (this) {
            attempts.add(record);
            if (record.delivered() || !retry) {
                return;
            }
            if (attempt >= RETRY_DELAYS_MS.length) {
                deadLetters.add(record);
                LOG.debug("Webhook {} of {} given up after {} attempts", push.event().eventId(), push.executionId(),
                        attempt + 1);
                return;
            }
        }
        long delay = Math.max(1, (long) (RETRY_DELAYS_MS[attempt] * options.webhookTimeScale()));
        sender.schedule(() -> attempt(push, attempt + 1, true), delay, TimeUnit.MILLISECONDS);
    }

    private byte[] body(SimExecution execution, SimEvent event) {
        ObjectNode body = json.mapper().createObjectNode()
                .put("event", event.type())
                .put("executionId", execution.executionId())
                .put("definitionId", execution.definitionId())
                .put("stepId", event.stepId())
                .put("status", execution.stateAt(event.tick()).status())
                .put("seq", event.seq())
                .put("timestamp", Instant.ofEpochMilli(event.timestamp()).toString())
                .put("correlationId", event.correlationId());
        body.set("data", json.mapper().valueToTree(event.data()));
        return json.write(body).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
