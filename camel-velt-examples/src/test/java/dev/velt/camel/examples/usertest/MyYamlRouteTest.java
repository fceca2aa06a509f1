package dev.velt.camel.examples.usertest;

import java.time.Duration;
import java.util.List;

import dev.velt.camel.component.VeltComponent;
import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltAssertions;
import dev.velt.camel.test.VeltSimulatorExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;

class MyYamlRouteTest extends CamelTestSupport {

    @RegisterExtension
    static final VeltSimulatorExtension VELT = new VeltSimulatorExtension(SimulatorOptions.defaults()
            .seed(7).tickMillis(20).workflowExecutions(4).agentRuns(0)).clockStartedByTest();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        VeltComponent velt = context.getComponent("velt", VeltComponent.class);
        velt.getConfiguration().setBaseUrl(VELT.baseUrl());
        velt.getConfiguration().setApiKey(VELT.apiKey());
        velt.getConfiguration().setAuthToken(VELT.authToken());
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource("classpath:routes/my-approvals.yaml"));
        return context;
    }

    @Test
    void everyEventOfTheDefinitionArrivesOnceInSeqOrder() {
        VELT.simulator().startClock(); // the route runs: let the scenario begin
        await().atMost(Duration.ofSeconds(30)).until(VELT.simulator()::isSettled);

        MockEndpoint approvals = getMockEndpoint("mock:approvals");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> VeltAssertions.assertReceivedExactly(
                VELT.simulator(), "marketing-copy-approval", received(approvals)));
    }

    private static List<String> received(MockEndpoint endpoint) {
        return endpoint.getExchanges().stream().map(exchange -> VeltAssertions.eventKey(
                exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID, String.class),
                exchange.getMessage().getHeader(VeltConstants.EVENT_SEQ, Long.class))).toList();
    }
}
