package dev.velt.camel.component;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.velt.camel.component.support.VeltTestSupport;
import dev.velt.camel.model.AgentFinding;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static dev.velt.camel.component.support.Payloads.json;
import static dev.velt.camel.component.support.Payloads.payloadJson;
import static dev.velt.camel.component.support.Payloads.withoutNulls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The component from Camel's YAML DSL: {@code routes/velt-routes.yaml} is loaded through Camel's routes loader
 * (camel-yaml-dsl), with an endpoint option from a property placeholder, a header override and the typed body used by
 * simple expressions.
 */
class VeltYamlDslTest extends VeltTestSupport {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = new Properties();
        properties.setProperty("velt.executionId", EXEC_ID);
        return properties;
    }

    @BeforeEach
    void loadYamlRoutes() throws Exception {
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(context, "classpath:routes/velt-routes.yaml"));
    }

    @Test
    void yamlRouteGetsTheExecution() {
        stubOk(GET_EXECUTION, "workflow-executions-get.json");

        Exchange exchange = template.send("direct:yaml-get-execution", e -> {
        });

        assertNull(exchange.getException());
        VELT.verify(exactly(1), veltRequest(GET_EXECUTION, "{\"executionId\": \"" + EXEC_ID + "\"}"));
        assertEquals(EXEC_ID, exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID));
        assertEquals("completed", exchange.getMessage().getHeader(VeltConstants.EXECUTION_STATUS));
        assertEquals("marketing-copy-approval", exchange.getMessage().getHeader("definitionId"));
        assertEquals(withoutNulls(payloadJson("workflow-executions-get.json").get("result")),
                withoutNulls(json(exchange.getMessage().getBody(String.class))));
    }

    @Test
    void yamlRouteSplitsTheFindingsOfAnAgentRun() throws Exception {
        stubOk(AGENT_GET, "agents-execution-get-agentResult.json");
        MockEndpoint findings = getMockEndpoint("mock:findings");
        findings.expectedMessageCount(2);

        template.sendBodyAndHeaders("direct:yaml-agent-findings", null,
                Map.of(VeltConstants.EXECUTION_ID, "exec_1786000000000_abc123def456"));

        findings.assertIsSatisfied();
        VELT.verify(exactly(1), veltRequest(AGENT_GET,
                "{\"executionId\": \"exec_1786000000000_abc123def456\", \"includeResults\": true}"));
        List<String> severities = findings.getReceivedExchanges().stream()
                .map(e -> e.getMessage().getBody(AgentFinding.class).getSeverity()).toList();
        assertEquals(List.of("high", "critical"), severities);
    }
}
