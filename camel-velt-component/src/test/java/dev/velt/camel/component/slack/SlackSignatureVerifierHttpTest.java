package dev.velt.camel.component.slack;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.velt.camel.component.support.LogCapture;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The verifier first in a platform-http route on a real Vert.x HTTP server, called over HTTP as Slack calls it. */
class SlackSignatureVerifierHttpTest {

    private static final String SECRET = "http-test-signing-secret-0123";
    private static final long NOW = 1_800_000_000L;
    // what Slack's interactivity sends: one form field, payload, holding JSON (here with a space and non-ASCII text)
    private static final String PAYLOAD = "{\"type\":\"block_actions\",\"user\":{\"id\":\"U0LEGAL\"},"
                                          + "\"actions\":[{\"action_id\":\"approve\",\"value\":\"exec_1|step_1\"}],"
                                          + "\"note\":\"Grüße + 100% ok\"}";
    private static final String FORM = "payload=" + URLEncoder.encode(PAYLOAD, StandardCharsets.UTF_8);

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final SlackSignatureVerifier verifier = new SlackSignatureVerifier(SECRET,
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
    private CamelContext context;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        port = AvailablePortFinder.getNextAvailable();
        context = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost("127.0.0.1");
        configuration.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(configuration));
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                from("platform-http:/slack/interactivity?httpMethodRestrict=POST&useBodyHandler=false")
                        .process(verifier)
                        .process(exchange -> accepted.add(exchange.getIn().getBody(String.class)))
                        .setHeader("CamelHttpResponseCode", constant(200))
                        .setBody(constant("ok"));
                // the default: Vert.x parses the form, so the raw bytes are gone
                from("platform-http:/slack/parsed?httpMethodRestrict=POST")
                        .process(verifier)
                        .process(exchange -> accepted.add("parsed"));
            }
        });
        context.start();
    }

    @AfterEach
    void stopServer() {
        context.stop();
    }

    @Test
    void acceptsASignedFormPostWithItsRawBytes() throws Exception {
        HttpResponse<String> response = post("/slack/interactivity", FORM, String.valueOf(NOW), sign(NOW, FORM));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(accepted).containsExactly(FORM);
    }

    @Test
    void refusesATamperedForm() throws Exception {
        String tampered = FORM.replace("U0LEGAL", "U0EVIL0");

        HttpResponse<String> response = post("/slack/interactivity", tampered, String.valueOf(NOW), sign(NOW, FORM));

        assertRefused(response);
    }

    @Test
    void refusesAnExpiredRequest() throws Exception {
        long old = NOW - Duration.ofMinutes(6).toSeconds();

        HttpResponse<String> response = post("/slack/interactivity", FORM, String.valueOf(old), sign(old, FORM));

        assertRefused(response);
    }

    @Test
    void refusesARequestWithoutSignatureHeaders() throws Exception {
        HttpResponse<String> noHeaders = post("/slack/interactivity", FORM, null, null);
        HttpResponse<String> noTimestamp = post("/slack/interactivity", FORM, null, sign(NOW, FORM));

        assertRefused(noHeaders);
        assertRefused(noTimestamp);
    }

    @Test
    void refusesABodyOverOneMebibyteWith413() throws Exception {
        String big = FORM + "&padding=" + "a".repeat(SlackSignatureVerifier.MAX_BODY_BYTES);

        HttpResponse<String> response = post("/slack/interactivity", big, String.valueOf(NOW), sign(NOW, big));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo(SlackSignatureVerifier.TOO_LARGE);
        assertThat(accepted).isEmpty();
    }

    @Test
    void refusesAFormTheServerAlreadyParsedAndWarnsWhy() throws Exception {
        try (LogCapture log = new LogCapture(SlackSignatureVerifier.class.getName(), Level.WARN)) {
            HttpResponse<String> response = post("/slack/parsed", FORM, String.valueOf(NOW), sign(NOW, FORM));

            assertRefused(response);
            assertThat(log.lines()).singleElement().asString().contains("useBodyHandler=false");
        }
    }

    private HttpResponse<String> post(String path, String form, String timestamp, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        if (timestamp != null) {
            request.header("X-Slack-Request-Timestamp", timestamp);
        }
        if (signature != null) {
            request.header("X-Slack-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(SlackSignatureVerifier.REFUSED);
        assertThat(response.headers().map()).doesNotContainKeys("x-slack-signature", "x-slack-request-timestamp");
        assertThat(accepted).isEmpty();
    }

    private static String sign(long timestamp, String form) {
        return new SlackSignatureVerifier(SECRET).sign(String.valueOf(timestamp), form.getBytes(StandardCharsets.UTF_8));
    }
}
