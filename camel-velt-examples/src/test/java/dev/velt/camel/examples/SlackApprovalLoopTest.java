package dev.velt.camel.examples;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.velt.camel.examples.approvals.ApprovalLedger.Approval;
import dev.velt.camel.examples.approvals.ApprovalLedger.Decision;
import dev.velt.camel.examples.sinks.SlackStandIn;
import dev.velt.camel.examples.sinks.SlackStandIn.Click;
import dev.velt.camel.examples.sinks.SlackStandIn.Posted;
import dev.velt.camel.examples.sinks.SlackStandIn.Signing;
import dev.velt.camel.test.SimEvent;
import dev.velt.camel.test.SimExecution;
import dev.velt.camel.test.SimRequest;
import dev.velt.camel.test.VeltSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.velt.camel.examples.approvals.SlackClick.APPROVE_ACTION;
import static dev.velt.camel.examples.approvals.SlackClick.REJECT_ACTION;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The approval loop end to end, in the demo application against the Velt simulator and the local Slack stand-in: the
 * demo dispatches three executions, each waits in its human step, the stand-in receives a message with buttons, and
 * the clicks it sends (signed as Slack signs them, or not) come back through HTTP to the interactivity route.
 */
class SlackApprovalLoopTest {

    private static final String LEGAL = "U0DEMOLEGAL";
    private static final String DECISIONS = "workflow/steps/recordReviewerDecision";

    private DemoApplication demo;

    @AfterEach
    void stop() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    @ParameterizedTest(name = "java routes: {0}")
    @ValueSource(booleans = {false, true})
    void anApproveClickRecordsTheDecisionUpdatesTheMessageAndPostsTheCompletionInItsThread(boolean javaRoutes)
            throws Exception {
        start(javaRoutes, false);
        Posted request = approvalRequests(3).get(0);
        String[] ids = request.buttonValue(APPROVE_ACTION).split("\\|");
        SimExecution execution = execution(ids[0]);
        assertEquals("step.awaiting-approval", last(types(execution)));
        assertTrue(request.text().contains(execution.correlationId()), request.text());
        JsonNode section = request.request().at("/blocks/0/text/text");
        assertTrue(section.asText().contains("execution `" + ids[0] + "`"), section.asText());
        assertTrue(section.asText().contains("Step `" + ids[1] + "` waits for 2 reviewer(s), 1 mandatory."));
        assertEquals(ids[0] + "|" + ids[1], request.buttonValue(REJECT_ACTION));

        assertEquals(200, slack().click(request.ts(), APPROVE_ACTION, LEGAL, Signing.VALID));

        List<SimRequest> decisions = demo.simulator().requests().to(DECISIONS);
        assertEquals(1, decisions.size());
        JsonNode data = decisions.get(0).data();
        assertEquals(ids[0], data.path("executionId").asText());
        assertEquals(ids[1], data.path("stepId").asText());
        assertEquals("reviewer_legal", data.path("reviewerId").asText());
        assertEquals("approve", data.path("decision").asText());
        // updated in place, before the click was answered: no buttons any more, who approved instead
        Posted updated = slack().message(request.ts());
        assertEquals(1, updated.updates().size());
        assertNull(updated.buttonValue(APPROVE_ACTION));
        assertTrue(updated.current().at("/blocks/1/elements/0/text").asText()
                .contains("*Approved* by <@" + LEGAL + "> (reviewer_legal)"), updated.current().toString());
        // the execution resumes and completes; the completion is posted in the request's thread
        await().atMost(Duration.ofSeconds(30)).until(() -> slack().replies(request.ts()).size() == 1);
        assertEquals(":white_check_mark: Execution `" + ids[0] + "` completed.", slack().replies(request.ts()).get(0).text());
        List<String> types = types(execution);
        assertEquals(List.of("step.awaiting-approval", "step.response-recorded", "step.completed", "execution.completed"),
                types.subList(types.indexOf("step.awaiting-approval"), types.size()));
        Approval approval = demo.approvals().find(ids[0]);
        assertEquals(List.of(new Decision("reviewer_legal", LEGAL, "approve", true, "resolved")), approval.decisions());
        assertEquals("execution.completed", approval.outcome());
    }

    @Test
    void aTamperedAndAnExpiredClickAreRefusedAndRecordNothing() throws Exception {
        start(false, false);
        Posted request = approvalRequests(3).get(0);
        String executionId = request.buttonValue(APPROVE_ACTION).split("\\|")[0];

        assertEquals(401, slack().click(request.ts(), APPROVE_ACTION, LEGAL, Signing.TAMPERED));
        assertEquals(401, slack().click(request.ts(), APPROVE_ACTION, LEGAL, Signing.EXPIRED));

        assertEquals(0, demo.simulator().requests().count(DECISIONS));
        assertTrue(slack().message(request.ts()).updates().isEmpty());
        assertEquals("step.awaiting-approval", last(types(execution(executionId))));
        assertTrue(demo.approvals().find(executionId).decisions().isEmpty());
        // the request is still open: a genuine click afterwards is recorded
        assertEquals(200, slack().click(request.ts(), APPROVE_ACTION, LEGAL, Signing.VALID));
        assertEquals(1, demo.simulator().requests().count(DECISIONS));
    }

