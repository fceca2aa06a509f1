package dev.velt.camel.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the simulator has generated so far, and the current tick. Thread-safe: the clock writes, HTTP threads
 * read; the model objects are immutable and what a request may see is decided by the tick it read.
 */
final class SimWorld {

    private final Map<String, SimExecution> executions = new LinkedHashMap<>();
    private final Map<String, SimAgentRun> runs = new LinkedHashMap<>();
    private long tick;

    synchronized long tick() {
        return tick;
    }

    synchronized void setTick(long tick) {
        this.tick = tick;
    }

    synchronized void add(SimExecution execution) {
        executions.put(execution.executionId(), execution);
    }

    /** Adds a run, or replaces the one with its id (a scripted run that finishes). */
    synchronized void add(SimAgentRun run) {
        runs.put(run.id(), run);
    }

    /** Forgets every execution and run (the tick stays). */
    synchronized void clear() {
        executions.clear();
        runs.clear();
    }

    synchronized void removeRun(String id) {
        runs.remove(id);
    }

    /** The execution with this id whether visible yet or not, else null. */
    synchronized SimExecution anyExecution(String id) {
        return executions.get(id);
    }

    synchronized SimAgentRun anyRun(String id) {
        return runs.get(id);
    }

    /** Every execution generated so far, visible or not yet, in start order. */
    synchronized List<SimExecution> executions() {
        return new ArrayList<>(executions.values());
    }

    synchronized List<SimAgentRun> runs() {
        return new ArrayList<>(runs.values());
    }

    /** The execution if it exists by {@code tick}, else null. */
    synchronized SimExecution execution(String id, long tick) {
        SimExecution execution = executions.get(id);
        return execution != null && tick >= execution.visibleFromTick() ? execution : null;
    }

    synchronized SimAgentRun run(String id, long tick) {
        SimAgentRun run = runs.get(id);
        return run != null && run.visibleAt(tick) ? run : null;
    }
}
