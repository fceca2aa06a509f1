package dev.velt.camel.examples;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.velt.camel.examples.DeliveryReport.Delivery;
import dev.velt.camel.test.VeltSimulator;
import dev.velt.camel.test.WebhookAttempt;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo in push mode: the simulator pushes every event as a signed webhook to the events route's webhookPath on
 * Camel Main's HTTP server; the Slack sink still gets exactly one message per approval request or failure of the
 * watched definition, and the report says which came by push and which by poll.
 */
class DemoPushModeTest {

    private static final String DEFINITION = "marketing-copy-approval";
    private static final Set<String> POSTED_TYPES = Set.of("step.awaiting-approval", "execution.failed");

    @Test
    void pushedEventsReachSlackOnceAndTheReportSaysHowTheyCame() throws Exception {
        // polls every 3 s: the pushes come first (an execution is read at once when its first push arrives)
        DemoSettings settings = new DemoSettings(Duration.ZERO, 13, 20, 3000, false, 8, 0, 0, Map.of());
        try (DemoApplication demo = new DemoApplication(settings, true, true)) {
            demo.start();
            VeltSimulator simulator = demo.simulator();
            await().atMost(Duration.ofSeconds(30)).until(simulator::isSettled);
            List<String> expected = simulator.executions().stream().filter(e -> e.definitionId().equals(DEFINITION))
                    .flatMap(e -> e.externalEvents().stream().filter(event -> POSTED_TYPES.contains(event.type()))
                            .map(event -> e.executionId() + " " + event.type() + " (seq " + event.seq() + ")"))
                    .sorted().toList();
            assertTrue(expected.size() >= 3, "the scenario has approval requests to post: " + expected);

            await().atMost(Duration.ofSeconds(30)).until(() -> slack(demo).size() >= expected.size());
            await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5))
                    .until(() -> slack(demo).size() == expected.size());

            List<Delivery> posted = slack(demo);
            assertEquals(expected, posted.stream().map(d -> d.source() + " " + d.item()).sorted().toList());
            assertTrue(posted.stream().anyMatch(d -> d.deliveredBy().equals("push")),
                    () -> demo.report().table() + "\nwebhook answers: " + simulator.webhooks().attempts().stream()
                            .collect(java.util.stream.Collectors.groupingBy(WebhookAttempt::status,
                                    java.util.stream.Collectors.counting())));
            assertTrue(posted.stream().allMatch(d -> Set.of("push", "poll").contains(d.deliveredBy())));
            assertTrue(demo.report().table().contains("came by"));
            assertTrue(simulator.webhooks().attempts().stream().anyMatch(WebhookAttempt::delivered));
        }
    }

    private static List<Delivery> slack(DemoApplication demo) {
        return demo.report().deliveries().stream().filter(d -> d.destination().equals("Slack")).toList();
    }
}
