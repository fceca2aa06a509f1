package dev.velt.camel.test;

import java.util.List;

import dev.velt.camel.test.ApiClient.Answer;
import dev.velt.camel.test.WorkflowDefinition.AgentNode;
import dev.velt.camel.test.WorkflowDefinition.BlockingAgentNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** dispatch, decisions, resolutions and cancel, played on the executions they start. */
class WriteOperationsTest {

    @RegisterExtension
    final VeltSimulatorExtension velt = new VeltSimulatorExtension(SimulatorOptions.defaults().tickMillis(0)
            .workflowExecutions(0).agentRuns(0));

    private ApiClient api() {
        return new ApiClient(velt.simulator());
    }

    private String dispatch(String key) throws Exception {
        Answer answer = api().post("workflow/executions/dispatch",
                "{\"definitionId\":\"copy-approval\",\"idempotencyKey\":\"" + key + "\",\"correlationId\":\"corr_1\"}");
        assertThat(answer.status()).isEqualTo(200);
        return answer.result().get("executionId").asText();
    }

    private List<String> eventTypes(String executionId) throws Exception {
        return api().post("workflow/executions/getEvents", "{\"executionId\":\"" + executionId + "\"}").result()
                .get("events").findValuesAsText("type");
    }

    private String waitingStep(String executionId) throws Exception {
        for (var step : api().post("workflow/executions/get", "{\"executionId\":\"" + executionId + "\"}").result()
                .get("steps")) {
            if (step.get("status").asText().equals("waiting")) {
                return step.get("stepId").asText();
            }
        }
        return null;
    }

    private Answer decide(String executionId, String stepId, String reviewer, String decision) throws Exception {
        return api().post("workflow/steps/recordReviewerDecision", "{\"executionId\":\"" + executionId
                                                                   + "\",\"stepId\":\"" + stepId + "\",\"reviewerId\":\""
                                                                   + reviewer + "\",\"decision\":\"" + decision + "\"}");
    }

