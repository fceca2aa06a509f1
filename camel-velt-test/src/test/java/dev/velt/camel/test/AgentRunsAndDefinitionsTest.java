package dev.velt.camel.test;

import java.util.List;

import dev.velt.camel.test.ApiClient.Answer;
import dev.velt.camel.test.WorkflowDefinition.AgentNode;
import dev.velt.camel.test.WorkflowDefinition.BlockingAgentNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code agents/execution/run} and {@code count}, {@code workflow/definitions/get} and {@code list}, and
 * {@code recordAgentResolution} in Velt's current form, as the simulator plays them.
 */
class AgentRunsAndDefinitionsTest {

    private static final String RUN = "{\"agentId\":\"brand\",\"url\":\"https://www.acme.example/\","
                                      + "\"organizationId\":\"org_1\",\"documentId\":\"%s\"}";

    @RegisterExtension
    final VeltSimulatorExtension velt = new VeltSimulatorExtension(SimulatorOptions.defaults().tickMillis(0)
            .workflowExecutions(0).agentRuns(0));

    private ApiClient api() {
        return new ApiClient(velt.simulator());
    }

    @Test
    void aRunStartsRunsForItsTicksAndEndsWithTheOutcomeOnItsUrl() throws Exception {
        velt.simulator().agentRunOutcome(2, "failed", List.of(VeltSimulator.brandFinding("f-1", "critical", "Old logo")));

        Answer started = api().post("agents/execution/run", RUN.formatted("doc_1"));
        String id = started.result().at("/data/executionId").asText();
        Answer running = api().post("agents/execution/get", "{\"executionId\":\"" + id + "\"}");
        velt.simulator().advance(2);
        Answer finished = api().post("agents/execution/get", "{\"executionId\":\"" + id + "\",\"includeResults\":true}");

        assertThat(started.result().path("status").asText()).isEqualTo("success");
        assertThat(id).startsWith("exec_");
        assertThat(running.result().at("/data/execution/status").asText()).isEqualTo("running");
        assertThat(finished.result().at("/data/execution/status").asText()).isEqualTo("failed");
        assertThat(finished.result().at("/data/execution/config/seedUrl").asText()).isEqualTo("https://www.acme.example/");
        assertThat(finished.result().at("/data/results/0/url").asText()).isEqualTo("https://www.acme.example/");
    }

