package dev.velt.camel.component;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.velt.camel.component.support.Payloads;
import dev.velt.camel.component.support.SimulatorProducerTestSupport;
import dev.velt.camel.model.DefinitionView;
import dev.velt.camel.model.ExecutionView;
import dev.velt.camel.test.SimRequest;
import dev.velt.camel.test.WorkflowDefinition;
import dev.velt.camel.test.WorkflowDefinition.AgentNode;
import dev.velt.camel.test.WorkflowDefinition.HumanNode;
import dev.velt.camel.test.WorkflowDefinition.Reviewer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ResolveEndpointFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code listExecutions}, {@code countAgentExecutions}, {@code getDefinition} and {@code listDefinitions} against the
 * simulator: the requests they send, the bodies and headers they return, page tokens as Strings sent back in Velt's
 * own type, and validation with no request sent.
 */
class VeltListingOperationsTest extends SimulatorProducerTestSupport {

    static final String LIST = "workflow/executions/list";
    static final String COUNT = "agents/execution/count";
    static final String GET_DEFINITION = "workflow/definitions/get";
    static final String LIST_DEFINITIONS = "workflow/definitions/list";

    @Test
    void listExecutionsPagesWithStringTokensAndFetchesAllPages() {
        List.of("exec_l_1", "exec_l_2", "exec_l_3").forEach(id -> simulator().addExecution(id, "def_listed"));
        simulator().addExecution("exec_l_other", "def_other");

        Exchange first = send("velt:listExecutions?definitionId=def_listed&pageSize=2");
        Message page1 = first.getMessage();
        assertThat(first.getException()).isNull();
        assertThat(page1.getBody(List.class)).hasSize(2).allSatisfy(item -> {
            ExecutionView execution = (ExecutionView) item;
            assertThat(execution.getDefinitionId()).isEqualTo("def_listed");
            assertThat(execution.getSteps()).isEmpty();
        });
        String token = page1.getHeader(VeltConstants.NEXT_PAGE_TOKEN, String.class);
        assertThat(page1.getHeader(VeltConstants.NEXT_PAGE_TOKEN)).isInstanceOf(String.class);
        assertThat(page1.getHeader(VeltConstants.HAS_MORE)).isEqualTo(true);

        Exchange second = send("velt:listExecutions?definitionId=def_listed&pageSize=2",
                Map.of(VeltConstants.PAGE_TOKEN, token));
        assertThat(second.getMessage().getBody(List.class)).hasSize(1);
        assertThat(second.getMessage().getHeaders()).doesNotContainKey(VeltConstants.NEXT_PAGE_TOKEN);
        assertThat(second.getMessage().getHeader(VeltConstants.HAS_MORE)).isEqualTo(false);

        Exchange all = send("velt:listExecutions?definitionId=def_listed&status=running&pageSize=2&fetchAllPages=true");
        List<?> items = all.getMessage().getBody(List.class);
        assertThat(items).extracting(item -> ((ExecutionView) item).getExecutionId())
                .containsExactlyInAnyOrder("exec_l_1", "exec_l_2", "exec_l_3");

        List<SimRequest> sent = requests(LIST);
        assertThat(sent).hasSize(4);
        assertThat(sent.get(0).data()).isEqualTo(json("{\"definitionId\": \"def_listed\", \"pageSize\": 2}"));
        assertThat(sent.get(1).data()).isEqualTo(json("{\"definitionId\": \"def_listed\", \"pageSize\": 2, \"cursor\": \""
                                                      + token + "\"}"));
        assertThat(sent.get(2).data()).isEqualTo(json("{\"definitionId\": \"def_listed\", \"status\": \"running\","
                                                      + " \"pageSize\": 2}"));
        assertThat(sent.get(3).data().get("cursor").isTextual()).isTrue();
    }

