package dev.velt.camel.component.kamelet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.component.VeltOperation;
import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.test.SimExecution;
import dev.velt.camel.test.SimRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The jar's Kamelets, found by Camel's Kamelet component at its default location ({@code classpath:kamelets}), each
 * used through {@code kamelet:} in a YAML route and in a YAML {@code Pipe}, against the Velt simulator, in a real
 * CamelContext. The Kamelets get the connection from their own parameters; the velt component is left unconfigured.
 */
class VeltKameletsTest extends ConsumerTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DISPATCH = "workflow/executions/dispatch";

    private CamelContext context;
    private long runStartedAt;

    @AfterEach
    void stopContext() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void eventsSourceInARouteEmitsTheChosenTypesAsJson() throws Exception {
        givenAnExecutionWithTwoEvents();
        MockEndpoint events = start("events-route.yaml").getEndpoint("mock:events", MockEndpoint.class);
        failTheExecutionOnceTheConsumerReadsIt();

        await().until(() -> events.getReceivedCounter() == 2);

        assertThat(events.getReceivedExchanges()).extracting(e -> e.getMessage().getHeader(VeltConstants.EVENT_TYPE))
                .containsExactly("step.awaiting-approval", "execution.failed");
        JsonNode first = json(events.getReceivedExchanges().get(0));
        assertThat(first.path("seq").asLong()).isEqualTo(2);
        assertThat(first.path("type").asText()).isEqualTo("step.awaiting-approval");
        assertThat(first.path("eventId").asText()).isEqualTo("evt_exec_a_2");
    }

    @Test
    void eventsSourceInAPipeEmitsEveryEventInOrder() throws Exception {
        givenAnExecutionWithTwoEvents();
        MockEndpoint events = start("events-pipe.yaml").getEndpoint("mock:events", MockEndpoint.class);
        failTheExecutionOnceTheConsumerReadsIt();

        await().until(() -> events.getReceivedCounter() == 3);

        assertThat(events.getReceivedExchanges()).extracting(e -> json(e).path("seq").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(events.getReceivedExchanges()).extracting(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID))
                .containsOnly("exec_a");
    }

    @Test
    void findingsSourceInARouteEmitsOneJsonMessagePerFindingOfTheChosenSeverities() throws Exception {
        givenARunningRunWithFindings();
        MockEndpoint findings = start("findings-route.yaml").getEndpoint("mock:findings", MockEndpoint.class);
        assertFindingsOfAFinishedRun(findings);
    }

    @Test
    void findingsSourceInAPipeEmitsOneJsonMessagePerFindingOfTheChosenSeverities() throws Exception {
        givenARunningRunWithFindings();
        MockEndpoint findings = start("findings-pipe.yaml").getEndpoint("mock:findings", MockEndpoint.class);
        assertFindingsOfAFinishedRun(findings);
    }

    @Test
    void dispatchSinkInARouteStartsAnExecutionWithTheBodyAsTriggerContext() throws Exception {
        assertDispatch("dispatch-route.yaml", "corr_orders");
    }

    @Test
    void dispatchSinkInAPipeStartsAnExecutionWithTheBodyAsTriggerContext() throws Exception {
        assertDispatch("dispatch-pipe.yaml", null);
    }

    @Test
    void theReadmesPipeRunsAsWritten() throws Exception {
        String readme = Files.readString(Path.of("../docs/routes-and-options.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("```yaml\napiVersion: camel.apache.org/v1\nkind: Pipe\n");
        assertThat(start).as("the Pipe of docs/routes-and-options.md").isNotNegative();
        String pipe = readme.substring(start + "```yaml\n".length(), readme.indexOf("```", start + 3));
        assertThat(pipe).contains("name: velt-events-source", "uri: log:velt-approvals");
        velt.addExecution("exec_a", "marketing-copy-approval", "running", System.currentTimeMillis() - 1_000);
        velt.addEvent("exec_a", 1, "execution.dispatched");
        velt.addEvent("exec_a", 2, "step.awaiting-approval");
        context = newContext();
        context.getPropertiesComponent().addInitialProperty("camel.kamelet.velt-events-source.delay", "20");
        context.start();
        NotifyBuilder logged = new NotifyBuilder(context).wereSentTo("log:velt-approvals").whenDone(1).create();

        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("readme-pipe.yaml", pipe));

        assertThat(logged.matches(20, TimeUnit.SECONDS)).isTrue();
        assertThat(context.getRoute("velt-approvals-to-log")).isNotNull();
    }

    private void givenAnExecutionWithTwoEvents() {
        velt.addExecution("exec_a", "def_1", "running", System.currentTimeMillis() - 1_000);
        velt.addEvent("exec_a", 1, "execution.dispatched");
        velt.addEvent("exec_a", 2, "step.awaiting-approval");
    }

    /** An execution that ended before the first poll is not delivered: end it once the consumer reads its events. */
    private void failTheExecutionOnceTheConsumerReadsIt() {
        await().until(() -> requestsFor("workflow/executions/getEvents", "exec_a") > 0);
        velt.addEvent("exec_a", 3, "execution.failed");
    }

    private void givenARunningRunWithFindings() {
        runStartedAt = System.currentTimeMillis() - 1_000;
        velt.putRun("run_1", "agent_1", "running", runStartedAt, null);
        velt.putFindings("run_1", "https://example.com/page", "critical", "low", "high");
    }

    private void assertFindingsOfAFinishedRun(MockEndpoint findings) {
        // a run that finished before the first poll is not delivered: finish it once the consumer has seen it running
        await().until(() -> requestsTo("agents/execution/list") + requestsTo("agents/execution/get") > 0);
        velt.putRun("run_1", "agent_1", "failed", runStartedAt, System.currentTimeMillis());

        await().until(() -> findings.getReceivedCounter() == 2);

        assertThat(findings.getReceivedExchanges()).extracting(e -> e.getMessage().getHeader(VeltConstants.FINDING_SEVERITY))
                .containsExactly("critical", "high");
        JsonNode critical = json(findings.getReceivedExchanges().get(0));
        assertThat(critical.path("severity").asText()).isEqualTo("critical");
        assertThat(critical.path("title").asText()).isEqualTo("Finding 0");
        assertThat(findings.getReceivedExchanges().get(0).getMessage().getHeader(VeltConstants.FINDING_URL))
                .isEqualTo("https://example.com/page");
    }

    /**
     * The sink calls {@code velt:dispatch}. Where the component has no dispatch operation yet, the Kamelet must fail
     * at start naming the operation, before any request; with the operation, one POST carries the body as trigger
     * context and the id of the execution Velt started comes back.
     */
    private void assertDispatch(String routes, String correlationId) throws Exception {
        boolean dispatchExists = Arrays.stream(VeltOperation.values()).anyMatch(o -> o.name().equals("dispatch"));
        if (!dispatchExists) {
            assertThatThrownBy(() -> {
                start(routes).createProducerTemplate().sendBody("direct:orders", "{\"orderId\":\"o-1\"}");
            }).hasStackTraceContaining("dispatch");
            assertThat(simulator.requests().count()).isZero();
            return;
        }
        ProducerTemplate producer = start(routes).createProducerTemplate();

        Exchange result = producer.request("direct:orders", e -> {
            e.getMessage().setBody("{\"orderId\":\"o-1\",\"amount\":42}");
            e.getMessage().setHeader("CamelVeltIdempotencyKey", "order-o-1");
        });

        assertThat(result.getException()).isNull();
        List<SimExecution> started = simulator.executions().stream().filter(e -> "def_1".equals(e.definitionId())).toList();
        assertThat(started).hasSize(1);
        assertThat(result.getMessage().getHeader(VeltConstants.EXECUTION_ID)).isEqualTo(started.get(0).executionId());
        assertThat(simulator.requests().count()).as("requests sent").isEqualTo(1);
        SimRequest request = simulator.requests().to(DISPATCH).get(0);
        assertThat(request.apiKey()).isEqualTo(API_KEY);
        JsonNode data = request.data();
        assertThat(data.path("definitionId").asText()).isEqualTo("def_1");
        assertThat(data.path("idempotencyKey").asText()).isEqualTo("order-o-1");
        assertThat(data.path("triggerContext").path("orderId").asText()).isEqualTo("o-1");
        assertThat(data.path("triggerContext").path("amount").asInt()).isEqualTo(42);
        if (correlationId != null) {
            assertThat(data.path("correlationId").asText()).isEqualTo(correlationId);
        }
    }

    private CamelContext start(String routes) throws Exception {
        context = newContext();
        context.start();
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(context, "classpath:kamelet-routes/" + routes));
        return context;
    }

    /** A context whose properties point the routes, and each Kamelet's camel.kamelet.* defaults, at the simulator. */
    private CamelContext newContext() {
        CamelContext camel = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.setProperty("velt.baseUrl", simulator.baseUrl());
        properties.setProperty("velt.apiKey", API_KEY);
        properties.setProperty("velt.authToken", AUTH_TOKEN);
        // a Pipe's properties are taken literally (no placeholders), so the Pipes leave the connection to Camel's
        // camel.kamelet.<kamelet>.<property> properties, where credentials belong anyway
        for (String kamelet : List.of("velt-events-source", "velt-agent-findings-source", "velt-dispatch-sink")) {
            properties.setProperty("camel.kamelet." + kamelet + ".baseUrl", simulator.baseUrl());
            properties.setProperty("camel.kamelet." + kamelet + ".apiKey", API_KEY);
            properties.setProperty("camel.kamelet." + kamelet + ".authToken", AUTH_TOKEN);
        }
        camel.getPropertiesComponent().setInitialProperties(properties);
        return camel;
    }

    private static JsonNode json(Exchange exchange) {
        try {
            return JSON.readTree(exchange.getMessage().getBody(String.class));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
