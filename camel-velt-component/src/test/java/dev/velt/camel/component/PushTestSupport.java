package dev.velt.camel.component;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.velt.camel.component.push.VeltWebhookReceiver;
import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltSimulator;
import dev.velt.camel.test.VeltSimulatorExtension;
import dev.velt.camel.test.Webhooks;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;

/**
 * What the push tests share: a route from {@code velt:events} with {@code webhookPath} on Camel's platform-http,
 * against
 * the Velt simulator, recording {@code exec#seq@push|poll}, and signed pushes posted to it.
 */
abstract class PushTestSupport {

    static final String SECRET = "push_secret_0123456789";
    static final String PATH = "/velt/push";
    static final String DEFINITION = "def-push";
    static final String GET_EVENTS = "workflow/executions/getEvents";
    /** Polls that never come back on their own: whatever the route gets after the first poll came by push. */
    static final String NO_POLLING = "initialDelay=0&delay=3600000";

    @RegisterExtension
    final VeltSimulatorExtension velt = new VeltSimulatorExtension(SimulatorOptions.defaults().tickMillis(0)
            .workflowExecutions(0).agentRuns(0).webhookTimeScale(0.01));

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final List<String> received = Collections.synchronizedList(new ArrayList<>());
    CamelContext context;
    int port;
    boolean asyncRoute;
    /** Whether the context starts with Camel's dev consoles on. */
    boolean devConsole;

    @AfterEach
    void stopContext() {
        if (context != null) {
            context.stop();
        }
    }

    VeltSimulator sim() {
        return velt.simulator();
    }

    /** Starts a route from {@code velt:events?<options>&webhookPath=...} recording {@code exec#seq@push|poll}. */
    void start(String options) throws Exception {
        start(options, exchange -> {
        });
    }

    void start(String options, org.apache.camel.Processor before) throws Exception {
        context = new DefaultCamelContext();
        context.setDevConsole(devConsole);
        port = AvailablePortFinder.getNextAvailable();
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(server));
        VeltComponent component = new VeltComponent();
        component.getConfiguration().setBaseUrl(sim().baseUrl());
        component.getConfiguration().setApiKey(sim().apiKey());
        component.getConfiguration().setAuthToken(sim().authToken());
        component.getConfiguration().setRetryDelay(1);
        component.getConfiguration().setRetryMaxDelay(20);
        context.addComponent("velt", component);
        String uri = "velt:events?" + options + "&webhookPath=" + PATH + "&webhookSecret=" + SECRET;
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                if (asyncRoute) {
                    // the delayer hands the exchange to another thread: it completes there
                    from(uri).routeId("push").process(before).delay(20).asyncDelayed()
                            .process(exchange -> received.add(key(exchange)));
                } else {
                    from(uri).routeId("push").process(before).process(exchange -> received.add(key(exchange)));
                }
            }
        });
        context.start();
        VeltWebhookReceiver receiver = context.getEndpoint(uri, VeltEndpoint.class).getWebhookReceiver();
        await().atMost(Duration.ofSeconds(20)).until(receiver::isActive);
    }

    static String key(Exchange exchange) {
        return exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
               + exchange.getMessage().getHeader(VeltConstants.EVENT_SEQ) + "@"
               + exchange.getMessage().getHeader(VeltConstants.DELIVERED_BY);
    }

    String url() {
        return "http://localhost:" + port + PATH;
    }

    /** A webhook body as Velt sends it. */
    static String body(String executionId, long seq, String type) {
        return """
                {"event":"%s","executionId":"%s","definitionId":"%s","stepId":null,"status":"running","seq":%d,\
                "timestamp":"2026-11-30T10:15:30.250Z","correlationId":"corr-1","data":{"n":%d}}"""
                .formatted(type, executionId, DEFINITION, seq, seq);
    }

    HttpResponse<String> post(byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("x-velt-event-id", "evt-test")
                .header("x-velt-attempt", "0");
        if (signature != null) {
            request.header("x-velt-signature", signature);
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    int push(String executionId, long seq, String type) throws Exception {
        byte[] bytes = body(executionId, seq, type).getBytes(StandardCharsets.UTF_8);
        return post(bytes, Webhooks.signature(SECRET, bytes)).statusCode();
    }

    void awaitFirstPoll() {
        await().atMost(Duration.ofSeconds(20)).until(() -> sim().requests().count(GET_EVENTS) >= 1);
    }

}
