package dev.velt.camel.component.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.velt.camel.test.ScriptedExecution;
import dev.velt.camel.test.SimAgentRun;
import dev.velt.camel.test.SimFinding;
import dev.velt.camel.test.SimUrlResult;
import dev.velt.camel.test.VeltSimulator;

/**
 * Shorthand for the consumer tests' scripts on a {@link VeltSimulator} whose clock ticks with real time: events of an
 * execution that is created (of {@link #DEFINITION_ID}, started now) on its first event, and executions started at a
 * given wall-clock time, in the past or ahead; agent runs started and finished at given wall-clock times, with the
 * findings put for them before.
 */
public final class VeltScript {

    public static final String DEFINITION_ID = "def_test";

    private final VeltSimulator simulator;
    private final Map<String, ScriptedExecution> executions = new HashMap<>();
    private final Map<String, List<SimUrlResult>> results = new HashMap<>();

    VeltScript(VeltSimulator simulator) {
        this.simulator = simulator;
    }

    public VeltSimulator simulator() {
        return simulator;
    }

    /** An event of {@code executionId} now; the execution is created on its first event. */
    public synchronized ScriptedExecution addEvent(String executionId, long seq, String type) {
        return execution(executionId).event(seq, type);
    }

    /**
     * An execution of {@code definitionId} listed from now on, started at {@code startedAt} (epoch ms; null: pending
     * for good, listed without {@code startedAt}). It is {@code running} (or {@code pending}) until its terminal event.
     */
    public synchronized ScriptedExecution addExecution(String executionId, String definitionId, String status,
            Long startedAt) {
        if (!"running".equals(status) && !"pending".equals(status)) {
            throw new IllegalArgumentException("status: running or pending (a terminal event ends an execution), not "
                                               + status);
        }
        long now = simulator.tick();
        long startTick = startedAt == null ? Long.MAX_VALUE / 4 / simulator.options().simulatedMillisPerTick()
                : tickOf(startedAt);
        ScriptedExecution execution = simulator.addExecution(executionId, definitionId, now, startTick);
        executions.put(executionId, execution);
        return execution;
    }

    /** The execution scripted as {@code executionId}, created now (of {@link #DEFINITION_ID}) if there is none. */
    public synchronized ScriptedExecution execution(String executionId) {
        return executions.computeIfAbsent(executionId, id -> simulator.addExecution(id, DEFINITION_ID));
    }

    /**
     * Adds (or replaces) an agent run started at {@code startedAt} (epoch ms): running while {@code completedAt} is
     * null, else finished then with {@code status} and the findings put for it.
     */
    public synchronized SimAgentRun putRun(String runId, String agentId, String status, long startedAt, Long completedAt) {
        long startTick = tickOf(startedAt);
        long endTick = completedAt == null ? Long.MAX_VALUE / 4 / simulator.options().simulatedMillisPerTick()
                : Math.max(startTick, tickOf(completedAt));
        return simulator.addAgentRun(runId, agentId, startTick, endTick, completedAt == null ? "passed" : status,
                List.copyOf(results.getOrDefault(runId, List.of())));
    }

    /**
     * Findings of {@code runId} on one page, one per severity, with the ids {@code <runId>-finding-<page>-<i>} (page
     * numbered from 0 in the order put); they show once the run is put finished.
     */
    public synchronized List<String> putFindings(String runId, String url, String... severities) {
        List<SimUrlResult> pages = results.computeIfAbsent(runId, id -> new ArrayList<>());
        List<SimFinding> findings = new ArrayList<>();
        for (int i = 0; i < severities.length; i++) {
            findings.add(new SimFinding(runId + "-finding-" + pages.size() + "-" + i, "Finding " + i, "Description " + i,
                    severities[i], "typography", "text", 1, url, "Fix it", "h1", "/html/body/h1", false, "issue-" + i, 90));
        }
        pages.add(new SimUrlResult(url, findings, findings.size(), 0));
        return findings.stream().map(SimFinding::id).toList();
    }

    /** The tick at (or just after) the wall-clock time {@code epochMillis}. */
    public long tickOf(long epochMillis) {
        long perTick = simulator.options().simulatedMillisPerTick();
        return Math.floorDiv(epochMillis - simulator.startTime() + perTick - 1, perTick);
    }
}
