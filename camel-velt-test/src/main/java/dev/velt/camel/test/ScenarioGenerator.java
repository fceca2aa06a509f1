package dev.velt.camel.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Decides, tick by tick, which workflow executions and agent runs start. All randomness comes from one
 * {@code Random(seed)} consumed in tick order, so a seed always gives the same scenario, whatever the clients do.
 */
final class ScenarioGenerator {

    private final Random random;
    /**
     * Which executions are listed as pending first: its own random, so the share leaves the rest of a seed's scenario as it
     * was.
     */
    private final Random pending;
    /** Which runs are rerun, and how: its own random too. */
    private final Random reruns;
    /** Which executions are played by the write side, waiting for real decisions: its own random too. */
    private final Random interactive;
    private final WorkflowEngine engine;
    private final SimClock clock;
    private final SimulatorOptions options;
    private final WorkflowScenario workflows;
    private final AgentRunScenario agentRuns;
    private long nextExecutionTick;
    private long nextRunTick;
    private int executionsStarted;
    private int runsStarted;

    ScenarioGenerator(SimulatorOptions options, SimClock clock, WorkflowEngine engine) {
        this.options = options;
        this.random = new Random(options.seed());
        this.pending = new Random(options.seed() * 31 + 17);
        this.reruns = new Random(options.seed() * 31 + 19);
        this.interactive = new Random(options.seed() * 31 + 23);
        this.engine = engine;
        this.clock = clock;
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
            if (interactive.nextDouble() < options.interactiveShare()) {
                engine.start(WorkflowScenario.DEFINITIONS.get(0), "corr_campaign_" + executionsStarted, null, tick);
            } else {
                world.add(workflows.create(executionsStarted, tick, startTick));
            }
            nextExecutionTick = tick + nextGap();
        }
        while (tick >= nextRunTick && more(runsStarted, options.agentRuns())) {
            runsStarted++;
            SimAgentRun run = agentRuns.create(tick);
            world.add(run);
            if (!run.findings().isEmpty() && reruns.nextDouble() < options.agentRerunShare()) {
                world.add(rerun(run));
            }
            nextRunTick = tick + nextGap();
        }
    }

    /**
     * A rerun of {@code run} starting 2 to 6 ticks after it ends, with a new problem one time in three: a broken link of
     * severity high on the page of the run's first finding.
     */
    private SimAgentRun rerun(SimAgentRun run) {
        long start = run.endTick() + 2 + reruns.nextInt(5);
        List<SimFinding> added = new ArrayList<>();
        if (reruns.nextInt(3) == 0) {
            SimFinding model = run.findings().get(0);
            added.add(new SimFinding("finding-new-1", "Broken link", "The link to /pricing answers 404", "high",
                    "content", "See our pricing", 1, model.sourceUrl(), "Point the link at /plans", "a.pricing-link",
                    "/html/body/main/section[2]/a", false, "broken-link", 88));
        }
        String id = "exec_" + clock.timeOf(start) + "_" + Ids.alnum(reruns, 12);
        return AgentRunScenario.rerun(run, id, start, clock, added);
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