    @Test
    void countAgentExecutionsCountsPerAgentAndKeepsAFailedCount() {
        long now = simulator().tick();
        simulator().addAgentRun("exec_c_1", "counted-a", now, now, "passed", List.of());
        simulator().addAgentRun("exec_c_2", "counted-a", now, now, "failed", List.of());
        simulator().addAgentRun("exec_c_3", "counted-b", now, now, "passed", List.of());
        simulator().failAgentCount("counted-b");

        Exchange perAgent = send("velt:countAgentExecutions?agentIds=counted-a, counted-b,ghost");
        Exchange passed = send("velt:countAgentExecutions?agentIds=counted-a&status=passed");
        Exchange total = send("velt:countAgentExecutions");

        assertThat(perAgent.getException()).isNull();
        assertThat(perAgent.getMessage().getBody()).isEqualTo(Map.of("counted-a", 2L, "counted-b", -1L, "ghost", 0L));
        assertThat(passed.getMessage().getBody()).isEqualTo(Map.of("counted-a", 1L));
        assertThat(total.getMessage().getBody()).isEqualTo((long) simulator().agentRuns().size());
        List<SimRequest> sent = requests(COUNT);
        assertThat(sent).extracting(SimRequest::data).containsExactly(
                json("{\"agentIds\": [\"counted-a\", \"counted-b\", \"ghost\"]}"),
                json("{\"agentIds\": [\"counted-a\"], \"status\": \"passed\"}"),
                json("{}"));
    }

    @Test
    void badListAndCountOptionsAreRefusedBeforeAnyRequest() {
        String tooMany = IntStream.range(0, 201).mapToObj(i -> "agent" + i).collect(Collectors.joining(","));
        assertRefused("velt:countAgentExecutions?agentIds=" + tooMany, "agentIds");
        assertRefused("velt:countAgentExecutions?agentIds=,", "agentIds");
        assertRefused("velt:countAgentExecutions?status=done", "status");
        assertRefused("velt:listExecutions?status=waiting", "status");
        assertRefused("velt:listExecutions?pageSize=501", "pageSize");
        assertRefused("velt:listDefinitions?pageSize=0", "pageSize");

        Exchange noDefinition = send("velt:getDefinition");
        assertThat(assertInstanceOf(IllegalArgumentException.class, noDefinition.getException()))
                .hasMessageContaining("definitionId").hasMessageContaining(VeltConstants.DEFINITION_ID);
        assertThat(simulator().requests().count()).isZero();
    }

    private void assertRefused(String uri, String option) {
        ResolveEndpointFailedException failure = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint(uri));
        assertThat(failure.getCause()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(option);
    }

    @Test
    void getDefinitionReturnsTheTypedDefinitionAndNotFoundTyped() {
        simulator().define(new WorkflowDefinition("def_typed", 3, List.of(new AgentNode("agent-brand", "brand-checker"),
                new HumanNode("human-approval", List.of(new Reviewer("reviewer_legal", true))))));

        Exchange exchange = send("velt:getDefinition?definitionId=def_old", Map.of(VeltConstants.DEFINITION_ID, "def_typed"));
        Exchange missing = send("velt:getDefinition?definitionId=def_missing");

        assertThat(exchange.getException()).isNull();
        DefinitionView definition = exchange.getMessage().getBody(DefinitionView.class);
        assertThat(definition.getDefinitionId()).isEqualTo("def_typed");
        assertThat(definition.getVersion()).isEqualTo(3);
        assertThat(definition.getStatus()).isEqualTo("active");
        assertThat(definition.getNodes()).extracting(node -> node.getNodeId() + ":" + node.getType())
                .containsExactly("agent-brand:agent", "human-approval:human");
        assertThat(definition.getNodes().get(0).getConfig()).containsEntry("agentId", "brand-checker");
        assertThat(definition.getEdges()).singleElement().satisfies(edge -> {
            assertThat(edge.getFrom()).isEqualTo("agent-brand");
            assertThat(edge.getTo()).isEqualTo("human-approval");
        });
        assertThat(definition.getAdditionalProperties()).containsKeys("compiled", "groups", "triggers");
        assertThat(exchange.getMessage().getHeader(VeltConstants.DEFINITION_ID)).isEqualTo("def_typed");
        assertThat(definition).hasToString(
                "DefinitionView{definitionId=def_typed, name='Definition def_typed', version=3, status=active, nodes=2,"
                                           + " edges=1}");

        VeltOperationException failure = assertInstanceOf(VeltOperationException.class, missing.getException());
        assertThat(failure.getStatus()).isEqualTo("NOT_FOUND");
        assertThat(failure.getOperation()).isEqualTo("getDefinition");
        assertThat(requests(GET_DEFINITION)).extracting(SimRequest::data).containsExactly(
                json("{\"definitionId\": \"def_typed\"}"), json("{\"definitionId\": \"def_missing\"}"));
    }

