package dev.velt.camel.component.slack;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import dev.velt.camel.component.support.LogCapture;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlackSignatureVerifierTest {

    // the example of Slack's "Verifying requests from Slack" guide: a slash command's body, its timestamp and signature
    private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String SLACK_TIMESTAMP = "1531420618";
    private static final String SLACK_BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
                                             + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA"
                                             + "&user_name=roadrunner&command=%2Fwebhook-collect&text="
                                             + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
                                             + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
                                             + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String SLACK_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static final String SECRET = "demo-signing-secret-0123456789";
    private static final long NOW = 1_800_000_000L;
    private static final String BODY = "payload=%7B%22type%22%3A%22block_actions%22%2C%22user%22%3A%7B%22id%22%3A%22U1%22"
                                       + "%7D%2C%22note%22%3A%22caf%C3%A9%22%7D";

    private final CamelContext context = new DefaultCamelContext();
    private final SlackSignatureVerifier verifier = new SlackSignatureVerifier(SECRET, clockAt(NOW));

    @BeforeEach
    void start() {
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void acceptsSlacksOwnExample() throws Exception {
        SlackSignatureVerifier slack = new SlackSignatureVerifier(SLACK_SECRET, clockAt(Long.parseLong(SLACK_TIMESTAMP) + 10));
        Exchange exchange = request(SLACK_BODY, SLACK_TIMESTAMP, SLACK_SIGNATURE);

        slack.process(exchange);

        assertAccepted(exchange, SLACK_BODY);
        assertThat(slack.sign(SLACK_TIMESTAMP, SLACK_BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(SLACK_SIGNATURE);
    }

    @Test
    void acceptsAValidRequestAndLeavesTheRawBytesAsBody() throws Exception {
        Exchange exchange = request(BODY, String.valueOf(NOW), signature(NOW, BODY));

        verifier.process(exchange);

        assertAccepted(exchange, BODY);
    }

    @Test
    void acceptsStringAndStreamBodies() throws Exception {
        Exchange text = request(BODY, String.valueOf(NOW), signature(NOW, BODY));
        text.getIn().setBody(BODY);
        Exchange stream = request(BODY, String.valueOf(NOW), signature(NOW, BODY));
        stream.getIn().setBody(new ByteArrayInputStream(BODY.getBytes(StandardCharsets.UTF_8)));

        verifier.process(text);
        verifier.process(stream);

        assertAccepted(text, BODY);
        assertAccepted(stream, BODY);
    }

    @Test
    void acceptsTimestampsUpToFiveMinutesAwayEitherWay() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        for (long ts : new long[]{NOW - 300, NOW + 300}) {
            assertThat(verifier.isValid(String.valueOf(ts), signature(ts, BODY), body)).as("ts %d", ts).isTrue();
        }
        for (long ts : new long[]{NOW - 301, NOW + 301}) {
            assertThat(verifier.isValid(String.valueOf(ts), signature(ts, BODY), body)).as("ts %d", ts).isFalse();
        }
    }

    @Test
    void refusesATamperedBody() throws Exception {
        String tampered = BODY.replace("U1", "U2");
        Exchange exchange = request(tampered, String.valueOf(NOW), signature(NOW, BODY));

        verifier.process(exchange);

        assertRefused(exchange);
    }

    @Test
    void refusesAnExpiredRequestEvenWithItsRightSignature() throws Exception {
        long sixMinutesAgo = NOW - 360;
        Exchange exchange = request(BODY, String.valueOf(sixMinutesAgo), signature(sixMinutesAgo, BODY));

        verifier.process(exchange);

        assertRefused(exchange);
    }

    @Test
    void refusesAnotherSecretsSignature() throws Exception {
        String other = new SlackSignatureVerifier("another-signing-secret-42").sign(String.valueOf(NOW),
                BODY.getBytes(StandardCharsets.UTF_8));
        Exchange exchange = request(BODY, String.valueOf(NOW), other);

        verifier.process(exchange);

        assertRefused(exchange);
    }

    @Test
    void refusesMissingOrMalformedHeaders() throws Exception {
        String ts = String.valueOf(NOW);
        String sig = signature(NOW, BODY);
        Exchange noSignature = request(BODY, ts, null);
        Exchange noTimestamp = request(BODY, null, sig);
        Exchange textTimestamp = request(BODY, "yesterday", sig);
        Exchange noPrefix = request(BODY, ts, sig.substring("v0=".length()));
        Exchange upperCase = request(BODY, ts, sig.toUpperCase());

        for (Exchange exchange : new Exchange[]{noSignature, noTimestamp, textTimestamp, noPrefix, upperCase}) {
            verifier.process(exchange);
            assertRefused(exchange);
        }
    }

    @Test
    void refusesABodyAlreadyParsedIntoFormFieldsAndSaysWhy() throws Exception {
        Exchange exchange = request(BODY, String.valueOf(NOW), signature(NOW, BODY));
        exchange.getIn().setBody(Map.of("payload", "{\"type\":\"block_actions\"}"));

        try (LogCapture log = new LogCapture(SlackSignatureVerifier.class.getName(), Level.DEBUG)) {
            verifier.process(exchange);

            assertRefused(exchange);
            assertThat(log.lines()).anyMatch(line -> line.startsWith("WARN") && line.contains("useBodyHandler=false"));
        }
    }

    @Test
    void refusesABodyOverOneMebibyteWith413() throws Exception {
        String big = "payload=" + "a".repeat(SlackSignatureVerifier.MAX_BODY_BYTES);
        Exchange exchange = request(big, String.valueOf(NOW), signature(NOW, big));

        verifier.process(exchange);

        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(413);
        assertThat(exchange.isRouteStop()).isTrue();
    }

    @Test
    void logsNeitherTheSecretNorTheBodyNorTheSignature() throws Exception {
        String tampered = BODY.replace("U1", "U2");
        String sig = signature(NOW, BODY);
        try (LogCapture log = new LogCapture(SlackSignatureVerifier.class.getName(), Level.TRACE)) {
            verifier.process(request(tampered, String.valueOf(NOW), sig));
            verifier.process(request(BODY, String.valueOf(NOW - 3600), signature(NOW - 3600, BODY)));

            assertThat(log.lines()).hasSize(2).allMatch(line -> line.startsWith("DEBUG Refused a Slack request"))
                    .noneMatch(line -> line.contains(SECRET) || line.contains("payload") || line.contains(sig.substring(3)));
        }
    }

    @Test
    void needsASecretAndAClock() {
        assertThatThrownBy(() -> new SlackSignatureVerifier(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signingSecret");
        assertThatThrownBy(() -> new SlackSignatureVerifier(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signingSecret");
        assertThatThrownBy(() -> new SlackSignatureVerifier(SECRET, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clock");
    }

    private Exchange request(String body, String timestamp, String signature) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setBody(body.getBytes(StandardCharsets.UTF_8));
        exchange.getIn().setHeader("Content-Type", "application/x-www-form-urlencoded");
        if (timestamp != null) {
            exchange.getIn().setHeader("x-slack-request-timestamp", timestamp);
        }
        if (signature != null) {
            exchange.getIn().setHeader("x-slack-signature", signature);
        }
        return exchange;
    }

    private static String signature(long timestamp, String body) {
        return new SlackSignatureVerifier(SECRET).sign(String.valueOf(timestamp), body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertAccepted(Exchange exchange, String body) {
        assertThat(exchange.isRouteStop()).isFalse();
        assertThat(exchange.getMessage().getBody()).isInstanceOf(byte[].class);
        assertThat(new String(exchange.getMessage().getBody(byte[].class), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isNull();
    }

    private static void assertRefused(Exchange exchange) {
        assertThat(exchange.isRouteStop()).isTrue();
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo(SlackSignatureVerifier.REFUSED);
        assertThat(exchange.getMessage().getHeaders()).doesNotContainKey(SlackSignatureVerifier.SIGNATURE_HEADER);
    }

    private static Clock clockAt(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }
}
