package dev.velt.camel.component;

import java.io.IOException;
import java.io.UncheckedIOException;
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

import dev.velt.camel.component.support.VeltPushRouteProcess;
import dev.velt.camel.test.ScriptedExecution;
import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.StreamVerdict;
import dev.velt.camel.test.VeltSimulatorExtension;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A push-fed route killed between receiving a push and committing it loses nothing: the route runs in a JVM of its own
 * ({@link VeltPushRouteProcess}) with a {@code FileStateRepository}, the simulator pushes every event to it, and it is
 * killed with SIGKILL ({@link Process#destroyForcibly()}) mid-stream, twice. Velt got no 2xx for what was in flight,
 * retries it while the route is down (or gives up, and the reconcile sweep reads it), and the restarted route resumes
 * at its committed positions. The union of what all runs processed holds every event, in seq order per execution; an
 * event may appear twice only if it was in flight at a kill (pushes and polls deliver on several threads, so a few
 * executions may each have one event in flight at once).
 */
class VeltPushCrashRestartTest {

    static final String DEFINITION = "def-push-crash";
    static final String SECRET = "push_crash_secret_0123456789";
    static final int EXECUTIONS = 4;
    static final int EVENTS_PER_EXECUTION = 30;
    static final int KILLS = 2;
    /** Deliveries that may run at once: the polling thread's and the HTTP threads' (one per execution at most). */
    static final int IN_FLIGHT_AT_ONCE = 4;

    @RegisterExtension
    final VeltSimulatorExtension velt = new VeltSimulatorExtension(SimulatorOptions.defaults().tickMillis(0)
            .workflowExecutions(0).agentRuns(0).webhookTimeScale(0.05));

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
    void aRouteKilledBetweenReceiptAndCommitLosesNothing() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        List<ScriptedExecution> executions = new ArrayList<>();
        for (int i = 0; i < EXECUTIONS; i++) {
            ScriptedExecution execution = velt.simulator().addExecution("exec-crash-" + i, DEFINITION);
            velt.simulator().pushTo(execution.executionId(), "http://localhost:" + port + VeltPushRouteProcess.PATH, SECRET);
            executions.add(execution);
        }
        Path output = dir.resolve("processed.txt");
        int total = EXECUTIONS * EVENTS_PER_EXECUTION;
        List<String> inFlightAtKill = new ArrayList<>();
        int written = 0;

        for (int kill = 1; kill <= KILLS; kill++) {
            Process route = launch(port, "run-" + kill);
            int target = total * kill / (KILLS + 1);
            // events happen one by one while the route runs; it is killed mid-stream
            while (lines(output).size() < target) {
                alive(route, "run-" + kill);
                if (written < total * kill / KILLS) {
                    addEvent(executions, written++);
                }
                awaitLines(output, Math.min(written, target) - 2, route, "run-" + kill);
            }
            route.destroyForcibly();
            assertThat(route.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // the polling thread and each HTTP thread may have one event in flight: the last few written
            List<String> seen = lines(output);
            inFlightAtKill.addAll(seen.subList(Math.max(0, seen.size() - IN_FLIGHT_AT_ONCE), seen.size()));
            // Velt moves on while the route is down: its pushes fail and are retried
            for (int i = 0; i < 10 && written < total - EXECUTIONS; i++) {
                addEvent(executions, written++);
            }
        }
        Process last = launch(port, "run-last");
        while (written < total) {
            addEvent(executions, written++);
        }
        Map<String, List<String>> expected = velt.simulator().expectedEvents(DEFINITION);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> alive(last, "run-last") && new HashSet<>(uncheckedLines(output)).size() >= total);

        List<String> union = lines(output);
        StreamVerdict verdict = StreamVerdict.events(expected, union);
        assertThat(verdict.lost()).as("lost events").isEmpty();
        assertThat(verdict.unexpected()).as("events not in the stream").isEmpty();
        assertThat(verdict.outOfOrder()).as("executions out of order").isEmpty();
        Set<String> inFlight = new HashSet<>(inFlightAtKill);
        assertThat(verdict.duplicated().keySet()).as("duplicates that were not in flight at a kill").isSubsetOf(inFlight);
        assertThat(velt.simulator().webhooks().attempts()).as("pushes Velt had to retry").anyMatch(a -> a.attempt() > 0);
    }

    /** The n-th event overall: executions take turns; each ends with execution.completed. */
    private static void addEvent(List<ScriptedExecution> executions, int n) {
        ScriptedExecution execution = executions.get(n % EXECUTIONS);
        int seq = n / EXECUTIONS + 1;
        String type = seq == 1 ? "execution.dispatched"
                : seq == EVENTS_PER_EXECUTION ? "execution.completed" : "step.completed";
        execution.event(seq, type);
    }

    private void awaitLines(Path output, int atLeast, Process route, String name) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .until(() -> alive(route, name) && uncheckedLines(output).size() >= atLeast);
    }

    private Process launch(int port, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), VeltPushRouteProcess.class.getName(),
                velt.simulator().baseUrl(), velt.apiKey(), velt.authToken(), DEFINITION, String.valueOf(port), SECRET,
                dir.resolve("positions.dat").toString(), dir.resolve("processed.txt").toString(), "15");
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
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String content = Files.readString(file, StandardCharsets.UTF_8);
        int end = content.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(content.substring(0, end).split("\n"));
    }
}
