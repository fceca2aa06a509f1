package dev.velt.camel.component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.velt.camel.component.support.StreamTestSupport;
import dev.velt.camel.component.support.VeltRouteProcess;
import dev.velt.camel.test.AgentRunPlan;
import dev.velt.camel.test.EventStreamPlan;
import dev.velt.camel.test.Fault;
import dev.velt.camel.test.Faults;
import dev.velt.camel.test.StreamVerdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crash and restart: the route runs in a JVM of its own ({@link VeltRouteProcess}) with a {@code FileStateRepository},
 * appending every item it processed to a file; it is killed with SIGKILL mid-stream ({@link Process#destroyForcibly()})
 * {@value #KILLS} times, Velt moves on while it is down, and it is started again on the same state file. The union of
 * what all runs processed must hold every item of the stream, in order within each execution; an item may appear twice
 * only if it was in flight at a kill (processed, not yet committed): at most {@code maxMessagesPerPoll} per kill, all
 * among the last items written before that kill. The number of duplicates seen is logged. Meanwhile 3% of the requests
 * get a transient fault ({@link Fault#transientFaults()}). The simulator's clock moves one tick per request.
 */
class VeltConsumerCrashRestartTest extends StreamTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(VeltConsumerCrashRestartTest.class);

    static final int KILLS = 2;
    static final int MAX_MESSAGES_PER_POLL = 20;
    static final int WORK_MS = 3;
    /** Velt misbehaves now and then as well. */
    static final double FAULT_RATE = 0.03;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void eventsRouteKilledMidStreamResumesWithNothingLostAndOnlyInFlightItemsRepeated() throws Exception {
        long seed = VeltConsumerFaultMatrixTest.SEED * 43 + 1;
        EventStreamPlan[] plan = new EventStreamPlan[1];

        crashAndRestart("events", "def_crash", () -> {
            plan[0] = EventStreamPlan.write(simulator, "def_crash", seed, 10, 30, 70, 12, 2);
            return plan[0].expectedEvents();
        }, () -> plan[0].lastTick(), StreamVerdict::executionOf);
    }

    @Test
    void agentExecutionsRouteKilledMidStreamResumesWithNothingLostAndOnlyInFlightItemsRepeated() throws Exception {
        long seed = VeltConsumerFaultMatrixTest.SEED * 43 + 2;
        AgentRunPlan[] plan = new AgentRunPlan[1];

        crashAndRestart("agentExecutions", "agent_crash", () -> {
            plan[0] = AgentRunPlan.write(simulator, "agent_crash", seed, 300, 30, 1);
            return plan[0].expectedRuns();
        }, () -> plan[0].lastTick(), k -> k);
    }

    /**
     * Launches the first route, writes the stream once it polls (so all of the stream starts after its first start),
     * then kills and restarts it.
     */
    private void crashAndRestart(String mode, String filter, Supplier<Map<String, List<String>>> plan, LongSupplier lastTick,
            Function<String, String> groupOf) throws Exception {
        simulator.faults().rate(Faults.ANY_PATH, FAULT_RATE, Fault.transientFaults().toArray(Fault[]::new))
                .burstLength(Fault.UNAVAILABLE, 2, 8);
        Path output = dir.resolve("processed.txt");
        List<List<String>> inFlightAtKill = new ArrayList<>();
        Map<String, List<String>> expected = new java.util.LinkedHashMap<>();
        int total = 0;

        for (int kill = 1; kill <= KILLS; kill++) {
            String name = "run-" + kill;
            Process route = launch(mode, filter, name);
            if (kill == 1) {
                await().atMost(Duration.ofMinutes(1)).until(() -> alive(route, name) && simulator.requests().count() > 0);
                simulator.atomically(() -> {
                    simulator.startClock();
                    expected.putAll(plan.get());
                });
                total = expected.values().stream().mapToInt(List::size).sum();
            }
            int target = total * kill / (KILLS + 2);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(10))
                    .until(() -> alive(route, name) && lines(output).size() >= target);
            route.destroyForcibly();
            assertThat(route.waitFor(30, TimeUnit.SECONDS)).isTrue();
            dropTornLastLine(dir.resolve("positions.dat"));
            List<String> written = lines(output);
            inFlightAtKill.add(written.subList(Math.max(0, written.size() - MAX_MESSAGES_PER_POLL), written.size()));
            LOG.info("[crash] {} killed run {} after {} items written", mode, kill, written.size());
            // Velt moves on while the route is down
            simulator.advance(30);
        }
        int all = total;
        Process last = launch(mode, filter, "run-last");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> alive(last, "run-last") && simulator.tick() >= lastTick.getAsLong()
                        && new HashSet<>(lines(output)).size() >= all);
        awaitQuiet(output, Duration.ofSeconds(1));
        last.destroy();
        last.waitFor(30, TimeUnit.SECONDS);

        List<String> union = lines(output);
        StreamVerdict verdict = StreamVerdict.check(expected, union, groupOf);
        LOG.info("[crash] {} {} kills: {}; duplicated: {}; requests={} faults={}", mode, KILLS, verdict,
                verdict.duplicated(), simulator.requests().count(), simulator.faults().injected());
        assertThat(verdict.lost()).as("lost items").isEmpty();
        assertThat(verdict.unexpected()).as("items not in the stream").isEmpty();
        assertThat(verdict.outOfOrder()).as("groups out of order").isEmpty();
        assertThat(StreamVerdict.attemptedOutOfOrder(expected, union, groupOf))
                .as("groups that went back further than an in-flight item").isEmpty();
        assertThat(verdict.duplicates()).as("duplicates").isLessThanOrEqualTo(KILLS * MAX_MESSAGES_PER_POLL);
        Set<String> inFlight = new HashSet<>();
        inFlightAtKill.forEach(inFlight::addAll);
        assertThat(verdict.duplicated().keySet()).as("duplicates that were not in flight at a kill").isSubsetOf(inFlight);
        assertThat(verdict.duplicated().values()).as("times an item was processed").allMatch(n -> n <= 1 + KILLS);
    }

    /**
     * A kill in the middle of {@code FileStateRepository}'s append leaves a last line without its newline, which Camel
     * fails to load (the component page says so and points to the JDBC repository). What an operator does: drop that
     * line. The position it held is lost, so its item may come again: it was the last one committed, in flight at the
     * kill.
     */
    private static void dropTornLastLine(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            LOG.info("[crash] dropped a torn last line of {} bytes from {}", bytes.length - end, file.getFileName());
            Files.write(file, java.util.Arrays.copyOf(bytes, end));
        }
    }

    private Process launch(String mode, String filter, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), VeltRouteProcess.class.getName(), mode, simulator.baseUrl(),
                filter, dir.resolve("positions.dat").toString(), dir.resolve("processed.txt").toString(),
                String.valueOf(WORK_MS), String.valueOf(MAX_MESSAGES_PER_POLL));
        builder.redirectErrorStream(true);
        builder.redirectOutput(dir.resolve(name + ".log").toFile());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** True while the route's JVM runs; fails with its log when it exited by itself. */
    private boolean alive(Process process, String name) throws IOException {
        if (!process.isAlive()) {
            throw new AssertionError("the route's JVM exited with " + process.exitValue() + ":\n"
                                     + Files.readString(dir.resolve(name + ".log")));
        }
        return true;
    }

    /** Waits until the file stops growing for {@code quiet}. */
    private static void awaitQuiet(Path file, Duration quiet) {
        java.util.concurrent.atomic.AtomicInteger last = new java.util.concurrent.atomic.AtomicInteger(-1);
        await().pollInterval(Duration.ofMillis(50)).during(quiet).atMost(quiet.multipliedBy(10))
                .until(() -> lines(file).size() == last.getAndSet(lines(file).size()));
    }

    private static List<String> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String content = Files.readString(file, StandardCharsets.UTF_8);
        // only complete lines: one being written right now has no newline yet
        int end = content.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(content.substring(0, end).split("\n"));
    }
}
