package dev.velt.camel.examples.routes;

import java.io.File;

import dev.velt.camel.examples.DeliveryReport;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.processor.state.FileStateRepository;

/**
 * Java DSL twin of {@code routes/findings-to-jira.yaml} (the demo runs the YAML one unless {@code demo.routes=java});
 * files through {@link FileInJiraRouteBuilder}'s route.
 */
public class FindingsToJiraRouteBuilder extends RouteBuilder {

    @Override
    public void configure() throws Exception {
        File dataDir = new File(getCamelContext().resolvePropertyPlaceholders("{{demo.data-dir}}"));
        // the consumer's positions, so a restarted route resumes where it stopped
        bindToRegistry("jiraPositions", FileStateRepository.fileStateRepository(new File(dataDir, "jira-positions.dat")));

        from("velt:agentExecutions?agentId={{velt.agent-id}}&splitFindings=true&stateRepository=#jiraPositions"
             + "&sinceTime={{?velt.since-time}}&initialDelay={{velt.poll-delay}}&delay={{velt.poll-delay}}")
                .routeId("velt-findings-to-jira")
                .filter(simple("${header.CamelVeltFindingSeverity} in 'critical,high'"))
                .setProperty(DeliveryReport.CAME_BY, constant("poll"))
                // waits until the finding is filed: a failure fails this exchange, and the finding comes again
                .to(FileInJiraRouteBuilder.FILE_IN_JIRA)
                .end();
    }
}
