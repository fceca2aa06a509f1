package dev.velt.camel.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.velt.camel.test.ExecutionState.StepState;

/**
 * A simulated workflow execution: a timeline of events, each at a tick, and what the API shows at a given tick is the
 * part of the timeline up to that tick. A generated execution's whole timeline is written when it is created; a
 * dispatched or scripted one grows as it is driven (decisions, cancels, {@link ScriptedExecution}). Before its start
 * tick an execution is listed as {@code pending}, without {@code startedAt}. Thread-safe.
 */
public final class SimExecution {

    private static final Set<String> ENDED_STEP_STATUSES = Set.of("completed", "failed", "skipped", "cancelled");

    private final String executionId;
    private final String definitionId;
    private final int definitionVersion;
    private final String correlationId;
    private final String idempotencyKey;
    private final long visibleFromTick;
    private final long startTick;
    private final long startedAt;
    private final Map<String, SimStep> steps = new LinkedHashMap<>();
    private final List<SimEvent> events = new ArrayList<>();

    SimExecution(String executionId, String definitionId, int definitionVersion, String correlationId,
            String idempotencyKey, long startTick, long startedAt, List<SimStep> steps, List<SimEvent> events) {
        this(executionId, definitionId, definitionVersion, correlationId, idempotencyKey, startTick, startTick,
                startedAt, steps, events);
    }

    /**
     * @param visibleFromTick the tick it is listed from: before {@code startTick} it is {@code pending}; after it, it
     *     shows up late (an execution that started at the same millisecond as one listed before)
     */
    SimExecution(String executionId, String definitionId, int definitionVersion, String correlationId,
            String idempotencyKey, long visibleFromTick, long startTick, long startedAt, List<SimStep> steps,
            List<SimEvent> events) {
        this.executionId = executionId;
        this.definitionId = definitionId;
        this.definitionVersion = definitionVersion;
        this.correlationId = correlationId;
        this.idempotencyKey = idempotencyKey;
        this.visibleFromTick = visibleFromTick;
        this.startTick = startTick;
        this.startedAt = startedAt;
        steps.forEach(step -> this.steps.put(step.stepId(), step));
        this.events.addAll(events);
    }

    /** Adds a step the timeline's events may refer to. */
    synchronized void addStep(SimStep step) {
        steps.putIfAbsent(step.stepId(), step);
    }

    synchronized SimStep step(String stepId) {
        return steps.get(stepId);
    }

    /** Appends an event; its seq must be above every earlier one and its tick not before the last one's. */
    synchronized void append(SimEvent event) {
        if (!events.isEmpty()) {
            SimEvent last = events.get(events.size() - 1);
            if (event.seq() <= last.seq() || event.tick() < last.tick()) {
                throw new IllegalArgumentException("event seq " + event.seq() + " at tick " + event.tick()
                                                   + " does not follow seq " + last.seq() + " at tick " + last.tick());
            }
        }
        events.add(event);
    }

    /** The highest seq so far, internal events included; 0 before the first. */
    synchronized long lastSeq() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).seq();
    }

    public String executionId() {
        return executionId;
    }

    public String definitionId() {
        return definitionId;
    }

    public int definitionVersion() {
        return definitionVersion;
    }

    public String correlationId() {
        return correlationId;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** The tick it is listed from; before {@link #startTick()} it is {@code pending}. */
    public long visibleFromTick() {
        return visibleFromTick;
    }

    public long startTick() {
        return startTick;
    }

    /** Epoch ms of its start ({@code startedAt} once running). */
    public long startedAt() {
        return startedAt;
    }

    /** Every event of the timeline so far written, internal ones included, in seq order. */
    public synchronized List<SimEvent> events() {
        return List.copyOf(events);
    }

    /** The events {@code getEvents} returns, over the timeline so far written. */
    public synchronized List<SimEvent> externalEvents() {
        return events.stream().filter(e -> !e.internal()).toList();
    }

    /** The events that have happened by {@code tick}. */
    public synchronized List<SimEvent> eventsAt(long tick) {
        return events.stream().filter(e -> e.tick() <= tick).toList();
    }

    /** The events with a seq above {@code afterSeq} that have happened by {@code tick}, in seq order. */
    synchronized List<SimEvent> eventsAfter(long afterSeq, long tick) {
        int low = 0;
        int high = events.size();
        while (low < high) { // the first event with seq > afterSeq
            int mid = (low + high) >>> 1;
            if (events.get(mid).seq() <= afterSeq) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        List<SimEvent> after = new ArrayList<>();
        for (int i = low; i < events.size() && events.get(i).tick() <= tick; i++) {
            after.add(events.get(i));
        }
        return after;
    }

    /** True once its timeline holds its terminal event (which may lie ahead of the clock). */
    public synchronized boolean ended() {
        return !events.isEmpty() && events.get(events.size() - 1).terminal();
    }

    /** The tick of the terminal event; {@link Long#MAX_VALUE} while the timeline has none yet. */
    public synchronized long endTick() {
        return ended() ? events.get(events.size() - 1).tick() : Long.MAX_VALUE;
    }

    /** The status the execution ends with: completed, failed or cancelled (running while its end is not written). */
    public String finalStatus() {
        return stateAt(Long.MAX_VALUE).status();
    }

    /** Replays the timeline up to {@code tick}. */
    public synchronized ExecutionState stateAt(long tick) {
        String status = tick < startTick ? "pending" : "running";
        Long completedAt = null;
        Long cancelledAt = null;
        Map<String, Object> failureReason = null;
        Map<String, StepState> stepStates = new LinkedHashMap<>();
        for (SimEvent event : eventsAt(tick)) {
            switch (event.type()) {
                case "execution.completed" -> {
                    status = "completed";
                    completedAt = event.timestamp();
                }
                case "execution.failed" -> {
                    status = "failed";
                    completedAt = event.timestamp();
                    failureReason = asMap(event.data().get("failureReason"));
                }
                case "execution.cancelled" -> {
                    status = "cancelled";
                    cancelledAt = event.timestamp();
                }
                default -> {
                }
            }
            if (event.stepStatus() != null) {
                stepStates.put(event.stepId(), next(stepStates.get(event.stepId()), event));
            }
        }
        return new ExecutionState(status, completedAt, cancelledAt, failureReason, new ArrayList<>(stepStates.values()));
    }

    private StepState next(StepState previous, SimEvent event) {
        String status = event.stepStatus();
        Long startedAt = previous == null ? null : previous.startedAt();
        if (startedAt == null && ("running".equals(status) || "waiting".equals(status))) {
            startedAt = event.timestamp();
        }
        Long completedAt = ENDED_STEP_STATUSES.contains(status) ? Long.valueOf(event.timestamp()) : null;
        Map<String, Object> output = "completed".equals(status) ? event.stepDetail() : null;
        Map<String, Object> error = "failed".equals(status) ? event.stepDetail() : null;
        return new StepState(steps.get(event.stepId()), status, startedAt, completedAt, output, error);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }
}
