package dev.velt.camel.test;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import dev.velt.camel.test.ApiClient.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fault plan, per path, scripted and by rate, over real HTTP. */
class FaultsTest {

    @RegisterExtension
    final VeltSimulatorExtension velt = new VeltSimulatorExtension(SimulatorOptions.defaults().tickMillis(0)
            .workflowExecutions(0).agentRuns(0));

    private ScriptedExecution execution() {
        return velt.simulator().addExecution("exec_f", "def_f")
                .event(1, "execution.dispatched").internal(2).event(4, "step.completed").event(5, "step.completed");
    }

    @Test
    void scriptedFaultsHitTheNextCallsOfTheirPathOnly() throws Exception {
        execution();
        ApiClient api = new ApiClient(velt.simulator());
        velt.simulator().faults().next("workflow/executions/getEvents", 2, Fault.RATE_LIMITED);

        Answer other = api.post("workflow/executions/get", "{\"executionId\":\"exec_f\"}");
        Answer first = api.post("workflow/executions/getEvents", "{\"executionId\":\"exec_f\"}");
        Answer second = api.post("workflow/executions/getEvents", "{\"executionId\":\"exec_f\"}");
        Answer third = api.post("workflow/executions/getEvents", "{\"executionId\":\"exec_f\"}");

        assertThat(other.status()).isEqualTo(200);
        assertThat(first.status()).isEqualTo(429);
        assertThat(first.errorStatus()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(second.status()).isEqualTo(429);
        assertThat(third.status()).isEqualTo(200);
        assertThat(third.result().get("events")).hasSize(3);
        assertThat(velt.simulator().faults().injected()).containsEntry(Fault.RATE_LIMITED, 2);
        assertThat(velt.simulator().requests().count("workflow/executions/getEvents")).isEqualTo(3);
        assertThat(velt.simulator().requests().to("/v2/workflow/executions/getEvents").get(0).fault())
                .isEqualTo(Fault.RATE_LIMITED);
    }

    @Test
    void errorsComeWithAndWithoutVeltsEnvelope() throws Exception {
        execution();
        ApiClient api = new ApiClient(velt.simulator());
        String path = "workflow/executions/get";
        String data = "{\"executionId\":\"exec_f\"}";
        velt.simulator().faults().next(path, Fault.INTERNAL_ERROR).next(path, Fault.SERVER_ERROR_PLAIN)
                .next(path, Fault.BAD_GATEWAY_HTML).next(path, Fault.UNAVAILABLE).next(path, Fault.MALFORMED_JSON)
                .next(path, Fault.TRUNCATED_JSON).next(path, Fault.EMPTY_BODY);

        Answer internal = api.post(path, data);
        Answer plain = api.post(path, data);
        Answer html = api.post(path, data);
        Answer unavailable = api.post(path, data);
        Answer malformed = api.post(path, data);
        Answer truncated = api.post(path, data);
        Answer empty = api.post(path, data);

        assertThat(internal.status()).isEqualTo(500);
        assertThat(internal.errorStatus()).isEqualTo("INTERNAL");
        assertThat(plain.status()).isEqualTo(500);
        assertThat(plain.json().isMissingNode()).isTrue();
        assertThat(html.status()).isEqualTo(502);
        assertThat(html.body()).contains("<html>");
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(malformed.status()).isEqualTo(200);
        assertThat(malformed.json().isMissingNode()).isTrue();
        assertThat(truncated.status()).isEqualTo(200);
        assertThat(truncated.body()).startsWith("{\"result\":{\"executionId\":\"exec_f\"");
        assertThat(truncated.json().isMissingNode()).isTrue();
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).isEmpty();
    }

