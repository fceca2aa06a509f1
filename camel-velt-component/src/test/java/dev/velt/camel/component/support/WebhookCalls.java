package dev.velt.camel.component.support;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.velt.camel.test.Webhooks;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.test.AvailablePortFinder;

/**
 * Real HTTP calls as Velt makes them: POSTs with a JSON body signed with HMAC-SHA256, to a Vert.x platform-http server.
 */
public final class WebhookCalls {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final int port;

    private WebhookCalls(int port) {
        this.port = port;
    }

    /** Adds a platform-http server on a free port to {@code context} (before it starts) and returns a caller for it. */
    public static WebhookCalls serverFor(CamelContext context) throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(configuration));
        return new WebhookCalls(port);
    }

    /** {@code sha256=<hex HMAC-SHA256 of body keyed with secret>}, as the simulator signs its pushes. */
    public static String signature(String secret, byte[] body) {
        return Webhooks.signature(secret, body);
    }

    /** A webhook body as Velt sends it. */
    public static String eventBody(String executionId, long seq, String type) {
        return """
                {"event":"%s","executionId":"%s","definitionId":"def-1","stepId":"review","status":"running",\
                "seq":%d,"timestamp":"2026-11-30T10:15:30.250Z","correlationId":"order-42",\
                "data":{"resumeKey":"rk-1","mandatoryCount":1}}""".formatted(type, executionId, seq);
    }

    /** POSTs {@code body} with the given signature header (none when null) and event id. */
    public HttpResponse<String> post(String path, byte[] body, String signature, String eventId) throws Exception {
        return send(request(path, signature, eventId).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** POSTs {@code body} signed with {@code secret}. */
    public HttpResponse<String> postSigned(String path, String body, String secret) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(path, bytes, signature(secret, bytes), "evt-header-1");
    }

    /** POSTs {@code body} signed, without Content-Length (chunked), so the receiver has to count the bytes itself. */
    public HttpResponse<String> postChunked(String path, byte[] body, String secret) throws Exception {
        return send(request(path, signature(secret, body), "evt-chunked")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private HttpRequest.Builder request(String path, String signature, String eventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("x-velt-attempt", "0");
        if (signature != null) {
            request.header("x-velt-signature", signature);
        }
        if (eventId != null) {
            request.header("x-velt-event-id", eventId);
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
