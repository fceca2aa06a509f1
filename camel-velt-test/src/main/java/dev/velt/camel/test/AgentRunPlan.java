package dev.velt.camel.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded stream of runs of one agent, written into a simulator ahead of its clock: runs start one after another
 * (some in the same tick as the run before) and take 1 to {@code maxTicks} ticks, one in twenty ten times as long, so
 * they finish out of start order and a long one falls off the first pages of the list before it finishes. They end
 * {@code passed}, {@code failed}, {@code partial}, {@code error} or {@code skipped}, with none to a few findings on
 * one or two pages ({@link SimulatorOptions.FindingsShape#MIXED} shows both result shapes). The plan is known from
 * the start: {@link #expectedRuns()} and {@link #expectedFindings()}.
 */
public final class AgentRunPlan {

    private static final List<String> STATUSES = List.of("passed", "passed", "failed", "failed", "partial", "error",
            "skipped");
    private static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "info");

    private final Map<String, List<String>> findings = new LinkedHashMap<>();
    private long lastTick;

    /**
     * Writes the runs, starting after the simulator's current tick.
     *
     * @param runs how many runs
     * @param maxTicks the longest ordinary run, in ticks
     * @param startGapTicks the most ticks between two starts (0 in about one case in eight)
     */
    public static AgentRunPlan write(VeltSimulator simulator, String agentId, long seed, int runs, int maxTicks,
            int startGapTicks) {
        AgentRunPlan plan = new AgentRunPlan();
        simulator.atomically(() -> plan.writeInto(simulator, agentId, new Random(seed), runs, maxTicks, startGapTicks));
        return plan;
    }

    private void writeInto(VeltSimulator simulator, String agentId, Random random, int runs, int maxTicks,
            int startGapTicks) {
        long start = simulator.tick();
        for (int i = 0; i < runs; i++) {
            if (i == 0 || random.nextInt(8) != 0) {
                start += 1 + random.nextInt(Math.max(1, startGapTicks));
            }
            int duration = 1 + random.nextInt(Math.max(1, maxTicks));
            if (random.nextInt(20) == 0) {
                duration *= 10;
            }
            String status = STATUSES.get(random.nextInt(STATUSES.size()));
            String runId = String.format("run_%s_%05d", agentId, i);
            List<SimUrlResult> results = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            int pages = status.equals("error") ? 0 : status.equals("passed") || status.equals("skipped")
                    ? random.nextInt(2) : 1 + random.nextInt(2);
            for (int u = 0; u < pages; u++) {
                String url = "https://example.com/" + agentId + "/page-" + i + "-" + u;
                List<SimFinding> page = new ArrayList<>();
                int count = 1 + random.nextInt(2);
                for (int f = 0; f < count; f++) {
                    String id = runId + "-finding-" + u + "-" + f;
                    String severity = SEVERITIES.get(random.nextInt(SEVERITIES.size()));
                    page.add(new SimFinding(id, "Finding " + f, "Description " + f, severity, "typography", "text " + f,
                            1, url, "Fix it", "h1:nth-of-type(" + (f + 1) + ")", "/html/body/h1[" + (f + 1) + "]",
                            false, "issue-" + f, 90));
                    ids.add(id);
                }
                results.add(new SimUrlResult(url, List.copyOf(page), page.size(), simulator.timeOf(start + duration)));
            }
            simulator.addAgentRun(runId, agentId, start, start + duration, status, results);
            findings.put(runId, List.copyOf(ids));
            lastTick = Math.max(lastTick, start + duration);
        }
    }

    /** Each run as a group of one item, its id: what a route sees without splitting findings. */
    public Map<String, List<String>> expectedRuns() {
        Map<String, List<String>> runs = new LinkedHashMap<>();
        findings.keySet().forEach(id -> runs.put(id, List.of(id)));
        return runs;
    }

    /** The finding ids of each run, in the order the API lists them (runs without findings: an empty list). */
    public Map<String, List<String>> expectedFindings() {
        return findings;
    }

    public int totalFindings() {
        return findings.values().stream().mapToInt(List::size).sum();
    }

    /** The tick the last run finishes at. */
    public long lastTick() {
        return lastTick;
    }
}
