package dev.velt.camel.examples.springboot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.velt.camel.component.VeltComponent;
import dev.velt.camel.examples.springboot.ExecutionEventLog.Entry;
import dev.velt.camel.test.SimEvent;
import dev.velt.camel.test.SimExecution;
import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the application as it is (its application.yaml, its YAML route, Camel Spring Boot's configuration of the velt
 * component) against the Velt simulator, whose URL replaces the base URL before the context starts.
 * <p>
 * The simulator's clock is manual: before the application starts it is moved on until one execution of the followed
 * definition has finished while others still run, and it stays there while the application starts; the test then moves
 * it on until the seeded scenario is over. What the application must have received follows from the simulator's own
 * record of every execution and its events.
 */
@SpringBootTest(properties = {
        "camel.component.velt.api-key=" + VeltSpringBootApplicationTest.API_KEY,
        "camel.component.velt.auth-token=" + VeltSpringBootApplicationTest.AUTH_TOKEN,
        "velt.example.definition-id=" + VeltSpringBootApplicationTest.DEFINITION,
        "velt.example.poll-delay=50",
        "camel.component.velt.webhook-secret=" + VeltSpringBootPushTest.SECRET,
        // the test ends the application, not a run controller
        "camel.main.run-controller=false"
})
@ExtendWith(OutputCaptureExtension.class)
class VeltSpringBootApplicationTest {

    static final String API_KEY = "ak_spring_boot_example";
    static final String AUTH_TOKEN = "tok_spring_boot_example";
    static final String DEFINITION = "marketing-copy-approval";

    /**
     * Seed 14, six executions: when the first execution of the followed definition ends, another definition's has
     * ended too, two of the followed one and one of the other still run, and one of the followed one is still to start.
     * The simulated time lies in the past (tick 0 ten minutes ago, 100 ms a tick), so the executions finished by then
     * are older than the application's start, as they would be in Velt.
     */
    private static final VeltSimulator VELT = VeltSimulator.create(SimulatorOptions.defaults()
            .seed(14).workflowExecutions(6).agentRuns(0).meanStartGapTicks(8)
            .tickMillis(0).simulatedMillisPerTick(100).startTime(System.currentTimeMillis() - 600_000)
            .apiKey(API_KEY).authToken(AUTH_TOKEN));
    /** The tick the clock stays at while the application starts. */
    private static final long START_TICK;

    static {
        while (VELT.executions().stream().noneMatch(e -> e.definitionId().equals(DEFINITION) && e.endTick() <= VELT.tick())) {
            VELT.advance(1);
        }
        START_TICK = VELT.tick();
    }

    @DynamicPropertySource
    static void veltBaseUrl(DynamicPropertyRegistry registry) {
        registry.add("camel.component.velt.base-url", VELT::baseUrl);
    }

    @AfterAll
    static void stopVelt() {
        VELT.stop();
    }

    @Autowired
    CamelContext camelContext;

    @Autowired
    ExecutionEventLog eventLog;

    @Autowired
    MeterRegistry meterRegistry;

    @Test
    void routeFollowsTheDefinitionsExecutionsAndEnrichesEachEventOnce(CapturedOutput output) {
        assertThat(camelContext.getRouteController().getRouteStatus("velt-execution-events")).isEqualTo(ServiceStatus.Started);
        // the component was configured from camel.component.velt.*
        assertThat(camelContext.getComponent("velt", VeltComponent.class).getConfiguration())
                .satisfies(config -> {
                    assertThat(config.getBaseUrl()).isEqualTo(VELT.baseUrl());
                    assertThat(config.getApiKey()).isEqualTo(API_KEY);
                    assertThat(config.getAuthToken()).isEqualTo(AUTH_TOKEN);
                });

        // what the scenario holds when the application starts
        List<SimExecution> finishedBefore = VELT.executions().stream()
                .filter(e -> e.definitionId().equals(DEFINITION) && e.endTick() <= START_TICK).toList();
        List<SimExecution> runningAtStart = VELT.executions().stream()
                .filter(e -> e.definitionId().equals(DEFINITION) && e.endTick() > START_TICK).toList();
        assertThat(finishedBefore).isNotEmpty();
        assertThat(runningAtStart).isNotEmpty();
        assertThat(VELT.executions()).anyMatch(e -> !e.definitionId().equals(DEFINITION));
        assertThat(VELT.isSettled()).isFalse();

        // the application catches up with the running executions while the clock stands still
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(received(eventLog.entries()))
                .containsExactlyInAnyOrderEntriesOf(expectedUpTo(runningAtStart, START_TICK)));

        // then the scenario plays to its end: executions finish, new ones start (one tick per poll of Awaitility)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
            VELT.advance(1);
            return VELT.isSettled();
        });
        List<SimExecution> followed = VELT.executions().stream()
                .filter(e -> e.definitionId().equals(DEFINITION) && e.endTick() > START_TICK).toList();
        assertThat(followed).anyMatch(e -> e.startTick() > START_TICK);
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
        Set<String> notFollowed = VELT.executions().stream().filter(e -> !followed.contains(e))
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

        // the route's log steps ran, and the secrets were not logged. The simulator answers only requests carrying the
        // configured x-velt-api-key and x-velt-auth-token (PERMISSION_DENIED otherwise), so every event above also
        // shows the credentials reached Velt; it keeps no request log to check them one by one.
        SimExecution last = followed.get(followed.size() - 1);
        SimEvent lastEvent = last.externalEvents().get(last.externalEvents().size() - 1);
        assertThat(output.getOut())
                .contains("Velt event #" + lastEvent.seq() + " " + lastEvent.type() + " of execution " + last.executionId())
                .contains("Execution " + last.executionId() + " (" + DEFINITION + ") is " + last.finalStatus())
                .doesNotContain("PERMISSION_DENIED")
                .doesNotContain(API_KEY).doesNotContain(AUTH_TOKEN);

        // the component's meters are in the actuator's registry, counted per route
        assertThat(meterRegistry.get("velt.consumer.items.delivered").tag("route", "velt-execution-events")
                .functionCounter().count()).isEqualTo(expectedCount);
        assertThat(meterRegistry.get("velt.api.calls").tag("operation", "workflow/executions/get").tag("outcome", "OK")
                .counter().count()).isGreaterThanOrEqualTo(expectedCount);
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