    @Test
    void theSameIdempotencyKeyGivesTheSameExecution() throws Exception {
        Answer first = api().post("workflow/executions/dispatch",
                "{\"definitionId\":\"copy-approval\",\"idempotencyKey\":\"k-1\"}");
        Answer again = api().post("workflow/executions/dispatch",
                "{\"definitionId\":\"copy-approval\",\"idempotencyKey\":\"k-1\"}");
        Answer bad = api().post("workflow/executions/dispatch",
                "{\"definitionId\":\"copy-approval\",\"idempotencyKey\":\"no spaces\"}");

        assertThat(first.result().get("deduplicated").asBoolean()).isFalse();
        assertThat(again.result().get("deduplicated").asBoolean()).isTrue();
        assertThat(again.result().get("executionId")).isEqualTo(first.result().get("executionId"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorStatus()).isEqualTo("INVALID_ARGUMENT");
        assertThat(velt.simulator().executions()).hasSize(1);
    }

    @Test
    void aHumanStepWaitsUntilItsMandatoryReviewerApproves() throws Exception {
        String id = dispatch("k-approve");
        String step = waitingStep(id);
        assertThat(eventTypes(id)).containsExactly("execution.dispatched", "step.completed", "step.awaiting-approval");

        Answer optional = decide(id, step, "reviewer_brand", "approve");
        assertThat(optional.result().get("aggregatorStatus").asText()).isEqualTo("pending");
        assertThat(waitingStep(id)).isEqualTo(step);

        Answer mandatory = decide(id, step, "reviewer_legal", "approve");
        Answer replay = decide(id, step, "reviewer_legal", "approve");
        Answer late = decide(id, step, "reviewer_brand", "reject");

        assertThat(mandatory.result().get("recorded").asBoolean()).isTrue();
        assertThat(mandatory.result().get("aggregatorStatus").asText()).isEqualTo("resolved");
        assertThat(mandatory.result().get("resumeScheduled").asBoolean()).isTrue();
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.result().get("recorded").asBoolean()).isFalse();
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.errorStatus()).isEqualTo("FAILED_PRECONDITION");
        assertThat(eventTypes(id)).endsWith("step.awaiting-approval", "step.completed", "execution.completed");
        assertThat(api().post("workflow/executions/get", "{\"executionId\":\"" + id + "\"}").result().get("status")
                .asText()).isEqualTo("completed");
    }

    @Test
    void aRejectionFailsTheExecution() throws Exception {
        String id = dispatch("k-reject");

        decide(id, waitingStep(id), "reviewer_legal", "reject");

        assertThat(eventTypes(id)).endsWith("step.completed", "execution.failed");
        assertThat(api().post("workflow/executions/get", "{\"executionId\":\"" + id + "\"}").result()
                .at("/failureReason/code").asText()).isEqualTo("STEP_REJECTED");
    }

    @Test
    void cancelEndsTheExecutionOnceOnly() throws Exception {
        String id = dispatch("k-cancel");

        Answer cancel = api().post("workflow/executions/cancel", "{\"executionId\":\"" + id + "\",\"reason\":\"withdrawn\"}");
        Answer again = api().post("workflow/executions/cancel", "{\"executionId\":\"" + id + "\"}");

        assertThat(cancel.result().get("cancelled").asBoolean()).isTrue();
        assertThat(again.errorStatus()).isEqualTo("FAILED_PRECONDITION");
        assertThat(eventTypes(id)).endsWith("step.cancelled", "execution.cancelled");
    }

    @Test
    void aBlockingAgentStepWaitsForItsResolutions() throws Exception {
        velt.simulator().define(new WorkflowDefinition("fix-findings", 2, List.of(
                new BlockingAgentNode("agent-fix", "fixer", 2), new AgentNode("agent-publish", "publisher"))));
        String id = api().post("workflow/executions/dispatch", "{\"definitionId\":\"fix-findings\"}").result()
                .get("executionId").asText();
        String step = waitingStep(id);
        String resolution = "{\"executionId\":\"" + id + "\",\"stepId\":\"" + step
                            + "\",\"resolutionId\":\"%s\",\"output\":{}}";

        Answer first = api().post("workflow/steps/recordAgentResolution", resolution.formatted("r1"));
        Answer replay = api().post("workflow/steps/recordAgentResolution", resolution.formatted("r1"));
        assertThat(waitingStep(id)).isEqualTo(step);
        Answer second = api().post("workflow/steps/recordAgentResolution", resolution.formatted("r2"));

        assertThat(first.result().get("recorded").asBoolean()).isTrue();
        assertThat(replay.result().get("recorded").asBoolean()).isFalse();
        assertThat(second.result().get("aggregatorStatus").asText()).isEqualTo("resolved");
        assertThat(eventTypes(id)).containsExactly("execution.dispatched", "step.completed", "step.completed",
                "execution.completed");
    }

    @Test
    void aWriteLostOnTheWayBackIsAppliedAndARetryIsDeduplicated() throws Exception {
        velt.simulator().faults().next("workflow/executions/dispatch", Fault.RESET_AFTER_PROCESSING);
        assertThatThrownBy(() -> dispatch("k-lost")).isInstanceOf(java.io.IOException.class);

        Answer retry = api().post("workflow/executions/dispatch",
                "{\"definitionId\":\"copy-approval\",\"idempotencyKey\":\"k-lost\"}");

        assertThat(retry.result().get("deduplicated").asBoolean()).isTrue();
        assertThat(velt.simulator().executions()).hasSize(1);
    }

    @Test
    void writesOnAGeneratedExecutionAreRefused() throws Exception {
        velt.simulator().addExecution("exec_generated", "copy-approval").event(1, "execution.dispatched");

        Answer cancel = api().post("workflow/executions/cancel", "{\"executionId\":\"exec_generated\"}");
        Answer unknown = api().post("workflow/executions/cancel", "{\"executionId\":\"exec_nope\"}");

        assertThat(cancel.errorStatus()).isEqualTo("FAILED_PRECONDITION");
        assertThat(unknown.errorStatus()).isEqualTo("NOT_FOUND");
    }

    @Test
    void generatedExecutionsCanWaitForRealDecisions() throws Exception {
        try (VeltSimulator simulator = VeltSimulator.start(SimulatorOptions.defaults().tickMillis(0)
                .workflowExecutions(2).agentRuns(0).interactiveShare(1.0))) {
            simulator.advance(40);
            ApiClient api = new ApiClient(simulator);
            SimExecution execution = simulator.executions().get(0);
            String step = execution.events().get(execution.events().size() - 1).stepId();

            Answer decision = api.post("workflow/steps/recordReviewerDecision", "{\"executionId\":\""
                                                                                + execution.executionId() + "\",\"stepId\":\""
                                                                                + step
                                                                                + "\",\"reviewerId\":\"reviewer_legal\",\"decision\":\"approve\"}");

            assertThat(simulator.executions()).hasSize(2);
            assertThat(decision.result().get("aggregatorStatus").asText()).isEqualTo("resolved");
            assertThat(execution.finalStatus()).isEqualTo("completed");
            assertThat(simulator.executions().get(1).finalStatus()).isEqualTo("running");
        }
    }
}
