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
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velt.camel.component.support.AgentWorld;
import dev.velt.camel.component.support.LegacyConsumerTestSupport;
import dev.velt.camel.component.support.EventWorld;
import dev.velt.camel.component.support.FaultInjector;
import dev.velt.camel.component.support.StreamCheck;
import dev.velt.camel.component.support.VeltRouteProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crash and restart: the route runs in a JVM of its own ({@link VeltRouteProcess}) with a {@code FileStateRepository},
 * appending every item it processed to a file; it is killed with SIGKILL mid-stream ({@link Process#destroyForcibly()})
 * {@value #KILLS} times, Velt moves on while it is down, and it is started again on the same state file. The union of
 * what all runs processed must hold every item of the stream, in order within each execution; an item may appear twice
 * only if it was in flight at a kill (processed, not yet committed): at most {@code maxMessagesPerPoll} per kill, all
 * among the last items written before that kill. The number of duplicates seen is printed. Meanwhile 3% of the requests
 * get a transient fault ({@link FaultInjector.Kind#transientKinds()}).
 */
class VeltConsumerCrashRestartTest extends LegacyConsumerTestSupport {

    static final int KILLS = 2;
    static final int MAX_MESSAGES_PER_POLL = 20;
    static final int WORK_MS = 3;
    /** Velt misbehaves now and then as well. */
    static final double FAULT_RATE = 0.03;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private FaultInjector faults;

    @Override
    protected boolean keepRequestJournal() {
        return false;
    }

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
        EventWorld world = new EventWorld(velt, "def_crash", seed, 10, 30, 70, 5, 3);
        faults = new FaultInjector(seed, FAULT_RATE, FaultInjector.Kind.transientKinds(), world::tick);
        velt.setInterceptor(faults);

        crashAndRestart("events", "def_crash", world.expectedKeys(), world::finished, world::tick,
                k -> k.substring(0, k.indexOf('#')));
    }

    @Test
    void agentExecutionsRouteKilledMidStreamResumesWithNothingLostAndOnlyInFlightItemsRepeated() throws Exception {
        long seed = VeltConsumerFaultMatrixTest.SEED * 43 + 2;
        AgentWorld world = new AgentWorld(velt, "agent_crash", seed, 300, 30, 1.0);
        faults = new FaultInjector(seed, FAULT_RATE, FaultInjector.Kind.transientKinds(), world::tick);
        velt.setInterceptor(faults);

        crashAndRestart("agentExecutions", "agent_crash", world.expectedRuns(), world::finished, world::tick, k -> k);
    }

    private void crashAndRestart(String mode, String filter, Map<String, List<String>> expected, BooleanSupplier finished,
                                 Runnable tick, Function<String, String> groupOf) throws Exception {
        Path output = dir.resolve("processed.txt");
        int total = expected.values().stream().mapToInt(List::size).sum();
        List<List<String>> inFlightAtKill = new ArrayList<>();

        for (int kill = 1; kill <= KILLS; kill++) {
            int target = total * kill / (KILLS + 2);
            String name = "run-" + kill;
            Process route = launch(mode, filter, name);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(10))
                    .until(() -> alive(route, name) && lines(output).size() >= target);
            route.destroyForcibly();
            assertThat(route.waitFor(30, TimeUnit.SECONDS)).isTrue();
            List<String> written = lines(output);
            inFlightAtKill.add(written.subList(Math.max(0, written.size() - MAX_MESSAGES_PER_POLL), written.size()));
            System.out.printf("[crash] %s killed run %d after %d items written%n", mode, kill, written.size());
            // Velt moves on while the route is down
            for (int i = 0; i < 30; i++) {
                tick.run();
            }
        }
        Process last = launch(mode, filter, "run-last");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> alive(last, "run-last") && finished.getAsBoolean()
                             && new HashSet<>(lines(output)).size() >= total);
        StreamCheck.awaitQuiet(() -> uncheckedLines(output).size(), Duration.ofSeconds(1));
        last.destroy();
        last.waitFor(30, TimeUnit.SECONDS);

        List<String> union = lines(output);
        StreamCheck.Verdict verdict = StreamCheck.check(expected, union, union, groupOf);
        System.out.printf("[crash] %s %d kills: %s; duplicated: %s; requests=%d faults=%s%n", mode, KILLS, verdict,
                verdict.duplicated(), faults.requests(), faults.injected());
        assertThat(verdict.lost()).as("lost items").isEmpty();
        assertThat(verdict.unexpected()).as("items not in the stream").isEmpty();
        assertThat(verdict.outOfOrder()).as("groups out of order").isEmpty();
        assertThat(verdict.attemptsOutOfOrder()).as("groups that went back further than an in-flight item").isEmpty();
        assertThat(verdict.duplicates()).as("duplicates").isLessThanOrEqualTo(KILLS * MAX_MESSAGES_PER_POLL);
        Set<String> inFlight = new HashSet<>();
        inFlightAtKill.forEach(inFlight::addAll);
        assertThat(verdict.duplicated().keySet()).as("duplicates that were not in flight at a kill").isSubsetOf(inFlight);
        assertThat(verdict.duplicated().values()).as("times an item was processed").allMatch(n -> n <= 1 + KILLS);
    }

    private Process launch(String mode, String filter, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), VeltRouteProcess.class.getName(), mode, wireMock.baseUrl(),
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

    private static List<String> uncheckedLines(Path file) {
        try {
            return lines(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
