package dev.velt.camel.component.kamelet;

import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.component.support.SimulatorProducerTestSupport;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code velt-run-agent-action} Kamelet in a YAML route against the simulator: a message in, the finished run with
 * its findings out as JSON. The Kamelet gets the connection from its own parameters.
 */
class VeltRunAgentKameletTest extends SimulatorProducerTestSupport {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = new Properties();
        properties.setProperty("velt.baseUrl", VELT.baseUrl());
        properties.setProperty("velt.apiKey", API_KEY);
        properties.setProperty("velt.authToken", AUTH_TOKEN);
        return properties;
    }

    @Test
    void aMessageInTheFinishedRunWithItsFindingsOut() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveMandatoryResource(context, "classpath:kamelet-routes/run-agent-route.yaml"));
        MockEndpoint findings = context.getEndpoint("mock:findings", MockEndpoint.class);
        findings.expectedMessageCount(1);

        Exchange exchange = template.send("direct:deploys", e -> {
            e.getMessage().setBody(Map.of("release", "2026.12.1"));
            e.getMessage().setHeader(VeltConstants.URL, "https://www.acme.example/launch");
        });

        findings.assertIsSatisfied();
        assertThat(exchange.getException()).isNull();
        JsonNode run = JSON.readTree(findings.getReceivedExchanges().get(0).getMessage().getBody(String.class));
        assertThat(run.path("status").asText()).isEqualTo("failed");
        assertThat(run.at("/config/seedUrl").asText()).isEqualTo("https://www.acme.example/launch");
        JsonNode result = run.path("results").get(0);
        JsonNode found = result.has("findings") ? result.path("findings") : result.at("/agentResult/findings");
        assertThat(found).extracting(f -> f.path("severity").asText()).containsExactly("critical", "low");
        assertThat(onlyRequest("agents/execution/run")).isEqualTo(json("""
                {"agentId": "brand-checker", "url": "https://www.acme.example/launch", "organizationId": "org_acme",
                 "documentId": "doc_kamelet", "userContext": {"release": "2026.12.1"}}"""));
        assertThat(requests("agents/execution/get")).hasSize(3)
                .allSatisfy(read -> assertThat(read.data().path("includeResults").asBoolean()).isTrue());
    }
}
