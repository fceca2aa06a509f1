package dev.velt.camel.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.velt.camel.component.support.VeltTestSupport;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static dev.velt.camel.component.support.Payloads.json;
import static dev.velt.camel.component.support.Payloads.payloadJson;
import static dev.velt.camel.component.support.Payloads.withoutNulls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Producers: the body's Jackson serialization has the API's own field names, so a Java DSL route's
 * {@code marshal().json()} gives back the API's JSON, fields the model does not know included (payloads with unknown
 * fields at several levels). Trees are compared with {@link com.fasterxml.jackson.databind.JsonNode#equals}, after
 * removing explicit nulls from both sides: the model writes {@code NON_NULL}, so a field the API sent as {@code null}
 * is
 * left out when written back, which carries the same information.
 */
class VeltJsonRoundTripTest extends VeltTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {

            @Override
            public void configure() {
                from("direct:getExecution")
                        .to("velt:getExecution?executionId=exec_1777500000000_f4g5h6j7")
                        .marshal().json();
                from("direct:getEvents")
                        .to("velt:getEvents?executionId=exec_1777500000000_f4g5h6j7")
                        .marshal().json();
                from("direct:getAgentExecution")
                        .to("velt:getAgentExecution?includeResults=true&executionId=exec_1786000000000_abc123def456")
                        .marshal().json();
                from("direct:listAgentExecutions")
                        .to("velt:listAgentExecutions?agentId=" + AGENT_ID)
                        .marshal().json();
            }
        };
    }

    private JsonNode roundTrip(String route) {
        return json(template.requestBody("direct:" + route, null, String.class));
    }

    @Test
    void executionViewKeepsUnknownFields() {
        stubOk(GET_EXECUTION, "workflow-executions-get-unknown-fields.json");
        JsonNode sent = payloadJson("workflow-executions-get-unknown-fields.json").get("result");

        JsonNode written = roundTrip("getExecution");

        assertEquals(withoutNulls(sent), withoutNulls(written));
        // unknown at the top, in a nested known object and in a list item
        assertEquals("eu-west-1", written.get("region").asText());
        assertEquals(3, written.path("failureReason").path("attempts").asInt());
        assertEquals("owner", written.path("steps").path(0).path("assignees").path(0).path("role").asText());
    }

    @Test
    void pagePayloadRoundTripsToo() {
        stubOk(GET_EXECUTION, "workflow-executions-get.json");

        JsonNode written = roundTrip("getExecution");

        assertEquals(withoutNulls(payloadJson("workflow-executions-get.json").get("result")), withoutNulls(written));
    }

    @Test
    void eventsKeepUnknownFields() {
        stubOk(GET_EVENTS, "workflow-executions-getEvents-unknown-fields.json");
        // the body is the list of events; the page's own fields travel as headers
        JsonNode sent = payloadJson("workflow-executions-getEvents-unknown-fields.json").get("result").get("events");

        JsonNode written = roundTrip("getEvents");

        assertTrue(written.isArray());
        assertEquals(withoutNulls(sent), withoutNulls(written));
        assertEquals("scheduler", written.path(0).path("actor").path("id").asText());
    }

    @Test
    void agentExecutionWithResultsKeepsUnknownFieldsAndTheAgentResultNesting() {
        stubOk(AGENT_GET, "agents-execution-get-unknown-fields.json");
        JsonNode data = payloadJson("agents-execution-get-unknown-fields.json").get("result").get("data");
        // the body is the execution with its results at the top level (see the component page, Producers)
        ObjectNode expected = data.get("execution").deepCopy();
        expected.set("results", data.get("results"));

        JsonNode written = roundTrip("getAgentExecution");

        assertEquals(withoutNulls(expected), withoutNulls(written));
        assertEquals("trc_5d41402abc4b2a76", written.path("error").path("traceId").asText());
        assertEquals(1, written.path("resultsSummary").path("severityCounts").path("critical").asInt());
        assertEquals("claude/claude-sonnet-4-6", written.path("results").path(0).path("agentResult").path("model").asText());
        assertEquals(640, written.path("results").path(0).path("agentResult").path("findings").path(0)
                .path("boundingBox").path("width").asInt());
        // the API's name for it, not the Java property's
        assertTrue(written.path("results").path(0).path("agentResult").path("findings").path(0).has("isPageLevel"));
        assertTrue(written.path("results").path(1).path("agentResult").path("findings").path(0).has("isPageLevel"));
    }

    @Test
    void agentExecutionOfPage004RoundTrips() {
        stubOk(AGENT_GET, "agents-execution-get-with-results.json");
        JsonNode data = payloadJson("agents-execution-get-with-results.json").get("result").get("data");
        ObjectNode expected = data.get("execution").deepCopy();
        expected.set("results", data.get("results"));

        assertEquals(withoutNulls(expected), withoutNulls(roundTrip("getAgentExecution")));
    }

    @Test
    void listedAgentExecutionsRoundTripInEitherEnvelope() {
        stubOk(AGENT_LIST, "agents-execution-list-legacy.json");
        assertEquals(withoutNulls(payloadJson("agents-execution-list-legacy.json").get("result").get("items")),
                withoutNulls(roundTrip("listAgentExecutions")));

        stubOk(AGENT_LIST, "agents-execution-list-current-last.json");
        assertEquals(withoutNulls(payloadJson("agents-execution-list-current-last.json").at("/result/data/executions")),
                withoutNulls(roundTrip("listAgentExecutions")));
    }
}
