package dev.velt.camel.examples.routes;

import java.io.File;

import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.examples.JiraIssues;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.apache.camel.support.processor.state.FileStateRepository;

/**
 * Java DSL twin of {@code routes/findings-to-jira.yaml} (the demo runs the YAML one unless {@code demo.routes=java}).
 */
public class FindingsToJiraRouteBuilder extends RouteBuilder {

    @Override
    public void configure() throws Exception {
        JiraIssues jiraIssues = new JiraIssues();
        jiraIssues.setProjectKey(getCamelContext().resolvePropertyPlaceholders("{{jira.project}}"));
        jiraIssues.setIssueType(getCamelContext().resolvePropertyPlaceholders("{{jira.issue-type}}"));
        bindToRegistry("jiraIssues", jiraIssues);
        File dataDir = new File(getCamelContext().resolvePropertyPlaceholders("{{demo.data-dir}}"));
        // the finding keys (CamelVeltFindingKey) of the problems that have an issue
        bindToRegistry("filedFindings",
                FileIdempotentRepository.fileIdempotentRepository(new File(dataDir, "filed-findings.dat")));
        // which issue each of them has, for the report ("already filed as VELT-3"); Camel starts and stops it
        FileStateRepository issueByFinding = FileStateRepository
                .fileStateRepository(new File(dataDir, "jira-issue-by-finding.dat"));
        bindToRegistry("jiraIssueByFinding", issueByFinding);
        getCamelContext().addService(issueByFinding, true, true);
        // the consumer's positions, so a restarted route resumes where it stopped
        bindToRegistry("jiraPositions", FileStateRepository.fileStateRepository(new File(dataDir, "jira-positions.dat")));

        from("velt:agentExecutions?agentId={{velt.agent-id}}&splitFindings=true&stateRepository=#jiraPositions"
             + "&sinceTime={{?velt.since-time}}&initialDelay={{velt.poll-delay}}&delay={{velt.poll-delay}}")
                .routeId("velt-findings-to-jira")
                .filter(simple("${header.CamelVeltFindingSeverity} in 'critical,high'"))
                .setProperty("finding", simple("${body}"))
                // a key is added once its exchange completed, so a failed issue creation is tried again
                .idempotentConsumer(header(VeltConstants.FINDING_KEY)).idempotentRepository("filedFindings")
                .eager(false).skipDuplicate(false)
                .choice()
                .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
                .setHeader("JiraIssueKey",
                        simple("${bean:jiraIssueByFinding?method=getState(${header.CamelVeltFindingKey})}"))
                .bean("deliveryReport", "jiraIssueAlreadyFiled")
                .log("Jira  == ${header.CamelVeltFindingSeverity} finding '${exchangeProperty.finding.title}'"
                     + " of run ${header.CamelVeltExecutionId} already filed as ${header.JiraIssueKey}")
                .otherwise()
                .bean("jiraIssues", "fromFinding")
                .marshal().json(JsonLibrary.Jackson)
                .setHeader("CamelHttpMethod", constant("POST"))
                .setHeader("Content-Type", constant("application/json"))
                .to("{{jira.url}}/rest/api/2/issue?authUsername=RAW({{jira.user}})"
                    + "&authPassword=RAW({{jira.token}})&authenticationPreemptive=true")
                .unmarshal().json(JsonLibrary.Jackson, java.util.Map.class)
                .bean("jiraIssueByFinding", "setState(${header.CamelVeltFindingKey}, ${body[key]})")
                .bean("deliveryReport", "jiraIssueCreated")
                .log("Jira  <- ${header.CamelVeltFindingSeverity} finding '${exchangeProperty.finding.title}'"
                     + " of run ${header.CamelVeltExecutionId} as ${body[key]}")
                .end()
                .end()
                .end();
    }
}
