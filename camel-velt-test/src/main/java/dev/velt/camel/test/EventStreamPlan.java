package dev.velt.camel.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded stream of workflow executions of one definition, written into a simulator ahead of its clock: execution
 * {@code i} starts a few ticks after the one before (about one in six in the same tick, so in the same millisecond,
 * and listed one tick late, as executions started together show up in a list), then publishes its events one every
 * few ticks: {@code execution.dispatched}, step and group events, a terminal event last, with seq gaps and internal
 * events between them. The plan is known from the start ({@link #expectedEvents()}), so a test can check what a
 * route received against it whatever the faults on the way; drive it with a ticking clock, {@code advance(n)} or
 * {@link SimulatorOptions#ticksPerRequest(int)}.
 */
public final class EventStreamPlan {

    private static final List<String> STEP_TYPES = List.of("step.awaiting-approval", "step.completed",
            "step.completed", "step.failed", "step.breached", "step.cancelled", "group.quorum-met",
            "loop.iteration-started", "loop.exhausted");
    private static final List<String> TERMINAL_TYPES = List.of("execution.completed", "execution.completed",
            "execution.failed", "execution.cancelled");

    private final Map<String, List<String>> expected = new LinkedHashMap<>();
    private long lastTick;

    /**
     * Writes the stream, starting after the simulator's current tick.
     *
     * @param executions how many executions
     * @param minEvents the fewest external events of an execution (dispatched and terminal included), at least 2
     * @param maxEvents the most
     * @param startGapTicks the most ticks between two starts
     * @param eventGapTicks the most ticks between two events of an execution
     */
    public static EventStreamPlan write(VeltSimulator simulator, String definitionId, long seed, int executions,
            int minEvents, int maxEvents, int startGapTicks, int eventGapTicks) {
        if (minEvents < 2 || maxEvents < minEvents) {
            throw new IllegalArgumentException("need 2 <= minEvents <= maxEvents");
        }
        EventStreamPlan plan = new EventStreamPlan();
        simulator.atomically(() -> plan.writeInto(simulator, definitionId, new Random(seed), executions, minEvents,
                maxEvents, startGapTicks, eventGapTicks));
        return plan;
    }

    private void writeInto(VeltSimulator simulator, String definitionId, Random random, int executions, int minEvents,
            int maxEvents, int startGapTicks, int eventGapTicks) {
        long start = simulator.tick();
        for (int i = 0; i < executions; i++) {
            boolean sameMillisecond = i > 0 && random.nextInt(6) == 0;
            if (!sameMillisecond) {
                start += 1 + random.nextInt(Math.max(1, startGapTicks));
            }
            String executionId = String.format("exec_%s_%04d", definitionId, i);
            ScriptedExecution execution = simulator.addExecution(executionId, definitionId,
                    sameMillisecond ? start + 1 : start, start);
            int count = minEvents + random.nextInt(maxEvents - minEvents + 1);
            List<String> keys = new ArrayList<>();
            long seq = random.nextInt(2);
            long tick = sameMillisecond ? start + 1 : start;
            for (int e = 0; e < count; e++) {
                if (random.nextInt(4) == 0) { // an internal event Velt keeps to itself
                    execution.eventAt(tick, ++seq, "step.started", null, null);
                }
                seq += 1 + (random.nextInt(5) == 0 ? random.nextInt(3) : 0); // or only a gap
                String type = e == 0 ? "execution.dispatched"
                        : e == count - 1 ? TERMINAL_TYPES.get(random.nextInt(TERMINAL_TYPES.size()))
                                : STEP_TYPES.get(random.nextInt(STEP_TYPES.size()));
                execution.eventAt(tick, seq, type, type.startsWith("step.") ? "step_" + seq : null,
                        type.equals("execution.completed") ? null : Map.of("n", seq));
                keys.add(executionId + "#" + seq);
                lastTick = Math.max(lastTick, tick);
                tick += 1 + random.nextInt(Math.max(1, eventGapTicks));
            }
            expected.put(executionId, List.copyOf(keys));
        }
    }

    /** Every external event of the stream, {@code executionId#seq}, per execution in seq order. */
    public Map<String, List<String>> expectedEvents() {
        return expected;
    }

    public int totalEvents() {
        return expected.values().stream().mapToInt(List::size).sum();
    }

    /** The tick of the stream's last event: from then on nothing changes. */
    public long lastTick() {
        return lastTick;
    }
}
