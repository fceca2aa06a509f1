package dev.velt.camel.test;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An execution a test writes event by event ({@link VeltSimulator#addExecution(String, String)}). Each event gets a
 * seq the test chooses (leave gaps to play internal events Velt filters out, or add them with {@link #internal(long)})
 * and happens at the current tick unless given one ahead; a terminal type ({@code execution.completed}, {@code
 * .failed}, {@code .cancelled}) ends the execution, which is then listed with that status.
 */
public final class ScriptedExecution {

    private final VeltSimulator simulator;
    private final SimExecution execution;
    private int eventNumber;

    ScriptedExecution(VeltSimulator simulator, SimExecution execution) {
        this.simulator = simulator;
        this.execution = execution;
    }

    public String executionId() {
        return execution.executionId();
    }

    public SimExecution execution() {
        return execution;
    }

    /** An event now, with a {@code stepId} for {@code step.*} types and {@code data} {@code {"n": seq}}. */
    public ScriptedExecution event(long seq, String type) {
        return eventAt(simulator.tick(), seq, type, type.startsWith("step.") ? "step_" + seq : null,
                type.equals("execution.completed") ? null : Map.of("n", seq));
    }

    /** An event now. */
    public ScriptedExecution event(long seq, String type, String stepId, Map<String, Object> data) {
        return eventAt(simulator.tick(), seq, type, stepId, data);
    }

    /** An internal event now: it takes {@code seq} but {@code getEvents} never returns it. */
    public ScriptedExecution internal(long seq) {
        return eventAt(simulator.tick(), seq, "step.started", null, null);
    }

    /** An event that happens at {@code tick} (now or ahead: it shows once the clock gets there). */
    public ScriptedExecution eventAt(long tick, long seq, String type, String stepId, Map<String, Object> data) {
        synchronized (simulator) {
            eventNumber++;
            execution.append(new SimEvent("evt_" + execution.executionId() + "_" + seq, seq, type, stepId, tick,
                    simulator.timeOf(tick), execution.correlationId(), data == null ? null : new LinkedHashMap<>(data),
                    null, null));
            simulator.pushWebhooks();
        }
        return this;
    }

    /** How many events were written so far. */
    public int events() {
        return eventNumber;
    }
}
