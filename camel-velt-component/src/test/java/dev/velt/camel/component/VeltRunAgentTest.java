package dev.velt.camel.component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.component.support.SimulatorProducerTestSupport;
import dev.velt.camel.model.AgentRunStarted;
import dev.velt.camel.test.Fault;
import dev.velt.camel.test.SimAgentRun;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code velt:runAgent} against the simulator: the request it sends (exactly the fields set, the body as
 * {@code userContext}), the run id it returns, local validation with no request sent, and the send-once rule: a 503 or
 * a connection reset after the request is not retried, ALREADY_EXISTS and RESOURCE_EXHAUSTED come back typed.
 */
class VeltRunAgentTest extends SimulatorProducerTestSupport {

    static final String RUN = "agents/execution/run";
    static final String URI = "velt:runAgent?agentId=brand-checker&organizationId=org_acme&documentId=doc_home";

    /** A POJO user context, written by Jackson like any bean. */
    public record Audience(String market, List<String> languages) {
    }

    @Test
    void runAgentSendsEveryOptionAndTheBodyAsUserContext() {
        Map<String, Object> userContext = new LinkedHashMap<>();
        userContext.put("brandName", "ACME");
        userContext.put("tone", "friendly");

        Exchange exchange = send(URI + "&url=https://www.acme.example/&crossPageExecute=true&maxUrlsToProcess=10"
                                 + "&deviceType=mobile&annotationVisibility=public",
                userContext, Map.of());

        assertThat(exchange.getException()).isNull();
        assertThat(onlyRequest(RUN)).isEqualTo(json("""
                {"agentId": "brand-checker", "url": "https://www.acme.example/", "organizationId": "org_acme",
                 "documentId": "doc_home", "crossPageExecute": true, "maxUrlsToProcess": 10, "deviceType": "mobile",
                 "annotationVisibility": "public", "userContext": {"brandName": "ACME", "tone": "friendly"}}"""));
        assertThat(simulator().requests().count()).isEqualTo(1);
        SimAgentRun run = simulator().agentRuns().get(simulator().agentRuns().size() - 1);
        AgentRunStarted started = exchange.getMessage().getBody(AgentRunStarted.class);
        assertThat(started.getExecutionId()).isEqualTo(run.id()).startsWith("exec_");
        assertThat(exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID)).isEqualTo(run.id());
        assertThat(run.documentId()).isEqualTo("doc_home");
        assertThat(started).hasToString("AgentRunStarted{executionId=" + run.id() + "}");
    }

    @Test
    void onlyTheRequiredFieldsWhenNothingElseIsSetAndTheUrlHeaderOverridesTheOption() {
        Exchange exchange = send(URI + "&url=https://www.acme.example/old", null,
                Map.of(VeltConstants.URL, "https://www.acme.example/pricing"));

        assertThat(exchange.getException()).isNull();
        assertThat(onlyRequest(RUN)).isEqualTo(json("""
                {"agentId": "brand-checker", "url": "https://www.acme.example/pricing", "organizationId": "org_acme",
                 "documentId": "doc_home"}"""));
    }

    @Test
    void aPojoOrJsonTextBodyIsTheUserContext() {
        send(URI + "&url=https://www.acme.example/a", new Audience("DE", List.of("de", "en")), Map.of());
        send(URI.replace("doc_home", "doc_other") + "&url=https://www.acme.example/b", "{\"market\": \"FR\"}", Map.of());

        List<dev.velt.camel.test.SimRequest> sent = requests(RUN);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).data().get("userContext"))
                .isEqualTo(json("{\"market\": \"DE\", \"languages\": [\"de\", \"en\"]}"));
        assertThat(sent.get(1).data().get("userContext")).isEqualTo(json("{\"market\": \"FR\"}"));
    }

    @Test
    void missingOrBadOptionsAreRefusedBeforeAnyRequest() {
        assertRefused("velt:runAgent?organizationId=org_acme&documentId=doc_home", "agentId");
        assertRefused("velt:runAgent?agentId=a&documentId=doc_home", "organizationId");
        assertRefused("velt:runAgent?agentId=a&organizationId=org_acme", "documentId");
        assertRefused(URI + "&deviceType=tablet", "deviceType");
        assertRefused(URI + "&annotationVisibility=team", "annotationVisibility");
        assertRefused(URI + "&maxUrlsToProcess=0", "maxUrlsToProcess");
        assertRefused(URI + "&url=ftp://acme.example/", "url");
        assertRefused(URI + "&awaitInterval=0", "awaitInterval");

        Exchange noUrl = send(URI);
        assertThat(assertInstanceOf(IllegalArgumentException.class, noUrl.getException())).hasMessageContaining("url")
                .hasMessageContaining(VeltConstants.URL);
        Exchange badUrl = send(URI, Map.of(VeltConstants.URL, "not a url"));
        assertThat(assertInstanceOf(IllegalArgumentException.class, badUrl.getException()))
                .hasMessageContaining("url (header " + VeltConstants.URL + ")");
        assertThat(simulator().requests().count()).isZero();
    }

    private void assertRefused(String uri, String option) {
        ResolveEndpointFailedException failure = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint(uri));
        assertThat(failure.getCause()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(option);
    }

    @Test
    void a503IsNotRetriedSinceTheRequestReachedVelt() {
        simulator().faults().next(RUN, Fault.UNAVAILABLE);

        Exchange exchange = send(URI + "&url=https://www.acme.example/");

        VeltApiException failure = assertInstanceOf(VeltOperationException.class, exchange.getException());
        assertThat(failure.getStatus()).isEqualTo("UNAVAILABLE");
        assertThat(failure.getOperation()).isEqualTo("runAgent");
        assertThat(failure.getAttempts()).isEqualTo(1);
        assertThat(requests(RUN)).hasSize(1);
    }

    @Test
    void aConnectionResetAfterTheRequestIsNotRetriedAndTheRunExists() {
        simulator().faults().next(RUN, Fault.RESET_AFTER_PROCESSING);

        Exchange exchange = send(URI + "&url=https://www.acme.example/");

        VeltApiException failure = assertInstanceOf(VeltOperationException.class, exchange.getException());
        assertThat(failure.isRetryable()).isTrue();
        assertThat(requests(RUN)).hasSize(1);
        assertThat(simulator().agentRuns()).filteredOn(run -> "doc_home".equals(run.documentId())).hasSize(1);
    }

    @Test
    void aRunInProgressComesBackTypedWithItsId() {
        Exchange first = send(URI + "&url=https://www.acme.example/");
        String running = first.getMessage().getHeader(VeltConstants.EXECUTION_ID, String.class);

        Exchange second = send(URI + "&url=https://www.acme.example/");

        VeltAgentAlreadyRunningException failure = assertInstanceOf(VeltAgentAlreadyRunningException.class,
                second.getException());
        assertThat(failure.getStatus()).isEqualTo("ALREADY_EXISTS");
        assertThat(failure.getHttpStatusCode()).isEqualTo(409);
        assertThat(failure.getRunningExecutionId()).isEqualTo(running);
        assertThat(failure.isRetryable()).isFalse();
        assertThat(requests(RUN)).hasSize(2);
    }

    @Test
    void spentAiCreditsComeBackTypedNotRetriedAndSaySo() {
        simulator().aiCreditsExhausted(true);

        Exchange exchange = send(URI + "&url=https://www.acme.example/");

        VeltAiCreditsExhaustedException failure = assertInstanceOf(VeltAiCreditsExhaustedException.class,
                exchange.getException());
        assertThat(failure.getStatus()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains("AI credits are spent");
        assertThat(failure.getOperation()).isEqualTo("runAgent");
        assertThat(requests(RUN)).hasSize(1);
    }

    @Test
    void aRequestThatCouldNotBeSentIsRetried() throws Exception {
        String closed = "http://127.0.0.1:" + freePort();
        VeltEndpoint endpoint = context.getEndpoint(URI + "&url=https://www.acme.example/&maxRetries=2&baseUrl=" + closed,
                VeltEndpoint.class);

        Exchange exchange = template.send(endpoint, e -> {
        });

        VeltApiException failure = assertInstanceOf(VeltOperationException.class, exchange.getException());
        assertThat(failure.getStatus()).isEqualTo("UNAVAILABLE");
        assertThat(failure.getAttempts()).isEqualTo(3);
        assertThat(endpoint.getVeltRetries()).isEqualTo(2);
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
