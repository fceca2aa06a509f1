package dev.velt.camel.ha;

import java.util.ArrayList;
import java.util.List;

import dev.velt.camel.test.ScriptedExecution;
import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltSimulator;

/**
 * The stream the replicas follow, written into the Velt simulator when the test {@link #begin() begins} and played by
 * its wall clock (a tick every {@value #TICK_MS} ms): workflow executions {@code exec_ha_1..n} of
 * {@link #DEFINITION_ID} start one after another, each publishing its events (seq 1, 3, 5, ...: the API's seqs have
 * gaps) one at a time, the last being {@code execution.completed}; agent runs {@code run_ha_1..m} of {@link #AGENT_ID}
 * start one after another and finish after varying durations (so not in start order). Nothing exists before.
 */
final class HaStream {

    static final String DEFINITION_ID = "def_ha";
    static final String AGENT_ID = "agent_ha";
    static final long TICK_MS = 25;

    private final int executions;
    private final int eventsPerExecution;
    private final long executionStartGapMs;
    private final long eventGapMs;
    private final int runs;
    private final long runStartGapMs;
    private final VeltSimulator simulator;

    HaStream(int executions, int eventsPerExecution, long executionStartGapMs, long eventGapMs, int runs,
            long runStartGapMs) {
        this(executions, eventsPerExecution, executionStartGapMs, eventGapMs, runs, runStartGapMs, null, null);
    }

    /** As above; with a {@code webhookUrl}, the simulator also pushes every event there, signed with {@code secret}. */
    HaStream(int executions, int eventsPerExecution, long executionStartGapMs, long eventGapMs, int runs,
            long runStartGapMs, String webhookUrl, String secret) {
        SimulatorOptions options = SimulatorOptions.defaults()
                .tickMillis(TICK_MS).workflowExecutions(0).agentRuns(0)
                // each replica calls with its own key (its incarnation id), so the request log says who polled when
                .acceptAnyCredentials(true);
        if (webhookUrl != null) {
            options.webhook(webhookUrl, secret);
        }
        this.simulator = VeltSimulator.create(options);
        this.executions = executions;
        this.eventsPerExecution = eventsPerExecution;
        this.executionStartGapMs = executionStartGapMs;
        this.eventGapMs = eventGapMs;
        this.runs = runs;
        this.runStartGapMs = runStartGapMs;
    }

    VeltSimulator simulator() {
        return simulator;
    }

    /** Starts the clock and writes the whole stream ahead of it: from now on executions and runs appear. */
    void begin() {
        simulator.atomically(() -> {
            simulator.startClock();
            for (int i = 1; i <= executions; i++) {
                long start = ticks((i - 1) * executionStartGapMs + 50);
                ScriptedExecution execution = simulator.addExecution(executionId(i), DEFINITION_ID, start, start);
                for (int j = 0; j < eventsPerExecution; j++) {
                    boolean first = j == 0;
                    boolean last = j == eventsPerExecution - 1;
                    execution.eventAt(start + ticks(j * eventGapMs), seq(j),
                            first ? "execution.dispatched" : last ? "execution.completed" : "step.completed",
                            first || last ? null : "step_" + j, first ? java.util.Map.of("definitionId", DEFINITION_ID,
                                    "definitionVersion", 1) : last ? null : java.util.Map.of("agentId", AGENT_ID));
                }
            }
            for (int r = 1; r <= runs; r++) {
                long start = ticks((r - 1) * runStartGapMs + 25);
                simulator.addAgentRun(runId(r), AGENT_ID, start, start + ticks(400 + (r * 7L % 5) * 700),
                        r % 4 == 0 ? "failed" : "passed", List.of());
            }
        });
    }

    /** Every item a route must process: {@code event:<executionId>:<seq>} and {@code run:<runId>}. */
    List<String> expectedItems() {
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= executions; i++) {
            for (int j = 0; j < eventsPerExecution; j++) {
                items.add("event:" + executionId(i) + ":" + seq(j));
            }
        }
        for (int r = 1; r <= runs; r++) {
            items.add("run:" + runId(r));
        }
        return items;
    }

    static String executionId(int i) {
        return "exec_ha_" + i;
    }

    static String runId(int r) {
        return "run_ha_" + r;
    }

    private static long seq(int j) {
        return 2L * j + 1;
    }

    private static long ticks(long millis) {
        return Math.max(1, (millis + TICK_MS - 1) / TICK_MS);
    }
}
