package dev.velt.camel.test;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Planned streams, read back over HTTP the way a paging client reads them. */
class PlansTest {

    @RegisterExtension
    final VeltSimulatorExtension velt = new VeltSimulatorExtension(SimulatorOptions.defaults().tickMillis(0)
            .workflowExecutions(0).agentRuns(0).findingsShape(SimulatorOptions.FindingsShape.MIXED));

    @Test
    void anEventStreamPlanIsWhatGetEventsReturnsOnceItHasPlayed() throws Exception {
        EventStreamPlan plan = EventStreamPlan.write(velt.simulator(), "def_plan", 3, 12, 2, 8, 3, 2);
        velt.simulator().advance((int) plan.lastTick() + 1);
        ApiClient api = new ApiClient(velt.simulator());

        List<String> received = new ArrayList<>();
        for (String executionId : plan.expectedEvents().keySet()) {
            long since = 0;
            boolean more = true;
            while (more) {
                JsonNode page = api.post("workflow/executions/getEvents", "{\"executionId\":\"" + executionId
                                                                          + "\",\"sinceSeq\":" + since + ",\"pageSize\":2}")
                        .result();
                page.get("events").forEach(e -> received.add(executionId + "#" + e.get("seq").asLong()));
                since = page.get("nextCursor").asLong();
                more = page.get("hasMore").asBoolean();
            }
        }

        StreamVerdict.events(plan.expectedEvents(), received).assertExact();
        assertThat(plan.expectedEvents()).isEqualTo(velt.simulator().expectedEvents("def_plan"));
        assertThat(plan.totalEvents()).isGreaterThan(24);
        assertThat(velt.simulator().executions().stream().map(SimExecution::startedAt).distinct().count())
                .as("some executions start in the same millisecond").isLessThan(12);
    }

    @Test
    void anAgentRunPlanFinishesOutOfStartOrderWithItsFindingsInBothShapes() throws Exception {
        AgentRunPlan plan = AgentRunPlan.write(velt.simulator(), "agent_plan", 5, 20, 6, 2);
        velt.simulator().advance((int) plan.lastTick() + 1);
        ApiClient api = new ApiClient(velt.simulator());

        List<String> completionOrder = velt.simulator().agentRuns().stream()
                .sorted(java.util.Comparator.comparingLong(SimAgentRun::endTick)).map(SimAgentRun::id).toList();
        List<String> findingIds = new ArrayList<>();
        int flat = 0;
        int pages = 0;
        for (String runId : plan.expectedFindings().keySet()) {
            JsonNode results = api.post("agents/execution/get", "{\"executionId\":\"" + runId
                                                                + "\",\"includeResults\":true}")
                    .result().at("/data/results");
            for (JsonNode result : results) {
                JsonNode findings = result.has("findings") ? result.get("findings") : result.at("/agentResult/findings");
                flat += result.has("findings") ? 1 : 0;
                pages++;
                findings.forEach(f -> findingIds.add(f.get("id").asText()));
            }
        }

        assertThat(completionOrder).isNotEqualTo(List.copyOf(plan.expectedFindings().keySet()));
        assertThat(findingIds).containsExactlyElementsOf(plan.expectedFindings().values().stream()
                .flatMap(List::stream).toList());
        assertThat(flat).as("pages in the flat shape, the others in agentResult").isPositive().isLessThan(pages);
    }
}