    @Test
    void aDefinitionKeepsFieldsTheModelDoesNotKnowAndMarshalsBackToVeltsJson() {
        simulator().cannedAnswer(GET_DEFINITION, data -> "def_brand_review".equals(data.path("definitionId").asText()),
                200, Payloads.payload("workflow-definitions-get.json"));

        Exchange exchange = template.send("direct:marshal", e -> e.getMessage().setHeader(VeltConstants.DEFINITION_ID,
                "def_brand_review"));

        assertThat(exchange.getException()).isNull();
        JsonNode written = Payloads.json(exchange.getMessage().getBody(String.class));
        // nulls are left out of the typed fields, as for every model type; a map (scope) keeps them as sent
        ObjectNode expected = (ObjectNode) Payloads.withoutNulls(Payloads.payloadJson("workflow-definitions-get.json")
                .get("result"));
        ((ObjectNode) expected.get("scope")).putNull("documentId");
        assertThat(written).isEqualTo(expected);
        assertThat(written.get("revisionNote").asText()).isEqualTo("a field this model does not know");
        assertThat(written.at("/nodes/1/retryPolicy/maxAttempts").asInt()).isEqualTo(2);
    }

    @Test
    void listDefinitionsPagesNewestFirstAndSendsTheCursorBackAsANumber() {
        for (String id : List.of("def_page_1", "def_page_2", "def_page_3")) {
            simulator().define(new WorkflowDefinition(id, 1, List.of(new AgentNode("agent", "brand-checker"))));
        }

        Exchange first = send("velt:listDefinitions?pageSize=2");
        String token = first.getMessage().getHeader(VeltConstants.NEXT_PAGE_TOKEN, String.class);
        Exchange second = send("velt:listDefinitions?pageSize=2", Map.of(VeltConstants.PAGE_TOKEN, token));
        Exchange all = send("velt:listDefinitions?pageSize=1&fetchAllPages=true");

        assertThat(first.getMessage().getBody(List.class)).extracting(d -> ((DefinitionView) d).getDefinitionId())
                .containsExactly("def_page_3", "def_page_2");
        assertThat(first.getMessage().getHeader(VeltConstants.NEXT_PAGE_TOKEN)).isInstanceOf(String.class);
        assertThat(first.getMessage().getHeader(VeltConstants.HAS_MORE)).isEqualTo(true);
        assertThat(second.getMessage().getBody(List.class)).extracting(d -> ((DefinitionView) d).getDefinitionId())
                .startsWith("def_page_1");
        List<?> everything = all.getMessage().getBody(List.class);
        assertThat(everything).extracting(d -> ((DefinitionView) d).getDefinitionId())
                .contains("def_page_1", "def_page_2", "def_page_3");
        assertThat(all.getMessage().getHeaders()).doesNotContainKey(VeltConstants.NEXT_PAGE_TOKEN);
        assertThat(all.getMessage().getHeader(VeltConstants.HAS_MORE)).isEqualTo(false);

        List<SimRequest> sent = requests(LIST_DEFINITIONS);
        assertThat(sent.get(0).data()).isEqualTo(json("{\"pageSize\": 2}"));
        assertThat(sent.get(1).data()).isEqualTo(json("{\"pageSize\": 2, \"cursor\": " + token + "}"));
        assertThat(sent.get(1).data().get("cursor").isIntegralNumber()).isTrue();
        assertThat(sent).hasSize(2 + everything.size());
    }

    @ParameterizedTest
    @CsvSource({
            "velt:listExecutions?definitionId=def_retry, workflow/executions/list",
            "velt:countAgentExecutions?agentIds=agent_retry, agents/execution/count",
            "velt:getDefinition?definitionId=def_retry, workflow/definitions/get",
            "velt:listDefinitions, workflow/definitions/list"})
    void aReadIsRetriedAfterA503(String uri, String path) {
        simulator().define(new WorkflowDefinition("def_retry", 1, List.of(new AgentNode("agent", "brand-checker"))));
        simulator().faults().next(path, dev.velt.camel.test.Fault.UNAVAILABLE);
        simulator().requests().clear();

        Exchange exchange = send(uri);

        assertThat(exchange.getException()).isNull();
        assertThat(requests(path)).hasSize(2);
        assertThat(requests(path).get(0).fault()).isEqualTo(dev.velt.camel.test.Fault.UNAVAILABLE);
        assertThat(requests(path).get(1).data()).isEqualTo(requests(path).get(0).data());
    }

    @Override
    protected org.apache.camel.builder.RouteBuilder createRouteBuilder() {
        return new org.apache.camel.builder.RouteBuilder() {

            @Override
            public void configure() {
                from("direct:marshal").to("velt:getDefinition").marshal().json();
            }
        };
    }
}
