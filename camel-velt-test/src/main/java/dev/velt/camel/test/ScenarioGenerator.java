package dev.velt.camel.test;

import java.util.Random;

/**
 * Decides, tick by tick, which workflow executions and agent runs start. All randomness comes from one
 * {@code Random(seed)} consumed in tick order, so a seed always gives the same scenario, whatever the clients do.
 */
final class ScenarioGenerator {

    private final Random random;
    /** Which executions are listed as pending first: its own random, so the share leaves the rest of a seed's scenario as it was. */
    private final Random pending;
    private final SimulatorOptions options;
    private final WorkflowScenario workflows;
    private final AgentRunScenario agentRuns;
    private long nextExecutionTick;
    private long nextRunTick;
    private int executionsStarted;
    private int runsStarted;

    ScenarioGenerator(SimulatorOptions options, SimClock clock) {
        this.options = options;
        this.random = new Random(options.seed());
        this.pending = new Random(options.seed() * 31 + 17);
        this.workflows = new WorkflowScenario(random, clock);
        this.agentRuns = new AgentRunScenario(random, clock);
        this.nextExecutionTick = 1 + nextGap();
        this.nextRunTick = 1 + nextGap();
    }

    /** Adds to {@code world} what starts at {@code tick}; called once per tick, in order. */
    void onTick(long tick, SimWorld world) {
        while (tick >= nextExecutionTick && more(executionsStarted, options.workflowExecutions())) {
            executionsStarted++;
            long startTick = pending.nextDouble() < options.pendingShare() ? tick + 1 + pending.nextInt(3) : tick;
            world.add(workflows.create(executionsStarted, tick, startTick));
            nextExecutionTick = tick + nextGap();
        }
        while (tick >= nextRunTick && more(runsStarted, options.agentRuns())) {
            runsStarted++;
            world.add(agentRuns.create(tick));
            nextRunTick = tick + nextGap();
        }
    }

    /** True when every execution and run the options ask for has been started. */
    boolean done() {
        return !more(executionsStarted, options.workflowExecutions()) && !more(runsStarted, options.agentRuns());
    }

    private static boolean more(int started, int limit) {
        return limit < 0 || started < limit;
    }

    /** Between half and one and a half times the mean gap, at least 1. */
    private long nextGap() {
        int mean = Math.max(1, options.meanStartGapTicks());
        return Math.max(1, mean / 2 + random.nextInt(mean + 1));
    }
}