    @Test
    void aDoubleClickRecordsOneDecisionAndUpdatesSlackOnce() throws Exception {
        start(false, false);
        Posted request = approvalRequests(3).get(1);
        String executionId = request.buttonValue(REJECT_ACTION).split("\\|")[0];

        assertEquals(200, slack().click(request.ts(), REJECT_ACTION, LEGAL, Signing.VALID));
        assertEquals(200, slack().click(request.ts(), REJECT_ACTION, LEGAL, Signing.VALID));

        // both clicks reach Velt (the decision is safe to repeat); Velt records the first only
        assertEquals(2, demo.simulator().requests().count(DECISIONS));
        assertEquals(1, types(execution(executionId)).stream().filter("step.response-recorded"::equals).count());
        assertEquals(1, slack().message(request.ts()).updates().size());
        assertTrue(slack().message(request.ts()).text().startsWith("rejected by reviewer_legal"));
        assertEquals(List.of(true, false), demo.approvals().find(executionId).decisions().stream()
                .map(Decision::recorded).toList());
        // rejected: the execution fails, and says why in the thread
        await().atMost(Duration.ofSeconds(30)).until(() -> slack().replies(request.ts()).size() == 1);
        assertEquals(":x: Execution `" + executionId + "` failed: STEP_REJECTED - Step human-approval was rejected by "
                     + "reviewer_legal",
                slack().replies(request.ts()).get(0).text());
        assertEquals("execution.failed", demo.approvals().find(executionId).outcome());
    }

    @Test
    void aClickByASlackUserWhoIsNoReviewerRecordsNothing() throws Exception {
        start(false, false);
        Posted request = approvalRequests(3).get(2);
        String executionId = request.buttonValue(APPROVE_ACTION).split("\\|")[0];

        assertEquals(200, slack().click(request.ts(), APPROVE_ACTION, "U0STRANGER", Signing.VALID));

        assertEquals(0, demo.simulator().requests().count(DECISIONS));
        assertTrue(slack().message(request.ts()).updates().isEmpty());
        assertEquals(List.of("approve by U0STRANGER refused (IllegalArgumentException)"),
                demo.approvals().find(executionId).notRecorded());
    }

    @Test
    void theDemosReviewerClosesTheLoopByItself() throws Exception {
        start(false, true);

        await().atMost(Duration.ofSeconds(60)).until(() -> demo.approvals().approvals().size() == 3
                && demo.approvals().approvals().stream()
                        .allMatch(a -> a.outcome() != null));

        List<Approval> approvals = demo.approvals().approvals();
        assertEquals(List.of("execution.completed", "execution.failed", "execution.completed"),
                approvals.stream().map(Approval::outcome).toList());
        assertEquals(List.of("approve", "approve"), approvals.get(0).decisions().stream().map(Decision::decision).toList());
        assertEquals(List.of("reject"), approvals.get(1).decisions().stream().map(Decision::decision).toList());
        assertEquals(List.of(1, 1, 1), approvals.stream().map(Approval::updates).toList());
        assertEquals(List.of(Signing.TAMPERED, Signing.VALID, Signing.VALID, Signing.VALID, Signing.EXPIRED, Signing.VALID),
                slack().clicks().stream().map(Click::signing).toList());
        assertEquals(List.of(401, 200, 200, 200, 401, 200), slack().clicks().stream().map(Click::status).toList());
        String table = demo.approvals().table();
        assertTrue(table.contains("approve by reviewer_legal (U0DEMOLEGAL) | 1 repeat"), table);
        assertTrue(table.contains("reject by reviewer_legal (U0DEMOLEGAL)"), table);
    }

    private void start(boolean javaRoutes, boolean scriptedClicks) throws Exception {
        DemoSettings settings = new DemoSettings(Duration.ZERO, 13, 20, 200, javaRoutes, 2, 2, 0, Map.of());
        demo = new DemoApplication(settings, scriptedClicks);
        demo.start();
        assertNotNull(slack());
    }

    private SlackStandIn slack() {
        return demo.slackStandIn();
    }

    /** Waits for the demo's approval requests (top-level messages with buttons), in the order they were posted. */
    private List<Posted> approvalRequests(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> requests().size() == count);
        List<Posted> requests = requests();
        requests.forEach(r -> assertFalse(demo.approvals().find(r.buttonValue(APPROVE_ACTION).split("\\|")[0]) == null));
        // the ledger knows where each request went only once Slack's answer was read
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.stream()
                .allMatch(r -> r.ts().equals(demo.approvals().find(r.buttonValue(APPROVE_ACTION).split("\\|")[0]).ts())));
        return requests;
    }

    private List<Posted> requests() {
        return slack().messages().stream().filter(m -> m.threadTs() == null && m.buttonValue(APPROVE_ACTION) != null)
                .toList();
    }

    private SimExecution execution(String executionId) {
        VeltSimulator simulator = demo.simulator();
        return simulator.executions().stream().filter(e -> e.executionId().equals(executionId)).findFirst()
                .orElseThrow();
    }

    private static List<String> types(SimExecution execution) {
        return execution.events().stream().map(SimEvent::type).toList();
    }

    private static String last(List<String> list) {
        return list.get(list.size() - 1);
    }
}
