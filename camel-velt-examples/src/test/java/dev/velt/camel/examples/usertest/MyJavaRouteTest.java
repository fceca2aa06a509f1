package dev.velt.camel.examples.usertest;

import java.time.Duration;

import dev.velt.camel.component.VeltComponent;
import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.test.Fault;
import dev.velt.camel.test.ScriptedExecution;
import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltAssertions;
import dev.velt.camel.test.VeltSimulatorExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MyJavaRouteTest extends CamelTestSupport {

    @RegisterExtension
    static final VeltSimulatorExtension VELT = new VeltSimulatorExtension(SimulatorOptions.defaults()
            .tickMillis(20).workflowExecutions(0).agentRuns(0));

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        VeltComponent velt = context.getComponent("velt", VeltComponent.class);
        velt.getConfiguration().setBaseUrl(VELT.baseUrl());
        velt.getConfiguration().setApiKey(VELT.apiKey());
        velt.getConfiguration().setAuthToken(VELT.authToken());
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {

            @Override
            public void configure() {
                from("velt:events?definitionId=invoice-approval&types=step.awaiting-approval&delay=50")
                        .to("mock:awaiting");
            }
        };
    }

    @Test
    void anApprovalRequestArrivesOnceThroughARateLimit() {
        VELT.simulator().faults().next("workflow/executions/getEvents", 2, Fault.RATE_LIMITED);
        ScriptedExecution invoice = VELT.simulator().addExecution("exec_invoice_1", "invoice-approval")
                .event(1, "execution.dispatched")
                .event(4, "step.awaiting-approval"); // seq 2 and 3 were internal events

        MockEndpoint awaiting = getMockEndpoint("mock:awaiting");
        await().atMost(Duration.ofSeconds(30)).until(() -> awaiting.getReceivedCounter() == 1);
        invoice.event(6, "execution.completed");
        await().atMost(Duration.ofSeconds(30)).until(() -> VELT.simulator().requests().count(
                "workflow/executions/getEvents") >= 4);

        assertThat(awaiting.getReceivedExchanges()).hasSize(1);
        assertThat(awaiting.getReceivedExchanges().get(0).getMessage().getHeader(VeltConstants.EVENT_SEQ, Long.class))
                .isEqualTo(4L);
        VeltAssertions.assertAtMostRequests(VELT.simulator(), "workflow/executions/dispatch", 0);
    }
}