    @Test
    void aSecondRunOfTheAgentOnTheDocumentNamesTheRunningOneAndSpentCreditsRefuseEveryRun() throws Exception {
        String first = api().post("agents/execution/run", RUN.formatted("doc_2")).result().at("/data/executionId").asText();

        Answer again = api().post("agents/execution/run", RUN.formatted("doc_2"));
        velt.simulator().aiCreditsExhausted(true);
        Answer broke = api().post("agents/execution/run", RUN.formatted("doc_3"));
        Answer invalid = api().post("agents/execution/run", "{\"agentId\":\"brand\",\"url\":\"nope\","
                                                            + "\"organizationId\":\"o\",\"documentId\":\"d\"}");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorStatus()).isEqualTo("ALREADY_EXISTS");
        assertThat(again.json().at("/error/message").asText()).contains(first);
        assertThat(broke.status()).isEqualTo(429);
        assertThat(broke.errorStatus()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(invalid.errorStatus()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void countsPerAgentWithAFailedCountOrTheTotal() throws Exception {
        velt.simulator().addAgentRun("exec_a", "agent_a", 0, 0, "passed", List.of());
        velt.simulator().addAgentRun("exec_b", "agent_a", 0, 0, "failed", List.of());
        velt.simulator().failAgentCount("agent_b");

        Answer perAgent = api().post("agents/execution/count", "{\"agentIds\":[\"agent_a\",\"agent_b\",\"x\"]}");
        Answer one = api().post("agents/execution/count", "{\"agentIds\":\"agent_a\",\"status\":\"passed\"}");
        Answer total = api().post("agents/execution/count", "{}");
        Answer strict = api().post("agents/execution/count", "{\"agentId\":\"agent_a\"}");

        assertThat(perAgent.result().at("/data/counts/agent_a").asLong()).isEqualTo(2);
        assertThat(perAgent.result().at("/data/counts/agent_b").asLong()).isEqualTo(-1);
        assertThat(perAgent.result().at("/data/counts/x").asLong()).isZero();
        assertThat(one.result().at("/data/counts/agent_a").asLong()).isEqualTo(1);
        assertThat(total.result().at("/data/total").asLong()).isEqualTo(2);
        assertThat(strict.errorStatus()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void definitionsAreReadAndListedNewestFirstWithAnIntegerCursor() throws Exception {
        for (String id : List.of("def_1", "def_2", "def_3")) {
            velt.simulator().define(new WorkflowDefinition(id, 2, List.of(new AgentNode("a", "agent"),
                    new AgentNode("b", "agent"))));
        }

        Answer one = api().post("workflow/definitions/get", "{\"definitionId\":\"def_2\"}");
        Answer missing = api().post("workflow/definitions/get", "{\"definitionId\":\"def_9\"}");
        Answer page1 = api().post("workflow/definitions/list", "{\"pageSize\":2}");
        Answer page2 = api().post("workflow/definitions/list", "{\"pageSize\":2,\"cursor\":"
                                                               + page1.result().get("nextCursor").asLong() + "}");

        assertThat(one.result().path("version").asInt()).isEqualTo(2);
        assertThat(one.result().at("/edges/0/from").asText()).isEqualTo("a");
        assertThat(missing.errorStatus()).isEqualTo("NOT_FOUND");
        assertThat(page1.result().get("items").findValuesAsText("definitionId")).containsExactly("def_3", "def_2");
        assertThat(page1.result().get("nextCursor").isIntegralNumber()).isTrue();
        assertThat(page2.result().get("items").findValuesAsText("definitionId")).containsExactly("def_1");
        assertThat(page2.result().get("nextCursor").isNull()).isTrue();
    }

    @Test
    void aResolutionInTheCurrentFormIsRecordedOncePerResponse() throws Exception {
        velt.simulator().define(new WorkflowDefinition("def_fix", 1, List.of(new BlockingAgentNode("fix", "fixer", 2))));
        String id = api().post("workflow/executions/dispatch", "{\"definitionId\":\"def_fix\"}").result()
                .get("executionId").asText();
        String step = "step_fix_" + id.substring("exec_".length());
        String resolution = "{\"executionId\":\"" + id + "\",\"stepId\":\"" + step
                            + "\",\"responseId\":\"%s\",\"resolution\":\"%s\",\"actorId\":\"user_1\"}";

        Answer first = api().post("workflow/steps/recordAgentResolution", resolution.formatted("r1", "resolved"));
        Answer replay = api().post("workflow/steps/recordAgentResolution", resolution.formatted("r1", "resolved"));
        Answer bad = api().post("workflow/steps/recordAgentResolution", resolution.formatted("r2", "maybe"));
        Answer rejected = api().post("workflow/steps/recordAgentResolution", resolution.formatted("r2", "rejected"));

        assertThat(first.result().get("recorded").asBoolean()).isTrue();
        assertThat(first.result().get("aggregatorStatus").asText()).isEqualTo("pending");
        assertThat(replay.result().get("recorded").asBoolean()).isFalse();
        assertThat(bad.errorStatus()).isEqualTo("INVALID_ARGUMENT");
        assertThat(rejected.result().get("aggregatorStatus").asText()).isEqualTo("rejected");
        assertThat(api().post("workflow/executions/get", "{\"executionId\":\"" + id + "\"}").result().get("status")
                .asText()).isEqualTo("failed");
    }

    @Test
    void decisionsOnADecidedStepCanBeRefusedAsVeltDocumentsIt() throws Exception {
        velt.simulator().decidedStepsRefuseDecisions(true);
        String id = api().post("workflow/executions/dispatch", "{\"definitionId\":\"copy\"}").result().get("executionId")
                .asText();
        String decision = "{\"executionId\":\"" + id + "\",\"stepId\":\"step_human-approval_" + id.substring(5)
                          + "\",\"reviewerId\":\"reviewer_legal\",\"decision\":\"approve\"}";

        Answer first = api().post("workflow/steps/recordReviewerDecision", decision);
        Answer replay = api().post("workflow/steps/recordReviewerDecision", decision);

        assertThat(first.result().get("aggregatorStatus").asText()).isEqualTo("resolved");
        assertThat(replay.errorStatus()).isEqualTo("FAILED_PRECONDITION");
    }
}
