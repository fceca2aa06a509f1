package dev.velt.camel.component;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.velt.camel.component.support.VeltTestSupport;
import dev.velt.camel.model.DispatchRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RoutesDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.test.appender.ListAppender;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets never appear in logs, endpoint URIs shown by Camel, exception messages or toString output. All log
 * output of {@code dev.velt}, {@code org.apache.camel} and {@code org.apache.hc} is captured at TRACE, from before the
 * CamelContext is created, while successful and failing calls run.
 */
class VeltSecretsTest extends VeltTestSupport {

    private static final String SECRET_KEY = "ak_SECRET_123";
    private static final String SECRET_TOKEN = "tok_SECRET_456";
    private static final String WEBHOOK_SECRET = "whsec_SECRET_789_abcdef";

    /**
     * Captured loggers and their levels. Apache HttpClient's {@code wire} and {@code headers} loggers are excluded by
     * design: at DEBUG they print the raw request headers (credentials included), as they would for any HTTP client;
     * they stay at WARN here. Everything else of HttpClient is captured at TRACE.
     */
    private static final Map<String, Level> CAPTURED = new LinkedHashMap<>();

    static {
        CAPTURED.put("dev.velt", Level.TRACE);
        CAPTURED.put("org.apache.camel", Level.TRACE);
        CAPTURED.put("org.apache.hc", Level.TRACE);
        CAPTURED.put("org.apache.hc.client5.http.wire", Level.WARN);
        CAPTURED.put("org.apache.hc.client5.http.headers", Level.WARN);
    }

    private static ListAppender capture;
    private static final Map<String, LoggerConfig> REPLACED = new LinkedHashMap<>();

    @BeforeAll
    static void captureLogs() {
        LoggerContext logContext = (LoggerContext) LogManager.getContext(false);
        Configuration config = logContext.getConfiguration();
        capture = new ListAppender("velt-secrets-capture");
        capture.start();
        config.addAppender(capture);
        CAPTURED.forEach((name, level) -> {
            LoggerConfig existing = config.getLoggers().get(name);
            if (existing != null) {
                REPLACED.put(name, existing);
                config.removeLogger(name);
            }
            // not additive: the captured TRACE output stays out of the console and the CI log
            LoggerConfig logger = LoggerConfig.newBuilder().withLoggerName(name).withLevel(level).withAdditivity(false)
                    .withConfig(config).build();
            logger.addAppender(capture, null, null);
            config.addLogger(name, logger);
        });
        logContext.updateLoggers();
    }

    @AfterAll
    static void restoreLogs() {
        LoggerContext logContext = (LoggerContext) LogManager.getContext(false);
        Configuration config = logContext.getConfiguration();
        CAPTURED.keySet().forEach(config::removeLogger);
        REPLACED.forEach(config::addLogger);
        config.getAppenders().remove(capture.getName());
        capture.stop();
        logContext.updateLoggers();
    }

    @AfterEach
    void forgetCapturedLogs() {
        capture.clear();
    }

    @Override
    protected void configureVelt(VeltConfiguration configuration) {
        super.configureVelt(configuration);
        configuration.setApiKey(SECRET_KEY);
        configuration.setAuthToken(SECRET_TOKEN);
    }

