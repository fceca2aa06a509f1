package dev.velt.camel.component.support;

import java.util.HashMap;
import java.util.Map;

import dev.velt.camel.test.ScriptedExecution;
import dev.velt.camel.test.VeltSimulator;

/**
 * Shorthand for the consumer tests' scripts on a {@link VeltSimulator} whose clock ticks with real time: events of an
 * execution that is created (of {@link #DEFINITION_ID}, started now) on its first event, and executions started at a
 * given wall-clock time, in the past or ahead.
 */
public final class VeltScript {

    public static final String DEFINITION_ID = "def_test";

    private final VeltSimulator simulator;
    private final Map<String, ScriptedExecution> executions = new HashMap<>();

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

    /** The tick at (or just after) the wall-clock time {@code epochMillis}. */
    public long tickOf(long epochMillis) {
        long perTick = simulator.options().simulatedMillisPerTick();
        return Math.floorDiv(epochMillis - simulator.startTime() + perTick - 1, perTick);
    }
}
