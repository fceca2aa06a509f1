package dev.velt.camel.model;

import java.io.File;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.velt.camel.component.support.Payloads.MAPPER;
import static dev.velt.camel.component.support.Payloads.payloadJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ${body}} in a log line reads as what the body is: ids, status or type and seq, never a secret and never the
 * whole payload; and no model type is left with Object's {@code Type@hash}.
 */
class VeltModelToStringTest {

    private static <T> T result(String payloadFile, Class<T> type) throws Exception {
        return MAPPER.treeToValue(payloadJson(payloadFile).get("result"), type);
    }

    @Test
    void anEventShowsItsSeqTypeAndIdsButNotItsData() throws Exception {
        WorkflowEvent event = result("workflow-executions-getEvents.json", EventsPage.class).getEvents().get(0);

        assertThat(event).hasToString("WorkflowEvent{seq=7, type=step.awaiting-approval, eventId=evt_01hzx7k3qf6m2n8p4r5t9w,"
                                      + " stepId=step_agent-draft_3f9a2c_lwofay__to__human-legal,"
                                      + " correlationId=corr_campaign_42}");
    }

    @Test
    void anEventsPageShowsItsExecutionAndCursorWithTheEventsCounted() throws Exception {
        EventsPage page = result("workflow-executions-getEvents.json", EventsPage.class);

        assertThat(page).hasToString(
                "EventsPage{executionId=exec_1777374504255_xzy43k9q, events=1, nextCursor=12, hasMore=false}");
    }

    @Test
    void anExecutionShowsItsIdStatusAndDefinitionButNotItsIdempotencyKeyOrSteps() throws Exception {
        ExecutionView execution = result("workflow-executions-get.json", ExecutionView.class);

        assertThat(execution.toString())
                .startsWith("ExecutionView{executionId=exec_1777374504255_xzy43k9q, status=completed,"
                            + " definitionId=marketing-copy-approval, correlationId=corr_campaign_42, steps=")
                .doesNotContain("campaign-42-dispatch")
                .doesNotContain("stepId");
        assertThat(execution.getSteps().get(0).toString())
                .isEqualTo("ExecutionStep{stepId=group_parallel-review__to__agent-publish, nodeType=agent, status=completed}");
    }

    @Test
    void anAgentRunShowsItsIdsStatusAndFindingCountButNotItsMetadataOrWhoRanIt() throws Exception {
        AgentExecutionEnvelope envelope = result("agents-execution-get-with-results.json", AgentExecutionEnvelope.class);
        AgentExecution run = envelope.getData().getExecution();
        run.setResults(envelope.getData().getResults());

        assertThat(run.toString())
                .isEqualTo("AgentExecution{id=exec_1711900000000_abc123def456, agentId=abc123def456, status=passed,"
                           + " totalFindings=7, results=1}")
                .doesNotContain("ak_xxx").doesNotContain("jane@example.com");
        assertThat(envelope.toString()).isEqualTo(
                "AgentExecutionEnvelope{status=success, data=Data{executionId=exec_1711900000000_abc123def456, results=1}}");
        AgentFinding finding = run.getAllFindings().get(0);
        assertThat(finding.toString()).startsWith("AgentFinding{id=").contains("severity=")
                .contains("title='Heading uses wrong font'").doesNotContain(String.valueOf(finding.getDescription()));
    }

    @Test
    void longFreeTextIsCutShort() {
        AgentFinding finding = new AgentFinding();
        finding.setId("finding-1");
        finding.setTitle("x".repeat(500));

        assertThat(finding.toString()).hasSizeLessThan(120).contains("...'");
    }

    @Test
    void payloadMapsNeverAppear() {
        WorkflowEvent event = new WorkflowEvent();
        event.setSeq(3);
        event.setType("step.completed");
        event.setData(Map.of("token", "tok_in_the_payload"));
        event.setAdditionalProperty("unknownField", "sent_by_a_newer_api");

        assertThat(event).hasToString("WorkflowEvent{seq=3, type=step.completed}");
    }

    @Test
    void everyModelClassHasItsOwnReadableToString() throws Exception {
        List<Class<?>> classes = modelClasses();
        assertThat(classes).as("model classes found on the classpath").hasSizeGreaterThan(10);

        for (Class<?> type : classes) {
            assertThat(type.getMethod("toString").getDeclaringClass())
                    .as("%s declares toString() (ids, status or type and seq; no secrets, no payload)", type.getName())
                    .isEqualTo(type);
            if (VeltObject.class.isAssignableFrom(type)) {
                Object empty = type.getConstructor().newInstance();
                assertThat(empty.toString()).as(type.getName()).startsWith(type.getSimpleName() + "{").doesNotContain("@");
            }
        }
    }

    /** The public, concrete classes of dev.velt.camel.model (records and enums bring their own toString). */
    private static List<Class<?>> modelClasses() throws URISyntaxException, ClassNotFoundException {
        String pkg = VeltObject.class.getPackageName();
        URL root = VeltObject.class.getProtectionDomain().getCodeSource().getLocation();
        File dir = new File(new File(root.toURI()), pkg.replace('.', '/'));
        List<Class<?>> classes = new ArrayList<>();
        for (File file : dir.listFiles()) {
            String name = file.getName();
            if (!name.endsWith(".class")) {
                continue;
            }
            Class<?> type = Class.forName(pkg + "." + name.substring(0, name.length() - ".class".length()));
            boolean concrete = !type.isInterface() && !type.isEnum() && !type.isRecord()
                    && !Modifier.isAbstract(type.getModifiers());
            if (Modifier.isPublic(type.getModifiers()) && concrete) {
                classes.add(type);
            }
        }
        return classes;
    }
}
