package dev.velt.camel.examples.quarkus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import dev.velt.camel.component.VeltComponent;
import dev.velt.camel.examples.quarkus.ExecutionEventLog.Entry;
import dev.velt.camel.examples.quarkus.VeltSimulatorResource.InjectVeltSimulator;
import dev.velt.camel.test.SimEvent;
import dev.velt.camel.test.SimExecution;
import dev.velt.camel.test.VeltSimulator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;

import static dev.velt.camel.examples.quarkus.VeltSimulatorResource.API_KEY;
import static dev.velt.camel.examples.quarkus.VeltSimulatorResource.AUTH_TOKEN;
import static dev.velt.camel.examples.quarkus.VeltSimulatorResource.DEFINITION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the application as it is (its application.properties, its YAML route, Camel Quarkus' configuration of the
 * velt component) against the Velt simulator, started by {@link VeltSimulatorResource} before the application. The
 * test moves the simulator's clock on until the seeded scenario is over; what the application must have received
 * follows from the simulator's own record of every execution and its events.
 */
@QuarkusTest
@WithTestResource(VeltSimulatorResource.class)
class VeltQuarkusApplicationTest {

    @InjectVeltSimulator
    VeltSimulator velt;

    @Inject
    CamelContext camelContext;

    @Inject
    ExecutionEventLog eventLog;

    @Test
    void routeFollowsTheDefinitionsExecutionsAndEnrichesEachEventOnce() {
        assertThat(camelContext.getRouteController().getRouteStatus("velt-execution-events")).isEqualTo(ServiceStatus.Started);
        // the component was configured from camel.component.velt.* in application.properties
        assertThat(camelContext.getComponent("velt", VeltComponent.class).getConfiguration())
                .satisfies(config -> {
                    assertThat(config.getBaseUrl()).isEqualTo(velt.baseUrl());
                    assertThat(config.getApiKey()).isEqualTo(API_KEY);
                    assertThat(config.getAuthToken()).isEqualTo(AUTH_TOKEN);
                });

        // what the scenario holds when the application starts (the clock has not moved since)
        long startTick = velt.tick();
        List<SimExecution> finishedBefore = velt.executions().stream()
                .filter(e -> e.definitionId().equals(DEFINITION) && e.endTick() <= startTick).toList();
        List<SimExecution> runningAtStart = velt.executions().stream()
                .filter(e -> e.definitionId().equals(DEFINITION) && e.endTick() > startTick).toList();
        assertThat(finishedBefore).isNotEmpty();
        assertThat(runningAtStart).isNotEmpty();
        assertThat(velt.executions()).anyMatch(e -> !e.definitionId().equals(DEFINITION));
        assertThat(velt.isSettled()).isFalse();

        // the application catches up with the running executions while the clock stands still
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(received(eventLog.entries()))
                .containsExactlyInAnyOrderEntriesOf(expectedUpTo(runningAtStart, startTick)));

        // then the scenario plays to its end: executions finish, new ones start (one tick per poll of Awaitility)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
            velt.advance(1);
            return velt.isSettled();
        });
        List<SimExecution> followed = velt.executions().stream()
                .filter(e -> e.definitionId().equals(DEFINITION) && e.endTick() > startTick).toList();
        assertThat(followed).anyMatch(e -> e.startTick() > startTick);
        Map<String, List<String>> expected = expectedUpTo(followed, Long.MAX_VALUE);
        int expectedCount = expected.values().stream().mapToInt(List::size).sum();

        await().atMost(Duration.ofSeconds(30)).until(() -> eventLog.entries().size() >= expectedCount);
        // every followed execution is finished: nothing else arrives
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> eventLog.entries().size() == expectedCount);

        List<Entry> entries = eventLog.entries();
        // each external event of each followed execution once, in seq order per execution; nothing of the other
        // definition, nothing of the executions finished before the application started
        assertThat(received(entries)).containsExactlyInAnyOrderEntriesOf(expected);
        Set<String> notFollowed = velt.executions().stream().filter(e -> !followed.contains(e))
                .map(SimExecution::executionId).collect(Collectors.toSet());
        assertThat(entries).noneMatch(e -> notFollowed.contains(e.executionId()));
        // each event was enriched with its execution as it stood then: after the event, so ended by its terminal event
        for (SimExecution execution : followed) {
            for (Entry entry : entries.stream().filter(e -> e.executionId().equals(execution.executionId())).toList()) {
                assertThat(entry.definitionId()).isEqualTo(DEFINITION);
                boolean terminal = SimEvent.TERMINAL_TYPES.contains(entry.type());
                assertThat(entry.executionStatus()).as(entry.toString())
                        .isIn(terminal ? List.of(execution.finalStatus()) : List.of("running", execution.finalStatus()));
            }
        }
        // The simulator answers only requests carrying the configured x-velt-api-key and x-velt-auth-token
        // (PERMISSION_DENIED otherwise), so every event above also shows the credentials reached Velt; it keeps no
        // request log to check them one by one.
    }

    /** Per execution, "seq type" of each external event that has happened by {@code tick}, in seq order. */
    private static Map<String, List<String>> expectedUpTo(List<SimExecution> executions, long tick) {
        return executions.stream().collect(Collectors.toMap(SimExecution::executionId, e -> e.externalEvents().stream()
                .filter(event -> event.tick() <= tick).map(event -> event.seq() + " " + event.type()).toList()));
    }

    /** Per execution, "seq type" of each entry, in the order the application recorded them. */
    private static Map<String, List<String>> received(List<Entry> entries) {
        return entries.stream().collect(Collectors.groupingBy(Entry::executionId,
                Collectors.mapping(e -> e.seq() + " " + e.type(), Collectors.toList())));
    }
}
