package dev.velt.camel.component;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.velt.camel.component.support.SimulatorProducerTestSupport;
import dev.velt.camel.model.AgentExecution;
import dev.velt.camel.model.AgentFinding;
import dev.velt.camel.test.SimRequest;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * {@code awaitCompletion=true} on {@code runAgent} and {@code getAgentExecution} against the simulator, whose clock
 * moves one tick per request: a run that finishes after a known number of reads, a run already finished, a timeout and
 * a run that Velt says is gone.
 */
class VeltAwaitCompletionTest extends SimulatorProducerTestSupport {

    static final String GET = "agents/execution/get";
    static final String RUN_URI = VeltRunAgentTest.URI + "&url=https://www.acme.example/&awaitCompletion=true"
                                  + "&awaitInterval=20ms&awaitTimeout=30s";

    @Test
    void runAgentReturnsTheFinishedRunWithItsFindingsAfterItsReads() {
        simulator().agentRunOutcome(4, "failed", List.of(
                dev.velt.camel.test.VeltSimulator.brandFinding("finding-1", "critical", "Logo uses the retired colour"),
                dev.velt.camel.test.VeltSimulator.brandFinding("finding-2", "low", "Tagline case")));

        Exchange exchange = send(RUN_URI + "&includeResults=true", Map.of("brandName", "ACME"), Map.of());

        assertThat(exchange.getException()).isNull();
        AgentExecution run = exchange.getMessage().getBody(AgentExecution.class);
        String runId = simulator().agentRuns().get(simulator().agentRuns().size() - 1).id();
        assertThat(run.getId()).isEqualTo(runId);
        assertThat(run.getStatus()).isEqualTo("failed");
        assertThat(run.getResults()).hasSize(1);
        assertThat(run.getResults().get(0).getAllFindings()).extracting(AgentFinding::getSeverity)
                .containsExactly("critical", "low");
        assertThat(exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID)).isEqualTo(runId);
        assertThat(exchange.getMessage().getHeader(VeltConstants.EXECUTION_STATUS)).isEqualTo("failed");
        // the run request carries none of the component's own options
        assertThat(onlyRequest(VeltRunAgentTest.RUN)).isEqualTo(json("""
                {"agentId": "brand-checker", "url": "https://www.acme.example/", "organizationId": "org_acme",
                 "documentId": "doc_home", "userContext": {"brandName": "ACME"}}"""));
        // the run started at the run request's tick and lasts 4 ticks, one tick per request: the 4th read sees it end
        List<SimRequest> reads = requests(GET);
        assertThat(reads).hasSize(4).allSatisfy(read -> assertThat(read.data())
                .isEqualTo(json("{\"executionId\": \"" + runId + "\", \"includeResults\": true}")));
        assertThat(simulator().requests().count()).isEqualTo(5);
    }

    @Test
    void withoutAwaitCompletionRunAgentReturnsTheRunIdAtOnce() {
        Exchange exchange = send(VeltRunAgentTest.URI + "&url=https://www.acme.example/");

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody()).isInstanceOf(dev.velt.camel.model.AgentRunStarted.class);
        assertThat(requests(GET)).isEmpty();
    }

    @Test
    void getAgentExecutionAwaitsARunningRunAndReturnsAFinishedOneAtOnce() {
        simulator().addAgentRun("exec_1_await_get", "brand-checker", simulator().tick(), simulator().tick() + 3,
                "passed", List.of());

        Exchange exchange = send("velt:getAgentExecution?awaitCompletion=true&awaitInterval=20ms",
                Map.of(VeltConstants.EXECUTION_ID, "exec_1_await_get"));
        Exchange again = send("velt:getAgentExecution?awaitCompletion=true&awaitInterval=20ms",
                Map.of(VeltConstants.EXECUTION_ID, "exec_1_await_get"));

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody(AgentExecution.class).getStatus()).isEqualTo("passed");
        assertThat(again.getMessage().getBody(AgentExecution.class).getStatus()).isEqualTo("passed");
        // three reads for the first exchange (ticks +1, +2, +3), one for the second
        assertThat(requests(GET)).hasSize(4).allSatisfy(read -> assertThat(read.data())
                .isEqualTo(json("{\"executionId\": \"exec_1_await_get\"}")));
    }

    @Test
    void aRunStillRunningAtAwaitTimeoutFailsTheExchangeNamingTheRun() {
        simulator().addAgentRun("exec_2_never_ends", "brand-checker");

        long start = System.nanoTime();
        Exchange exchange = send("velt:getAgentExecution?awaitCompletion=true&awaitInterval=50ms&awaitTimeout=300ms",
                Map.of(VeltConstants.EXECUTION_ID, "exec_2_never_ends"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        VeltAwaitTimeoutException failure = assertInstanceOf(VeltAwaitTimeoutException.class, exchange.getException());
        assertThat(failure.getExecutionId()).isEqualTo("exec_2_never_ends");
        assertThat(failure.getWaited()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(failure.getMessage()).contains("exec_2_never_ends").contains("awaitTimeout 300 ms");
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(requests(GET).size()).isBetween(4, 9);
    }

    @Test
    void aRunThatVeltSaysIsGoneFailsTheAwaitWithNotFound() throws Exception {
        simulator().addAgentRun("exec_3_goes_away", "brand-checker");
        var pending = template.asyncSend("velt:getAgentExecution?awaitCompletion=true&awaitInterval=20ms",
                e -> e.getMessage().setHeader(VeltConstants.EXECUTION_ID, "exec_3_goes_away"));
        await().atMost(Duration.ofSeconds(5)).until(() -> requests(GET).size() >= 2);

        simulator().removeAgentRun("exec_3_goes_away");
        Exchange exchange = pending.get();

        VeltOperationException failure = assertInstanceOf(VeltOperationException.class, exchange.getException());
        assertThat(failure.getStatus()).isEqualTo("NOT_FOUND");
        assertThat(failure.isNotFound()).isTrue();
        assertThat(failure.getOperation()).isEqualTo("getAgentExecution");
        assertThat(failure.getMessage()).contains("exec_3_goes_away");
    }
}
