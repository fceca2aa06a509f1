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
 * Java DSL twin of {@code routes/file-in-jira.yaml} (the demo runs the YAML one unless {@code demo.routes=java}): files
 * the finding it is sent on {@code seda:velt-file-in-jira} in Jira unless its problem already has an issue, one finding
 * at a time.
 */
public class FileInJiraRouteBuilder extends RouteBuilder {

    /** Where the routes send a finding to file; the sender waits until it has been filed. */
    public static final String FILE_IN_JIRA = "seda:velt-file-in-jira?waitForTaskToComplete=Always";

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

        // one consumer: a finding is looked up only once the one before it has been filed
        from("seda:velt-file-in-jira?concurrentConsumers=1")
                .routeId("velt-file-in-jira")
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
                .end();
    }
}