    /** The error handler's report of a failed exchange then carries the message history, which is checked too. */
    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camelContext = super.createCamelContext();
        camelContext.setMessageHistory(true);
        return camelContext;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = new Properties();
        properties.setProperty("velt.apiKey", SECRET_KEY);
        properties.setProperty("velt.authToken", SECRET_TOKEN);
        return properties;
    }

    /** Failing calls also go through routes, so Camel's error handler logs them (ERROR, with the message history). */
    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {

            @Override
            public void configure() {
                from("direct:agent").to("velt:getAgentExecution?executionId=" + AGENT_EXEC_ID);
            }
        };
    }

    @Test
    void componentLevelSecretsLeakNowhere() {
        stubOk(GET_EXECUTION, "workflow-executions-get.json");
        stubError(AGENT_GET, 403, "PERMISSION_DENIED", "Invalid API key or auth token");

        Exchange ok = send("velt:getExecution?executionId=" + EXEC_ID);
        Exchange denied = send("direct:agent");
        Exchange unreachable = send("velt:getEvents?executionId=" + EXEC_ID + "&maxRetries=1&baseUrl=http://127.0.0.1:1");

        assertNull(ok.getException());
        // the secrets did reach Velt, as headers and nowhere else
        VELT.verify(exactly(1),
                veltRequest(GET_EXECUTION, SECRET_KEY, SECRET_TOKEN).withRequestBody(notContaining(SECRET_KEY)));
        VELT.verify(exactly(1), veltRequest(AGENT_GET, SECRET_KEY, SECRET_TOKEN).withRequestBody(notContaining(SECRET_KEY)));
        assertEquals("PERMISSION_DENIED", apiFailure(denied).getStatus());
        assertEquals("UNAVAILABLE", apiFailure(unreachable).getStatus());

        assertNoSecretIn(describe(denied.getException()), "the failing call's exception");
        assertNoSecretIn(describe(unreachable.getException()), "the unreachable call's exception");
        assertNoSecretIn(context.getComponent("velt", VeltComponent.class).getConfiguration().toString(),
                "the component configuration");
        for (String uri : List.of("velt:getExecution?executionId=" + EXEC_ID, "velt:getAgentExecution?executionId="
                                                                              + AGENT_EXEC_ID)) {
            VeltEndpoint endpoint = context.getEndpoint(uri, VeltEndpoint.class);
            assertNoSecretIn(endpoint.getEndpointUri(), "getEndpointUri()");
            assertNoSecretIn(endpoint.toString(), "endpoint toString()");
            assertNoSecretIn(endpoint.getConfiguration().toString(), "endpoint configuration toString()");
            assertNoSecretIn(endpoint.getClient().getConfig().toString(), "client configuration toString()");
        }
        assertCapturedLogsHaveNoSecret();
    }

    @Test
    void secretsInTheUriLeakNowhere() throws Exception {
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                from("direct:uriSecrets").to("velt:getEvents?executionId=" + EXEC_ID
                                             + "&apiKey={{velt.apiKey}}&authToken=RAW({{velt.authToken}})");
            }
        });
        stubOk(GET_EXECUTION, "workflow-executions-get.json");
        stubError(GET_EVENTS, 403, "PERMISSION_DENIED", "Invalid API key or auth token");
        context.getComponent("velt", VeltComponent.class).getConfiguration().setApiKey(null);
        context.getComponent("velt", VeltComponent.class).getConfiguration().setAuthToken(null);

        String raw = "velt:getExecution?executionId=" + EXEC_ID + "&apiKey=RAW(" + SECRET_KEY + ")&authToken=RAW("
                     + SECRET_TOKEN + ")";
        String placeholders = "velt:getEvents?executionId=" + EXEC_ID + "&apiKey={{velt.apiKey}}&authToken={{velt.authToken}}";
        Exchange ok = send(raw);
        Exchange denied = send(placeholders);
        Exchange deniedInRoute = send("direct:uriSecrets");

        assertNull(ok.getException());
        VELT.verify(exactly(1), veltRequest(GET_EXECUTION, SECRET_KEY, SECRET_TOKEN));
        VELT.verify(exactly(2), veltRequest(GET_EVENTS, SECRET_KEY, SECRET_TOKEN));
        VELT.verify(exactly(3), anyRequestedFor(anyUrl()));
        assertNoSecretIn(describe(apiFailure(denied)), "the failing call's exception");
        assertNoSecretIn(describe(apiFailure(deniedInRoute)), "the failing route's exception");

        for (String uri : List.of(raw, placeholders)) {
            VeltEndpoint endpoint = context.getEndpoint(uri, VeltEndpoint.class);
            assertEquals(SECRET_KEY, endpoint.getConfiguration().getApiKey(), "the endpoint does use the secret");
            assertNoSecretIn(endpoint.getEndpointUri(), "getEndpointUri()");
            assertNoSecretIn(endpoint.getEndpointBaseUri(), "getEndpointBaseUri()");
            assertNoSecretIn(endpoint.toString(), "endpoint toString()");
            assertNoSecretIn(endpoint.getConfiguration().toString(), "endpoint configuration toString()");
            assertNoSecretIn(endpoint.getClient().getConfig().toString(), "client configuration toString()");
        }
        // Camel core's own endpoint resolution prints the URI it is given, placeholders resolved, at DEBUG and TRACE
        // (AbstractCamelContext "Getting endpoint with uri", EndpointHelper, DefaultComponent "Creating endpoint ...
        // parameters", the properties component's "Found property ... with value"); that is Camel's, the same for every
        // component, and none of it happens when the credentials are set on the component (the test above). Those
        // DEBUG/TRACE lines are left out here; their INFO and above, and everything else, is still checked.
        assertCapturedLogsHaveNoSecret(event -> event.getLevel().isLessSpecificThan(Level.DEBUG)
                && CAMEL_ENDPOINT_RESOLUTION.stream().anyMatch(event.getLoggerName()::startsWith));
    }

    @Test
    void consumersAndRouteDumpsLeakNothing() throws Exception {
        stubOk(GET_EVENTS, "workflow-executions-getEvents.json");
        stubError(AGENT_LIST, 403, "PERMISSION_DENIED", "Invalid API key or auth token");
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                from("velt:events?executionId=" + EXEC_ID + "&initialDelay=0&delay=20").routeId("events")
                        .process(exchange -> {
                            throw new IllegalStateException("route failure on " + exchange.getMessage().getHeader(
                                    VeltConstants.EVENT_ID));
                        });
                from("velt:agentExecutions?agentId=" + AGENT_ID + "&initialDelay=0&delay=20&backoffMultiplier=1"
                     + "&backoffErrorThreshold=1").routeId("agents")
                        .to("mock:agents");
            }
        });

        // the event's exchange fails (error handler report with message history), the agent list poll is denied
        Awaitility.await().until(() -> VELT.findAll(veltRequest(GET_EVENTS, SECRET_KEY, SECRET_TOKEN)).size() >= 3
                && VELT.findAll(veltRequest(AGENT_LIST, SECRET_KEY, SECRET_TOKEN)).size() >= 2);
        RoutesDefinition routes = new RoutesDefinition();
        routes.setRoutes(((ModelCamelContext) context).getRouteDefinitions());
        String dump = PluginHelper.getModelToXMLDumper(context).dumpModelAsXml(context, routes);
        assertTrue(dump.contains("velt:agentExecutions"), dump);
        assertNoSecretIn(dump, "the route dump");
        for (org.apache.camel.Route route : context.getRoutes()) {
            assertNoSecretIn(route.getEndpoint().getEndpointUri(), "a consumer's endpoint URI");
            assertNoSecretIn(route.getConsumer().toString(), "a consumer's toString()");
        }
        VELT.verify(veltRequest(AGENT_LIST, SECRET_KEY, SECRET_TOKEN));
        assertCapturedLogsHaveNoSecret();
        assertTrue(capture.getEvents().stream().anyMatch(e -> e.getMessage().getFormattedMessage().contains("Message History")),
                "the failed exchange's message history was logged");
    }

    @Test
    void webhookSecretOfADispatchLeaksNowhere() throws Exception {
        String dispatch = "workflow/executions/dispatch";
        String options = "&webhookUrl=https://hooks.example.com/velt&webhookSecret=RAW(" + WEBHOOK_SECRET + ")";
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                from("direct:dispatchDenied").to("velt:dispatch?definitionId=denied&idempotencyKey=k2" + options);
            }
        });
        stubOk(dispatch, "workflow-executions-dispatch.json");
        VELT.stubFor(veltPost(dispatch).atPriority(1)
                .withRequestBody(matchingJsonPath("$.data.definitionId", equalTo("denied")))
                .willReturn(errorResponse(403, "PERMISSION_DENIED", "Invalid API key or auth token")));

        String okUri = "velt:dispatch?definitionId=d1&idempotencyKey=k1" + options;
        Exchange ok = send(okUri);
        Exchange denied = send("direct:dispatchDenied");
        Exchange unreachable = send("velt:dispatch?definitionId=d1" + options + "&baseUrl=http://127.0.0.1:1");
        ResolveEndpointFailedException invalid = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("velt:dispatch?definitionId=d1&idempotencyKey=RAW(bad key)" + options));

        assertNull(ok.getException());
        // the secret did reach Velt, in the body where Velt needs it
        VELT.verify(exactly(1), veltRequest(dispatch, SECRET_KEY, SECRET_TOKEN)
                .withRequestBody(matchingJsonPath("$.data.webhookSecret", equalTo(WEBHOOK_SECRET)))
                .withRequestBody(matchingJsonPath("$.data.definitionId", equalTo("d1"))));
        assertEquals("PERMISSION_DENIED", apiFailure(denied).getStatus());
        assertEquals("UNAVAILABLE", apiFailure(unreachable).getStatus());
        assertNoSecretIn(describe(denied.getException()), "the failing dispatch's exception");
        assertNoSecretIn(describe(unreachable.getException()), "the unreachable dispatch's exception");
        assertNoSecretIn(describe(invalid), "the invalid endpoint's exception");
        VeltEndpoint endpoint = context.getEndpoint(okUri, VeltEndpoint.class);
        assertEquals(WEBHOOK_SECRET, endpoint.getConfiguration().getWebhookSecret(), "the endpoint does use the secret");
        assertNoSecretIn(endpoint.getEndpointUri(), "getEndpointUri()");
        assertNoSecretIn(endpoint.toString(), "endpoint toString()");
        assertNoSecretIn(endpoint.getConfiguration().toString(), "endpoint configuration toString()");
        assertNoSecretIn(
                new DispatchRequest("d1", "k1", null, null, "https://hooks.example.com/velt", WEBHOOK_SECRET).toString(),
                "the dispatch request's toString()");
        for (org.apache.camel.Route route : context.getRoutes()) {
            assertNoSecretIn(route.getEndpoint().getEndpointUri(), "a route's endpoint URI");
        }
        // the URI carried the secret, so Camel's own endpoint resolution lines are left out as above
        assertCapturedLogsHaveNoSecret(event -> event.getLevel().isLessSpecificThan(Level.DEBUG)
                && CAMEL_ENDPOINT_RESOLUTION.stream().anyMatch(event.getLoggerName()::startsWith));
    }

    private static final List<String> CAMEL_ENDPOINT_RESOLUTION = List.of(
            "org.apache.camel.impl.engine.AbstractCamelContext", "org.apache.camel.impl.engine.DefaultCamelContextExtension",
            "org.apache.camel.support.EndpointHelper", "org.apache.camel.support.DefaultComponent",
            "org.apache.camel.component.properties.");

    private static void assertCapturedLogsHaveNoSecret() {
        assertCapturedLogsHaveNoSecret(event -> false);
    }

    private static void assertCapturedLogsHaveNoSecret(Predicate<LogEvent> excluded) {
        List<LogEvent> events = capture.getEvents();
        String text = events.stream().filter(excluded.negate()).map(VeltSecretsTest::format)
                .collect(Collectors.joining("\n"));
        // the capture works: the component's own DEBUG lines, Camel's TRACE lines and the error handler's report of the
        // failed route exchange (with its message history) are there
        assertTrue(
                events.stream().anyMatch(e -> e.getLevel() == Level.ERROR && e.getLoggerName().startsWith("org.apache.camel")),
                "Camel's error handler output was captured");
        assertTrue(text.contains("POST /v2/"), "the client's DEBUG output was captured");
        assertTrue(
                events.stream().anyMatch(e -> e.getLevel() == Level.TRACE && e.getLoggerName().startsWith("org.apache.camel")),
                "Camel's TRACE output was captured");
        assertNoSecretIn(text, events.size() + " captured log events");
    }

    private static String format(LogEvent event) {
        String line = event.getLevel() + " " + event.getLoggerName() + " " + event.getMessage().getFormattedMessage();
        return event.getThrown() == null ? line : line + "\n" + describe(event.getThrown());
    }

    /** toString, message and stack trace of a throwable and all its causes. */
    private static String describe(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return failure + "\n" + failure.getMessage() + "\n" + text;
    }

    private static void assertNoSecretIn(String text, String what) {
        assertFalse(text.contains(SECRET_KEY), () -> "the API key shows in " + what + ":\n" + excerpt(text, SECRET_KEY));
        assertFalse(text.contains(SECRET_TOKEN), () -> "the auth token shows in " + what + ":\n" + excerpt(text, SECRET_TOKEN));
        assertFalse(text.contains(WEBHOOK_SECRET),
                () -> "the webhook secret shows in " + what + ":\n" + excerpt(text, WEBHOOK_SECRET));
    }

    /** The lines of {@code text} that show {@code secret} (at most 20). */
    private static String excerpt(String text, String secret) {
        return text.lines().filter(line -> line.contains(secret)).limit(20).collect(Collectors.joining("\n"));
    }
}
