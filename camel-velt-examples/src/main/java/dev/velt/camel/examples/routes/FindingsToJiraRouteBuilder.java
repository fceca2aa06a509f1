package dev.velt.camel.examples.routes;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;

import dev.velt.camel.examples.JiraIssues;

/** Java DSL twin of {@code routes/findings-to-jira.yaml} (the demo runs the YAML one unless {@code demo.routes=java}). */
public class FindingsToJiraRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        JiraIssues jiraIssues = new JiraIssues();
        jiraIssues.setProjectKey(getCamelContext().resolvePropertyPlaceholders("{{jira.project}}"));
        jiraIssues.setIssueType(getCamelContext().resolvePropertyPlaceholders("{{jira.issue-type}}"));
        bindToRegistry("jiraIssues", jiraIssues);

        from("velt:agentExecutions?agentId={{velt.agent-id}}&splitFindings=true&sinceTime={{?velt.since-time}}"
             + "&initialDelay={{velt.poll-delay}}&delay={{velt.poll-delay}}")
                .routeId("velt-findings-to-jira")
                .filter(simple("${header.CamelVeltFindingSeverity} in 'critical,high'"))
                    .setProperty("finding", simple("${body}"))
                    .bean("jiraIssues", "fromFinding")
                    .marshal().json(JsonLibrary.Jackson)
                    .setHeader("CamelHttpMethod", constant("POST"))
                    .setHeader("Content-Type", constant("application/json"))
                    .to("{{jira.url}}/rest/api/2/issue?authUsername=RAW({{jira.user}})&authPassword=RAW({{jira.token}})"
                        + "&authenticationPreemptive=true")
                    .unmarshal().json(JsonLibrary.Jackson, java.util.Map.class)
                    .bean("deliveryReport", "jiraIssueCreated")
                    .log("Jira  <- ${header.CamelVeltFindingSeverity} finding '${exchangeProperty.finding.title}' of run"
                         + " ${header.CamelVeltExecutionId} as ${body[key]}")
                .end();
    }
}
