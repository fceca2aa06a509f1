package dev.velt.camel.component.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A planned stream of agent runs of one agent, revealed in a {@link FakeVelt} a little at a time: each {@link #tick()}
 * starts runs (listed as {@code running}) and finishes those whose planned duration is over, so runs finish out of their
 * start order; a few take far longer than the rest and fall off the first pages of the list before they finish. Finished
 * runs get a final status ({@code passed}, {@code failed}, {@code partial}, {@code error}, {@code skipped}) and findings
 * (none to three, on one or two URLs, in both result shapes). Some runs share their {@code startedAt} with the run before.
 * The whole plan comes from the seed.
 */
public final class AgentWorld {

    private static final List<String> STATUSES = List.of("passed", "passed", "failed", "failed", "partial", "error", "skipped");
    private static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "info");

    /** One run's plan: how many ticks it runs, how it ends, and its findings per URL. */
    public record Plan(String runId, int durationTicks, String status, Map<String, List<String>> findingsByUrl,
                       boolean agentResultShape) {

        /** The finding ids the fake gives this run's findings, in the order the API lists them. */
        public List<String> findingIds() {
            List<String> ids = new ArrayList<>();
            findingsByUrl.forEach((url, severities) -> {
                for (int i = 0; i < severities.size(); i++) {
                    ids.add(runId + "-finding-" + url.hashCode() + "-" + i);
                }
            });
            return ids;
        }
    }

    private final FakeVelt velt;
    private final String agentId;
    private final Random random;
    private final double startsPerTick;
    private final List<Plan> plans = new ArrayList<>();
    private final Map<String, long[]> running = new LinkedHashMap<>(); // runId -> {startedAt, finishTick}
    private int started;
    private int finished;
    private double startCredit;
    private long lastStart;
    private long ticks;

    /**
     * @param runs          how many runs the stream has
     * @param maxTicks      the longest ordinary run, in ticks (one in twenty runs takes ten times as long)
     * @param startsPerTick runs started per tick, on average
     */
    public AgentWorld(FakeVelt velt, String agentId, long seed, int runs, int maxTicks, double startsPerTick) {
        this.velt = velt;
        this.agentId = agentId;
        this.random = new Random(seed);
        this.startsPerTick = startsPerTick;
        for (int i = 0; i < runs; i++) {
            int duration = 1 + random.nextInt(maxTicks);
            if (random.nextInt(20) == 0) {
                duration *= 10;
            }
            String status = STATUSES.get(random.nextInt(STATUSES.size()));
            Map<String, List<String>> findings = new LinkedHashMap<>();
            int urls = "passed".equals(status) || "skipped".equals(status) ? random.nextInt(2) : 1 + random.nextInt(2);
            for (int u = 0; u < urls; u++) {
                List<String> severities = new ArrayList<>();
                int count = 1 + random.nextInt(2);
                for (int f = 0; f < count; f++) {
                    severities.add(SEVERITIES.get(random.nextInt(SEVERITIES.size())));
                }
                findings.put("https://example.com/" + agentId + "/page-" + i + "-" + u, severities);
            }
            plans.add(new Plan(String.format("run_%s_%05d", agentId, i), duration, status, findings, random.nextBoolean()));
        }
    }

    /** Moves the world on: starts runs, finishes the ones whose time is up. Called under the fake's lock. */
    public synchronized void tick() {
        ticks++;
        startCredit += startsPerTick;
        while (startCredit >= 1 && started < plans.size()) {
            startCredit--;
            start(plans.get(started++));
        }
        for (Iterator<Map.Entry<String, long[]>> it = running.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, long[]> run = it.next();
            if (run.getValue()[1] <= ticks) {
                finish(plan(run.getKey()), run.getValue()[0]);
                it.remove();
            }
        }
    }

    private void start(Plan plan) {
        long now = System.currentTimeMillis();
        long at = lastStart > 0 && random.nextInt(8) == 0 ? lastStart : Math.max(now, lastStart + 1);
        lastStart = at;
        running.put(plan.runId(), new long[] { at, ticks + plan.durationTicks() });
        velt.putRun(plan.runId(), agentId, "running", at, null);
    }

    private void finish(Plan plan, long startedAt) {
        plan.findingsByUrl().forEach((url, severities) -> velt.putFindings(plan.runId(), plan.agentResultShape(), url,
                severities.toArray(String[]::new)));
        velt.putRun(plan.runId(), agentId, plan.status(), startedAt, Math.max(System.currentTimeMillis(), startedAt));
        finished++;
    }

    private Plan plan(String runId) {
        return plans.get(Integer.parseInt(runId.substring(runId.lastIndexOf('_') + 1)));
    }

    /** True once every planned run has finished. */
    public synchronized boolean finished() {
        return finished == plans.size();
    }

    public synchronized int finishedRuns() {
        return finished;
    }

    public List<Plan> plans() {
        return Collections.unmodifiableList(plans);
    }

    /** Planned finding ids per run, in order; runs without findings map to an empty list. */
    public Map<String, List<String>> expectedFindings() {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        plans.forEach(p -> keys.put(p.runId(), p.findingIds()));
        return keys;
    }

    /** Each run as a group of one key, its id: what a route sees without {@code splitFindings}. */
    public Map<String, List<String>> expectedRuns() {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        plans.forEach(p -> keys.put(p.runId(), List.of(p.runId())));
        return keys;
    }

    public int totalFindings() {
        return plans.stream().mapToInt(p -> p.findingIds().size()).sum();
    }

    public synchronized long ticks() {
        return ticks;
    }
}