    @Test
    void connectionsAreResetAndSlowAnswersArriveLate() throws Exception {
        execution();
        ApiClient api = new ApiClient(velt.simulator());
        velt.simulator().faults().slowAnswerMillis(3000).next(Faults.ANY_PATH, Fault.CONNECTION_RESET)
                .next(Faults.ANY_PATH, Fault.SLOW);

        assertThatThrownBy(() -> api.post("workflow/executions/get", "{\"executionId\":\"exec_f\"}"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> new ApiClient(velt.simulator(), Duration.ofMillis(500))
                .post("workflow/executions/get", "{\"executionId\":\"exec_f\"}"))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void pagesCanBeEmptyWithMoreOrHaveACursorThatDoesNotMove() throws Exception {
        execution();
        ApiClient api = new ApiClient(velt.simulator());
        String path = "workflow/executions/getEvents";
        velt.simulator().faults().next(path, Fault.EMPTY_PAGE_WITH_MORE).next(path, Fault.STUCK_CURSOR)
                .next("workflow/executions/list", Fault.STUCK_CURSOR);

        JsonAnswer empty = new JsonAnswer(api.post(path, "{\"executionId\":\"exec_f\",\"sinceSeq\":1}"));
        JsonAnswer stuck = new JsonAnswer(api.post(path, "{\"executionId\":\"exec_f\",\"sinceSeq\":1}"));
        Answer list = api.post("workflow/executions/list", "{}");
        Answer again = api.post("workflow/executions/list",
                "{\"cursor\":\"" + list.result().get("nextCursor").asText() + "\"}");

        assertThat(empty.events()).isZero();
        assertThat(empty.answer().result().get("hasMore").asBoolean()).isTrue();
        assertThat(empty.answer().result().get("nextCursor").asLong()).isEqualTo(1);
        assertThat(stuck.events()).isEqualTo(2);
        assertThat(stuck.answer().result().get("nextCursor").asLong()).isEqualTo(1);
        assertThat(list.result().get("items")).hasSize(1);
        assertThat(again.result().get("items").get(0).get("executionId").asText()).isEqualTo("exec_f");
    }

    private record JsonAnswer(Answer answer) {

        int events() {
            return answer.result().get("events").size();
        }
    }

    @Test
    void faultsByRateAreDrawnFromTheSeed() throws Exception {
        execution();
        ApiClient api = new ApiClient(velt.simulator());
        velt.simulator().faults().rate(Faults.ANY_PATH, 0.5, Fault.INTERNAL_ERROR, Fault.UNAVAILABLE);

        int failed = 0;
        for (int i = 0; i < 40; i++) {
            if (api.post("workflow/executions/get", "{\"executionId\":\"exec_f\"}").status() != 200) {
                failed++;
            }
        }

        assertThat(failed).isBetween(8, 32).isEqualTo(velt.simulator().faults().injectedTotal());
    }

    @Test
    void anOutageLastsUntilRestored() throws Exception {
        execution();
        ApiClient api = new ApiClient(velt.simulator());
        velt.simulator().faults().always("agents/execution/list", Fault.PERMISSION_DENIED);

        Answer during = api.post("agents/execution/list", "{\"agentId\":\"a\"}");
        velt.simulator().faults().restore("agents/execution/list");
        Answer after = api.post("agents/execution/list", "{\"agentId\":\"a\"}");

        assertThat(during.status()).isEqualTo(403);
        assertThat(after.status()).isEqualTo(200);
    }

    @Test
    void faultsComeInBurstsOrForTheRequestsThatMatch() throws Exception {
        execution();
        velt.simulator().addExecution("exec_bad", "def_f").event(1, "execution.dispatched");
        ApiClient api = new ApiClient(velt.simulator());
        String path = "workflow/executions/getEvents";
        velt.simulator().faults().when(path, data -> "exec_bad".equals(data.path("executionId").asText()),
                Fault.INTERNAL_ERROR);

        Answer bad = api.post(path, "{\"executionId\":\"exec_bad\"}");
        Answer good = api.post(path, "{\"executionId\":\"exec_f\"}");
        velt.simulator().faults().clear().bursts(Faults.ANY_PATH, 1, 3, 3, Fault.UNAVAILABLE);
        int[] statuses = new int[3];
        for (int i = 0; i < 3; i++) {
            statuses[i] = api.post(path, "{\"executionId\":\"exec_f\"}").status();
        }
        velt.simulator().faults().clear();
        Answer after = api.post(path, "{\"executionId\":\"exec_bad\"}");

        assertThat(bad.status()).isEqualTo(500);
        assertThat(good.status()).isEqualTo(200);
        assertThat(statuses).containsOnly(503);
        assertThat(after.status()).isEqualTo(200);
        assertThat(velt.simulator().faults().injected()).containsEntry(Fault.INTERNAL_ERROR, 1)
                .containsEntry(Fault.UNAVAILABLE, 3);
    }

    @Test
    void aBurstLastsItsLengthThenTheRateDecidesAgain() throws Exception {
        execution();
        ApiClient api = new ApiClient(velt.simulator());
        // every hit starts a burst of exactly 2; a low rate then leaves the rest alone
        velt.simulator().faults().bursts(Faults.ANY_PATH, 0.1, 2, 2, Fault.UNAVAILABLE);

        StringBuilder pattern = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            pattern.append(api.post("workflow/executions/get", "{\"executionId\":\"exec_f\"}").status() == 503 ? 'x' : '.');
        }

        assertThat(pattern.toString()).contains("xx").doesNotContain(".x.");
        assertThat(velt.simulator().faults().injectedTotal() % 2).as("whole bursts of 2 (ending at %s)", pattern).isZero();
    }
}
