package dev.velt.camel.component.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies that an HTTP request comes from Slack, as Slack signs its interactivity requests (button clicks), slash
 * commands and Events API calls: {@code X-Slack-Signature: v0=<hex HMAC-SHA256>} of
 * {@code v0:<X-Slack-Request-Timestamp>:<raw body>}, keyed with the app's signing secret. Put it first in the route
 * that
 * receives them (camel-slack cannot receive interactivity):
 *
 * <pre>
 * from("platform-http:/slack/interactivity?httpMethodRestrict=POST&amp;useBodyHandler=false")
 *     .process(new SlackSignatureVerifier(signingSecret))
 *     ... // the body is now the raw request body (byte[]), e.g. payload=%7B%22type%22...
 * </pre>
 * <p>
 * A request is accepted only with both headers, a timestamp at most {@link #MAX_AGE five minutes} away from now (a
 * replayed request is refused), and the right signature, compared in constant time. An accepted request continues with
 * the raw body bytes as its body. A refused one stops the route with HTTP 401 and the fixed text
 * {@value #REFUSED}; nothing of the request, the signature or the secret is logged.
 * <p>
 * The signature covers the raw bytes, so the HTTP server must not parse the form body first: with
 * {@code camel-platform-http-vertx} (Camel Main, Quarkus) set {@code useBodyHandler=false} on the endpoint, and the
 * verifier reads the request itself; a body that arrives already parsed into form fields (a {@code Map}) is refused
 * with a WARN line saying so. Any other body Camel can convert to {@code byte[]} ({@code byte[]}, {@code String},
 * {@code InputStream}, a Vert.x {@code Buffer}) is verified as it is.
 */
public final class SlackSignatureVerifier implements Processor {

    /** How far the request's timestamp may be from now, either way. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);
    /** The largest body read, in bytes (Slack's requests are a few kilobytes); larger ones are refused with 413. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    public static final String SIGNATURE_HEADER = "X-Slack-Signature";
    public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    /** The text of every 401 answer. */
    public static final String REFUSED = "Invalid Slack request";
    /** The text of the 413 answer. */
    public static final String TOO_LARGE = "Request too large";

    private static final Logger LOG = LoggerFactory.getLogger(SlackSignatureVerifier.class);
    private static final String VERSION = "v0";
    private static final String ALGORITHM = "HmacSHA256";
    private static final boolean VERTX_PRESENT = isPresent("io.vertx.core.http.HttpServerRequest");

    private final SecretKeySpec key;
    private final Clock clock;

    /** @param signingSecret the Slack app's signing secret (Basic Information, App Credentials) */
    public SlackSignatureVerifier(String signingSecret) {
        this(signingSecret, Clock.systemUTC());
    }

    /**
     * @param signingSecret the Slack app's signing secret
     * @param clock what "now" is, for the five-minute window
     */
    public SlackSignatureVerifier(String signingSecret, Clock clock) {
        if (signingSecret == null || signingSecret.isBlank()) {
            throw new IllegalArgumentException("signingSecret must not be empty");
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock must not be null");
        }
        this.key = new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getIn();
        byte[] body = rawBody(message);
        if (body == null) {
            answer(exchange, 413, TOO_LARGE);
            return;
        }
        String timestamp = message.getHeader(TIMESTAMP_HEADER, String.class);
        String signature = message.getHeader(SIGNATURE_HEADER, String.class);
        Verdict verdict = check(timestamp, signature, body);
        if (verdict != Verdict.VALID) {
            LOG.debug("Refused a Slack request: {}", verdict.reason);
            answer(exchange, 401, REFUSED);
            return;
        }
        message.setBody(body);
    }

    /**
     * Whether {@code signature} is Slack's signature of {@code body} sent at {@code timestamp} (Unix seconds, within
     * {@link #MAX_AGE} of now), for callers that read the request themselves.
     */
    public boolean isValid(String timestamp, String signature, byte[] body) {
        return check(timestamp, signature, body) == Verdict.VALID;
    }

    private Verdict check(String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null || timestamp.isBlank() || signature.isBlank()) {
            return Verdict.MISSING_HEADER;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Verdict.BAD_TIMESTAMP;
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - seconds) > MAX_AGE.toSeconds()) {
            return Verdict.EXPIRED;
        }
        byte[] expected = sign(timestamp.trim(), body).getBytes(StandardCharsets.UTF_8);
        byte[] given = signature.trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given) ? Verdict.VALID : Verdict.WRONG_SIGNATURE;
    }

    /** {@code v0=<hex HMAC-SHA256 of "v0:{timestamp}:{body}">}, the value of {@value #SIGNATURE_HEADER}. */
    public String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    /** The raw request body, or null when it is larger than {@link #MAX_BODY_BYTES}. */
    private static byte[] rawBody(Message message) throws Exception {
        Object body = message.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (VERTX_PRESENT && VertxRequestBody.accepts(body)) {
            return VertxRequestBody.read(body, MAX_BODY_BYTES);
        }
        if (body instanceof Map) {
            LOG.warn("A Slack request arrived with its form body already parsed into fields, so its signature cannot be "
                     + "checked and it is refused: the verifier needs the raw body (platform-http: useBodyHandler=false)");
            return new byte[0];
        }
        byte[] bytes = body instanceof byte[] raw ? raw : message.getBody(byte[].class);
        if (bytes == null) {
            return new byte[0];
        }
        return bytes.length > MAX_BODY_BYTES ? null : bytes;
    }

    private static void answer(Exchange exchange, int status, String text) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
        message.setBody(text);
        exchange.setRouteStop(true);
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, SlackSignatureVerifier.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private enum Verdict {

        VALID("valid"), MISSING_HEADER("no " + SIGNATURE_HEADER + " or " + TIMESTAMP_HEADER + " header"), BAD_TIMESTAMP(
                "the timestamp is not a number of seconds"), EXPIRED(
                        "the timestamp is more than five minutes away from now"), WRONG_SIGNATURE("wrong signature");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }
    }
}
