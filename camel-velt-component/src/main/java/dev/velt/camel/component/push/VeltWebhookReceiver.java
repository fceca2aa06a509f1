package dev.velt.camel.component.push;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velt.camel.model.PushedEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Velt's webhook POSTs on one path through Camel's {@code platform-http}, whatever HTTP server the runtime
 * provides, and hands each verified event to the {@link PushedEventSink} of the active {@code velt:events} consumer
 * (with {@code shards}: of the push receiver endpoint, which passes it on to the consumer of the event's shard).
 * <p>
 * It is a service of the CamelContext, not of the consumer: the path stays registered while the consumer is stopped
 * (under {@code master:} on every replica that is not the leader), and pushes are then answered 503 so that Velt
 * retries, possibly on another replica. Answers, always a fixed text:
 * <ul>
 * <li>413 when the body exceeds {@link #MAX_BODY_BYTES} (from Content-Length, or counted while reading);</li>
 * <li>401 when {@code x-velt-signature} is missing or is not the HMAC-SHA256 of the raw body bytes;</li>
 * <li>400 when the signed body is not a Velt workflow event;</li>
 * <li>503 while no consumer is active;</li>
 * <li>503 when the push could not be recorded for the consumer of its shard, whose recorded pushes are too many;</li>
 * <li>200 once the sink's future completed normally; 500 when it failed, 503 when it did not complete within the
 * acknowledgement timeout (shorter than Velt's 10 s), so Velt retries either way.</li>
 * </ul>
 * Neither the secret nor a refused body is ever logged.
 */
public final class VeltWebhookReceiver extends ServiceSupport implements CamelContextAware, Processor {

    /** The largest body accepted: 1 MiB, far above any workflow event. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** How long a push waits for its delivery and commit before it is answered 503: below Velt's 10 s timeout. */
    public static final Duration ACK_TIMEOUT = Duration.ofSeconds(8);
    public static final String EVENT_ID_HEADER = "x-velt-event-id";
    /** Pushes taken in at once at most; more wait in the pool's queue, and each is answered by its deadline anyway. */
    public static final int MAX_WORKERS = 16;
    public static final String ATTEMPT_HEADER = "x-velt-attempt";

    /** The answers, each with its status code and fixed text. */
    public enum Reply {

        DELIVERED(200, "Delivered"), NOT_AN_EVENT(400, "Not a Velt workflow event"), UNSIGNED(401,
                "Invalid webhook signature"), TOO_LARGE(413, "Webhook body too large"), NOT_DELIVERED(500,
                        "Event not delivered; retry later"), NOT_ACTIVE(503,
                                "Velt events consumer not active; retry later"), TIMED_OUT(503,
                                        "Event delivery not confirmed in time; retry later"), BACKLOGGED(503,
                                                "Too many pushes wait for the consumer of their shard; retry later");

        final int code;
        final String text;

        Reply(int code, String text) {
            this.code = code;
            this.text = text;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(VeltWebhookReceiver.class);

    private final String path;
    private final WebhookSignature signature;
    private final ObjectMapper mapper;
    private final Duration ackTimeout;
    private final AtomicReference<PushedEventSink> sink = new AtomicReference<>();
    private CamelContext camelContext;
    private Consumer httpConsumer;
    private ExecutorService workers;

    public VeltWebhookReceiver(String path, String secret, ObjectMapper mapper, Duration ackTimeout) {
        this.path = path;
        this.signature = new WebhookSignature(secret);
        this.mapper = mapper;
        this.ackTimeout = ackTimeout;
    }

    public String getPath() {
        return path;
    }

    /** True when pushes signed with {@code secret} are the ones this receiver accepts. */
    public boolean isSignedWith(String secret) {
        return signature.hasSecret(secret);
    }

    /** Hands the pushes from now on to {@code target}; one consumer at a time per path. */
    public void activate(PushedEventSink target) {
        if (!sink.compareAndSet(null, target) && sink.get() != target) {
            throw new IllegalStateException("webhookPath " + path + " is already served by another velt:events consumer");
        }
        LOG.debug("Pushes on {} now go to the consumer", path);
    }

    /** Stops handing pushes to {@code target}; later pushes are answered 503 until a consumer is activated again. */
    public void deactivate(PushedEventSink target) {
        if (sink.compareAndSet(target, null)) {
            LOG.debug("Pushes on {} answered 503 until a consumer is active again", path);
        }
    }

    public boolean isActive() {
        return sink.get() != null;
    }

    @Override
    protected void doStart() throws Exception {
        if (camelContext.getComponent("platform-http") == null) {
            throw new IllegalStateException("webhookPath " + path + " needs Camel's platform-http and an HTTP server: "
                                            + "camel-platform-http-main (Camel Main), camel-platform-http-starter "
                                            + "(Spring Boot) or camel-quarkus-platform-http (Quarkus)");
        }
        workers = camelContext.getExecutorServiceManager().newThreadPool(this, "VeltPushIntake", 1, MAX_WORKERS);
        // a route would initialise the unit-of-work factory; this consumer is not part of one
        PluginHelper.getUnitOfWorkFactory(camelContext).afterPropertiesConfigured(camelContext);
        // muteException: whatever happens, no stack trace or exception message reaches the caller
        try {
            Endpoint endpoint = camelContext
                    .getEndpoint("platform-http:" + path + "?httpMethodRestrict=POST&muteException=true");
            httpConsumer = endpoint.createConsumer(this);
            ServiceHelper.startService(httpConsumer);
        } catch (Exception e) {
            throw new IllegalStateException("webhookPath " + path + " could not be registered with platform-http: is an "
                                            + "HTTP server running (Camel Main: camel.server.enabled=true)?",
                    e);
        }
        LOG.info("Receiving Velt webhooks on {}", path);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopAndShutdownService(httpConsumer);
        httpConsumer = null;
        if (workers != null) {
            camelContext.getExecutorServiceManager().shutdownNow(workers);
            workers = null;
        }
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        Reply reply;
        // Velt's timeout runs from the moment it sent the push: so does ours, whatever reading and gap filling cost
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        try {
            reply = handle(message, deadline);
        } catch (IOException e) {
            LOG.debug("Webhook call on {} could not be read: {}", path, e.getClass().getName());
            reply = Reply.NOT_DELIVERED;
        }
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, reply.code);
        message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
        message.setBody(reply.text);
    }

    private Reply handle(Message message, long deadline) throws IOException {
        byte[] body = readBounded(message);
        if (body == null) {
            return refused(Reply.TOO_LARGE, message);
        }
        if (!signature.matches(message.getHeader(WebhookSignature.HEADER, String.class), body)) {
            return refused(Reply.UNSIGNED, message);
        }
        PushedEvent pushed;
        try {
            pushed = PushedEvent.parse(mapper, body, message.getHeader(EVENT_ID_HEADER, String.class));
        } catch (IllegalArgumentException e) {
            return refused(Reply.NOT_AN_EVENT, message);
        }
        PushedEventSink target = sink.get();
        if (target == null || workers == null) {
            LOG.debug("Push of {} seq {} answered 503: no active consumer", pushed.executionId(), pushed.event().getSeq());
            return Reply.NOT_ACTIVE;
        }
        return deliver(target, pushed, body, message.getHeader(ATTEMPT_HEADER, String.class), deadline);
    }

    private Reply deliver(PushedEventSink target, PushedEvent pushed, byte[] body, String attempt, long deadline) {
        String executionId = pushed.executionId();
        long seq = pushed.event().getSeq();
        try {
            // on a worker, so that the answer goes out at the deadline even while the intake still waits on Velt
            CompletableFuture<Void> done = CompletableFuture
                    .supplyAsync(() -> target.accept(pushed, body, deadline), workers)
                    .thenCompose(future -> future);
            done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            LOG.debug("Push of {} seq {} (attempt {}) delivered", executionId, seq, attempt);
            return Reply.DELIVERED;
        } catch (TimeoutException e) {
            LOG.warn("Push of {} seq {} not confirmed within {} ms; answered 503 so Velt retries", executionId, seq,
                    ackTimeout.toMillis());
            return Reply.TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.NOT_DELIVERED;
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof PushBackloggedException) {
                LOG.warn("Push of {} seq {} answered 503: {}", executionId, seq, cause.getMessage());
                return Reply.BACKLOGGED;
            }
            if (cause instanceof PushRefusedException || cause instanceof java.util.concurrent.RejectedExecutionException) {
                LOG.debug("Push of {} seq {} answered 503: the consumer is not running", executionId, seq);
                return Reply.NOT_ACTIVE;
            }
            // the consumer logs its own delivery failures; here only what the caller was told
            LOG.debug("Push of {} seq {} (attempt {}) not delivered ({}); answered 500 so Velt retries", executionId, seq,
                    attempt, cause == null ? "unknown" : cause.getClass().getName());
            return Reply.NOT_DELIVERED;
        }
    }

    private Reply refused(Reply reply, Message message) {
        // one line an operator sees (a misconfigured secret), never the body or the secret
        LOG.warn("Refused webhook call on {}: {} (event id {})", path, reply.text, message.getHeader(EVENT_ID_HEADER));
        PushedEventSink target = sink.get();
        if (target != null) {
            target.refused();
        }
        return reply;
    }

    /**
     * The raw body, or null when it is larger than {@link #MAX_BODY_BYTES}. A declared Content-Length over the limit is
     * refused without reading; otherwise at most one byte more than the limit is read.
     */
    private static byte[] readBounded(Message message) throws IOException {
        String declared = message.getHeader(Exchange.CONTENT_LENGTH, String.class);
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > MAX_BODY_BYTES) {
                    return null;
                }
            } catch (NumberFormatException e) {
                // the HTTP server accepted it; the bytes are counted below
            }
        }
        Object body = message.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] bytes) {
            return bytes.length > MAX_BODY_BYTES ? null : bytes;
        }
        InputStream stream = message.getBody(InputStream.class);
        byte[] bytes = stream != null ? readAtMost(stream) : message.getBody(byte[].class);
        if (bytes == null) {
            return new byte[0];
        }
        return bytes.length > MAX_BODY_BYTES ? null : bytes;
    }

    private static byte[] readAtMost(InputStream stream) throws IOException {
        try (stream) {
            return stream.readNBytes(MAX_BODY_BYTES + 1);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
