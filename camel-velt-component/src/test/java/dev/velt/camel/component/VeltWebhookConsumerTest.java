package dev.velt.camel.component;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.velt.camel.component.push.VeltWebhookReceiver;
import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.WebhookCalls;
import org.apache.camel.CamelContext;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.test.appender.ListAppender;
import org.junit.jupiter.api.Test;

import static dev.velt.camel.component.support.WebhookCalls.eventBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The receiver as a {@code velt:events} endpoint with {@code webhookPath} creates it: registered with the endpoint,
 * active only while the consumer runs (answering 503 while it is not; {@link VeltWebhookLeaderTest} for replicas under
 * {@code master:}), and never logging the secret or a refused body.
 */
class VeltWebhookConsumerTest extends ConsumerTestSupport {

    private static final String SECRET = VeltWebhookReceiverTest.SECRET;
    private static final String PATH = VeltWebhookReceiverTest.PATH;
    private static final String EVENTS = "velt:events?executionId=exec-1&webhookPath=" + PATH + "&webhookSecret=" + SECRET
                                         + "&" + fast();

    WebhookCalls startWithServer(String uri, List<CamelContext> started) throws Exception {
        WebhookCalls[] calls = new WebhookCalls[1];
        started.add(startRoute(uri, exchange -> {
        }, context -> {
            try {
                calls[0] = WebhookCalls.serverFor(context);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        return calls[0];
    }

    static VeltWebhookReceiver receiverOf(CamelContext context, String uri) {
        return context.getEndpoint(uri, VeltEndpoint.class).getWebhookReceiver();
    }

    @Test
    void receiverIsActiveWhileTheConsumerRunsAndAnswers503WhileItIsStopped() throws Exception {
        velt.addEvent("exec-1", 1, "execution.dispatched");
        List<CamelContext> started = new ArrayList<>();
        WebhookCalls calls = startWithServer(EVENTS, started);
        CamelContext context = started.get(0);
        VeltWebhookReceiver receiver = receiverOf(context, EVENTS);

        await().atMost(Duration.ofSeconds(20)).until(receiver::isActive);
        context.getRouteController().stopRoute("consumer");
        HttpResponse<String> whileStopped = calls.postSigned(PATH, eventBody("exec-1", 2, "step.completed"), SECRET);
        context.getRouteController().startRoute("consumer");

        assertThat(receiver.isActive()).isTrue();
        assertThat(whileStopped.statusCode()).isEqualTo(503);
        assertThat(whileStopped.body()).isEqualTo("Velt events consumer not active; retry later");
        // once the consumer runs again, the push is delivered and committed, and only then answered 2xx
        assertThat(calls.postSigned(PATH, eventBody("exec-1", 2, "step.completed"), SECRET).statusCode())
                .isEqualTo(200);
    }

    @Test
    void twoEndpointsOnOnePathMustShareTheSecret() throws Exception {
        List<CamelContext> started = new ArrayList<>();
        startWithServer(EVENTS, started);
        CamelContext context = started.get(0);

        assertThatThrownBy(() -> context.getEndpoint("velt:events?executionId=exec-2&webhookPath=" + PATH
                                                     + "&webhookSecret=another_secret_0123456789"))
                .hasRootCauseInstanceOf(IllegalArgumentException.class).rootCause().hasMessageContaining("webhookPath")
                .hasMessageNotContaining("another_secret");
        assertThat(receiverOf(context, "velt:events?executionId=exec-3&webhookPath=" + PATH + "&webhookSecret=" + SECRET))
                .isSameAs(receiverOf(context, EVENTS));
    }

    /** Set on the component instead of in the URI by the test that asks for it. */
    private String componentSecret;

    @Override
    protected void configure(CamelContext context) {
        super.configure(context);
        if (componentSecret != null) {
            context.getComponent("velt", VeltComponent.class).getConfiguration().setWebhookSecret(componentSecret);
        }
    }

    @Test
    void neitherTheSecretNorARefusedBodyIsLoggedWithTheSecretInTheUri() throws Exception {
        // Camel core prints endpoint URIs as written at TRACE (a Camel-wide matter): DEBUG for Camel, TRACE for Velt
        pushAllKindsAndAssertLogsClean(EVENTS, Level.DEBUG);
    }

    @Test
    void neitherTheSecretNorARefusedBodyIsLoggedEvenAtTraceWithTheSecretOnTheComponent() throws Exception {
        componentSecret = SECRET;
        pushAllKindsAndAssertLogsClean("velt:events?executionId=exec-1&webhookPath=" + PATH + "&" + fast(), Level.TRACE);
    }

    private void pushAllKindsAndAssertLogsClean(String uri, Level thirdPartyLevel) throws Exception {
        String refusedMarker = "REFUSED_BODY_MARKER";
        try (LogCapture logs = LogCapture.start(thirdPartyLevel, "org.apache.camel", "io.vertx", "io.netty")) {
            velt.addEvent("exec-1", 1, "execution.dispatched");
            List<CamelContext> started = new ArrayList<>();
            WebhookCalls calls = startWithServer(uri, started);
            VeltWebhookReceiver receiver = receiverOf(started.get(0), uri);
            await().atMost(Duration.ofSeconds(20)).until(receiver::isActive);

            byte[] unsigned = eventBody("exec-1", 2, refusedMarker).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(calls.post(PATH, unsigned, null, "evt-1").statusCode()).isEqualTo(401);
            assertThat(calls.post(PATH, unsigned, WebhookCalls.signature("wrong_secret_0123456789", unsigned), "evt-1")
                    .statusCode()).isEqualTo(401);
            assertThat(calls.postSigned(PATH, "{\"note\":\"" + refusedMarker + "\"}", SECRET).statusCode())
                    .isEqualTo(400);
            byte[] oversize = (refusedMarker + " ".repeat(VeltWebhookReceiver.MAX_BODY_BYTES))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(calls.postChunked(PATH, oversize, SECRET).statusCode()).isEqualTo(413);
            assertThat(calls.postSigned(PATH, eventBody("exec-1", 2, "step.completed"), SECRET).statusCode())
                    .isEqualTo(200);
            stop(started.get(0));

            List<String> lines = logs.lines();
            assertThat(lines).anyMatch(line -> line.contains("Refused webhook call on " + PATH));
            assertThat(lines.stream().filter(line -> line.contains(SECRET) || line.contains(refusedMarker))).isEmpty();
        }
    }

    /** Captures every log event (message and stack trace) of some loggers at TRACE, away from the console. */
    static final class LogCapture implements AutoCloseable {

        private final ListAppender appender = new ListAppender("webhook-log-capture");
        private final List<String> names;
        private final java.util.Map<String, LoggerConfig> replaced = new java.util.LinkedHashMap<>();

        private LogCapture(List<String> names) {
            this.names = names;
        }

        /** Captures {@code dev.velt} at TRACE and {@code others} at {@code level}. */
        static LogCapture start(Level level, String... others) {
            List<String> loggers = new ArrayList<>(List.of(others));
            loggers.add("dev.velt");
            LogCapture capture = new LogCapture(loggers);
            LoggerContext logContext = (LoggerContext) LogManager.getContext(false);
            Configuration config = logContext.getConfiguration();
            capture.appender.start();
            config.addAppender(capture.appender);
            for (String name : loggers) {
                LoggerConfig existing = config.getLoggers().get(name);
                if (existing != null) {
                    capture.replaced.put(name, existing);
                    config.removeLogger(name);
                }
                Level captured = name.equals("dev.velt") ? Level.TRACE : level;
                LoggerConfig logger = LoggerConfig.newBuilder().withLoggerName(name).withLevel(captured)
                        .withAdditivity(false).withConfig(config).build();
                logger.addAppender(capture.appender, null, null);
                config.addLogger(name, logger);
            }
            logContext.updateLoggers();
            return capture;
        }

        List<String> lines() {
            List<String> lines = new ArrayList<>();
            for (LogEvent event : appender.getEvents()) {
                lines.add(event.getLoggerName() + " " + event.getMessage().getFormattedMessage());
                Throwable thrown = event.getThrown();
                while (thrown != null) {
                    lines.add(String.valueOf(thrown));
                    thrown = thrown.getCause();
                }
            }
            return lines;
        }

        @Override
        public void close() {
            LoggerContext logContext = (LoggerContext) LogManager.getContext(false);
            Configuration config = logContext.getConfiguration();
            names.forEach(config::removeLogger);
            replaced.forEach(config::addLogger);
            config.getAppenders().remove(appender.getName());
            appender.stop();
            logContext.updateLoggers();
        }
    }
}
