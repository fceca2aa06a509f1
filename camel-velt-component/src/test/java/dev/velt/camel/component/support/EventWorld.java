package dev.velt.camel.component.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A planned stream of workflow executions of one definition, revealed in a {@link FakeVelt} a little at a time: each
 * {@link #tick()} may start an execution (listed as {@code running}, with its {@code execution.dispatched} event) and adds
 * events to random live ones, with gaps in their seq; an execution's last event is terminal, after which it is listed
 * with its terminal status. A few executions share their {@code startedAt} with the one before, as executions started in
 * the same millisecond do. The whole plan comes from the seed, so the expected stream is known from the start.
 */
public final class EventWorld {

    private static final List<String> STEP_TYPES = List.of("step.awaiting-approval", "step.completed", "step.completed",
            "step.failed", "step.breached", "step.cancelled", "group.quorum-met", "loop.iteration-started", "loop.exhausted");
    private static final List<String> TERMINAL_TYPES = List.of("execution.completed", "execution.completed",
            "execution.failed", "execution.cancelled");

    /** One execution's planned events, in order. */
    public record Plan(String executionId, List<Long> seqs, List<String> types) {
        String terminalStatus() {
            return types.get(types.size() - 1).substring("execution.".length());
        }
    }

    private final FakeVelt velt;
    private final String definitionId;
    private final Random random;
    private final int maxLive;
    private final int eventsPerTick;
    private final List<Plan> plans = new ArrayList<>();
    private final Map<String, Long> startedAt = new LinkedHashMap<>();
    private final Map<String, Integer> revealed = new LinkedHashMap<>();
    private final List<String> live = new ArrayList<>();
    private int started;
    private int revealedEvents;
    private long lastStart;
    private long ticks;

    /**
     * @param executions    how many executions the stream has
     * @param minEvents     the fewest events of an execution (its dispatched and terminal events included)
     * @param maxEvents     the most events of an execution
     * @param maxLive       how many executions run at the same time at most
     * @param eventsPerTick events added per tick, across the live executions
     */
    public EventWorld(FakeVelt velt, String definitionId, long seed, int executions, int minEvents, int maxEvents,
                      int maxLive, int eventsPerTick) {
        this.velt = velt;
        this.definitionId = definitionId;
        this.random = new Random(seed);
        this.maxLive = maxLive;
        this.eventsPerTick = eventsPerTick;
        for (int i = 0; i < executions; i++) {
            int count = minEvents + random.nextInt(maxEvents - minEvents + 1);
            List<Long> seqs = new ArrayList<>(count);
            List<String> types = new ArrayList<>(count);
            long seq = 1 + random.nextInt(2);
            for (int e = 0; e < count; e++) {
                seqs.add(seq);
                types.add(e == 0 ? "execution.dispatched"
                        : e == count - 1 ? TERMINAL_TYPES.get(random.nextInt(TERMINAL_TYPES.size()))
                        : STEP_TYPES.get(random.nextInt(STEP_TYPES.size())));
                seq += 1 + (random.nextInt(4) == 0 ? random.nextInt(5) : 0); // internal events leave gaps
            }
            plans.add(new Plan(String.format("exec_%s_%04d", definitionId, i), List.copyOf(seqs), List.copyOf(types)));
        }
    }

    /** Moves the world on: maybe starts an execution, then adds events to live ones. Called under the fake's lock. */
    public synchronized void tick() {
        ticks++;
        if (started < plans.size() && live.size() < maxLive && (live.isEmpty() || random.nextInt(3) == 0)) {
            start(plans.get(started++));
        }
        for (int i = 0; i < eventsPerTick && !live.isEmpty(); i++) {
            reveal(live.get(random.nextInt(live.size())));
        }
    }

    private void start(Plan plan) {
        long now = System.currentTimeMillis();
        // about one in six starts in the same millisecond as the one before
        long at = lastStart > 0 && random.nextInt(6) == 0 ? lastStart : Math.max(now, lastStart + 1);
        lastStart = at;
        startedAt.put(plan.executionId(), at);
        revealed.put(plan.executionId(), 0);
        live.add(plan.executionId());
        velt.addExecution(plan.executionId(), definitionId, "running", at);
        reveal(plan.executionId());
    }

    private void reveal(String executionId) {
        Plan plan = plan(executionId);
        int next = revealed.get(executionId);
        velt.addEvent(executionId, plan.seqs().get(next), plan.types().get(next));
        revealed.put(executionId, next + 1);
        revealedEvents++;
        if (next + 1 == plan.seqs().size()) {
            live.remove(executionId);
            velt.addExecution(executionId, definitionId, plan.terminalStatus(), startedAt.get(executionId));
        }
    }

    private Plan plan(String executionId) {
        return plans.get(Integer.parseInt(executionId.substring(executionId.lastIndexOf('_') + 1)));
    }

    /** True once every planned event is in the fake. */
    public synchronized boolean finished() {
        return started == plans.size() && live.isEmpty();
    }

    public List<Plan> plans() {
        return Collections.unmodifiableList(plans);
    }

    /** Planned keys {@code executionId#seq} per execution, in order. */
    public Map<String, List<String>> expectedKeys() {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (Plan plan : plans) {
            keys.put(plan.executionId(), plan.seqs().stream().map(s -> plan.executionId() + "#" + s).toList());
        }
        return keys;
    }

    public int totalEvents() {
        return plans.stream().mapToInt(p -> p.seqs().size()).sum();
    }

    public synchronized int revealedEvents() {
        return revealedEvents;
    }

    public synchronized long ticks() {
        return ticks;
    }
}
