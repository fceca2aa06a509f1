package dev.velt.camel.examples.routes;

import dev.velt.camel.component.VeltAgentAlreadyRunningException;
import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.component.agents.VeltFindingKey;
import dev.velt.camel.examples.DeliveryReport;
import org.apache.camel.builder.RouteBuilder;

/**
 * Java DSL twin of {@code routes/deploy-check.yaml} (the demo runs the YAML one unless {@code demo.routes=java}): a
 * deploy runs the brand agent on the deployed page, awaits the run, and files its critical findings through
 * {@link FileInJiraRouteBuilder}'s route.
 */
public class DeployCheckRouteBuilder extends RouteBuilder {

    private static final String AWAIT = "awaitCompletion=true&includeResults=true&awaitInterval={{velt.poll-delay}}"
                                        + "&awaitTimeout=30m";

    @Override
    public void configure() throws Exception {
        // the demo's deploys (none unless velt.deploys says so; with the simulator one)
        from("timer:velt-deploy?repeatCount=1&delay={{velt.poll-delay}}")
                .routeId("velt-deploy")
                .loop(constant("{{velt.deploys}}"))
                .setHeader(VeltConstants.URL, constant("{{velt.deploy-url}}"))
                // the run's user context
                .setBody(constant("{\"trigger\": \"deploy\", \"deployedBy\": \"velt-demo\"}"))
                .to("direct:velt-deploy-check")
                .end();

        // the page deployed in CamelVeltUrl; the body, if any, is the run's user context
        from("direct:velt-deploy-check")
                .routeId("velt-deploy-check")
                .doTry()
                .to("velt:runAgent?agentId={{velt.agent-id}}&organizationId={{velt.deploy-organization-id}}"
                    + "&documentId={{velt.deploy-document-id}}&" + AWAIT)
                // the agent already runs on this document: await that run instead
                .doCatch(VeltAgentAlreadyRunningException.class)
                .setHeader(VeltConstants.EXECUTION_ID, simple("${exception.runningExecutionId}"))
                .to("velt:getAgentExecution?" + AWAIT)
                .end()
                // the run has ended: go on off the component's await scheduler, whose threads read every awaited run
                .threads(1).threadName("velt-deploy-check")
                .bean("deliveryReport", "deployChecked")
                .log("Velt  <- deploy of ${header.CamelVeltUrl}: run ${header.CamelVeltExecutionId} ended"
                     + " ${header.CamelVeltExecutionStatus} with ${body.allFindings.size()} findings")
                .setHeader(VeltConstants.AGENT_ID, simple("${body.agentId}"))
                .setProperty(DeliveryReport.CAME_BY, constant(DeliveryReport.DEPLOY))
                .split(simple("${body.results}"))
                .setHeader(VeltConstants.FINDING_URL, simple("${body.url}"))
                .split(simple("${body.allFindings}"))
                .filter(simple("${body.severity} == 'critical'"))
                .setHeader(VeltConstants.FINDING_SEVERITY, simple("${body.severity}"))
                // the key velt:agentExecutions gives a split finding: the same for the same problem on the same page
                // in every run, so the consumer's issues and the deploy's are one set
                .setHeader(VeltConstants.FINDING_KEY,
                        method(VeltFindingKey.class, "of(${header.CamelVeltAgentId}, ${header.CamelVeltFindingUrl}, ${body})"))
                .to(FileInJiraRouteBuilder.FILE_IN_JIRA)
                .end()
                .end()
                .end()
                .end();
    }
}
