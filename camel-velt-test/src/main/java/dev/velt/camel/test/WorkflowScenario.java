package dev.velt.camel.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes the timeline of one workflow execution of a copy-approval definition: an agent drafts, a legal and a brand
 * reviewer approve in parallel (with a revision loop when brand rejects), an agent publishes. Some executions are
 * cancelled while waiting for approval, breach their approval SLA, exhaust the revision loop or fail to publish.
 */
final class WorkflowScenario {

    /** The definitions executions are started from; most are of the first. */
    static final List<String> DEFINITIONS = List.of("marketing-copy-approval", "press-release-approval");

    private static final String GROUP = "parallel-review";
    private static final String LOOP = "revise-loop";
    private static final int MAX_ITERATIONS = 2;

    private enum Outcome {
        COMPLETED, CANCELLED, BREACHED, REJECTED_THEN_APPROVED, LOOP_EXHAUSTED, PUBLISH_FAILED
    }

    private final Random random;
    private final SimClock clock;

    WorkflowScenario(Random random, SimClock clock) {
        this.random = random;
        this.clock = clock;
    }

    SimExecution create(int number, long startTick) {
        return create(number, startTick, startTick);
    }

    /** An execution listed from {@code visibleFromTick}, {@code pending} until {@code startTick}. */
    SimExecution create(int number, long visibleFromTick, long startTick) {
        String definitionId = random.nextInt(4) == 0 ? DEFINITIONS.get(1) : DEFINITIONS.get(0);
        long startedAt = clock.timeOf(startTick);
        String executionId = "exec_" + startedAt + "_" + Ids.alnum(random, 8);
        Timeline t = new Timeline(executionId, "corr_campaign_" + number, visibleFromTick, startTick);
        Outcome outcome = pickOutcome();

        String draft = t.step("step_agent-draft_" + Ids.alnum(random, 6), "agent-draft", "agent", null);
        t.emit(0, "execution.dispatched", null,
                map("definitionId", definitionId, "definitionVersion", 1, "rootStepIds", List.of(draft)), null, null);
        for (int iteration = 1;; iteration++) {
            agentStep(t, draft, "draft-agent-v2", false);
            String legal = t.step(draft + "__to__human-legal", "human-legal", "human", GROUP);
            String brand = t.step(draft + "__to__human-brand", "human-brand", "human", GROUP);
            t.emit(1, "step.scheduled", legal, null, "pending", null);
            t.emit(0, "step.scheduled", brand, null, "pending", null);
            awaitApproval(t, legal, 1);
            awaitApproval(t, brand, 2);
            if (outcome == Outcome.CANCELLED) {
                Map<String, Object> reason = map("actorId", "user_ops_lead", "reason", "Campaign withdrawn");
                t.emit(gap(4, 12), "step.cancelled", legal, reason, "cancelled", null);
                t.emit(0, "step.cancelled", brand, reason, "cancelled", null);
                t.emit(1, "execution.cancelled", null, map("reason", "Campaign withdrawn"), null, null);
                return t.build(definitionId);
            }
            if (outcome == Outcome.BREACHED) {
                t.emit(gap(10, 20), "step.breached", legal, map("reason", "No decision within the 4h approval SLA"),
                        "breached", null);
                fail(t, "STEP_BREACHED", "Step human-legal breached its approval SLA");
                return t.build(definitionId);
            }
            decide(t, legal, "approve", "user_legal");
            boolean rejects = outcome == Outcome.LOOP_EXHAUSTED
                    || outcome == Outcome.REJECTED_THEN_APPROVED && iteration == 1;
            decide(t, brand, rejects ? "reject" : "approve", "user_brand_lead");
            if (!rejects) {
                break;
            }
            if (iteration == MAX_ITERATIONS) {
                t.emit(1, "loop.exhausted", null, map("loopId", LOOP, "iteration", iteration,
                        "lastRejectedBy", "user_brand_lead", "lastRejectionReason", "Tone is still off-brand"), null, null);
                fail(t, "LOOP_EXHAUSTED", "Revision loop exhausted after " + iteration + " iterations");
                return t.build(definitionId);
            }
            t.emit(1, "loop.iteration-started", null,
                    map("loopId", LOOP, "iteration", iteration + 1, "triggeredBy", brand), null, null);
            draft = t.step("step_agent-draft_" + Ids.alnum(random, 6), "agent-draft", "agent", null);
        }
        t.emit(1, "group.quorum-met", null, map("groupId", GROUP, "total", 2, "quorum", 2, "completedTotal", 2,
                "expectedSteps", t.stepsOfGroup(GROUP)), null, null);
        t.emit(0, "parallel-group.completed", null, map("groupId", GROUP), null, null);
        String publish = t.step("group_" + GROUP + "_" + Ids.alnum(random, 6) + "__to__agent-publish", "agent-publish",
                "agent", null);
        if (!agentStep(t, publish, "publish-agent-v1", outcome == Outcome.PUBLISH_FAILED)) {
            fail(t, "STEP_FAILED", "Step agent-publish failed: CMS answered 502 Bad Gateway");
            return t.build(definitionId);
        }
        t.emit(1, "execution.completed", null, null, null, null);
        return t.build(definitionId);
    }

    private Outcome pickOutcome() {
        int roll = random.nextInt(100);
        if (roll < 10) {
            return Outcome.CANCELLED;
        } else if (roll < 20) {
            return Outcome.BREACHED;
        } else if (roll < 32) {
            return Outcome.REJECTED_THEN_APPROVED;
        } else if (roll < 40) {
            return Outcome.LOOP_EXHAUSTED;
        } else if (roll < 52) {
            return Outcome.PUBLISH_FAILED;
        }
        return Outcome.COMPLETED;
    }

    /** Schedules, starts and completes (or fails) an agent step; false when it failed. */
    private boolean agentStep(Timeline t, String stepId, String agentId, boolean fails) {
        t.emit(1, "step.scheduled", stepId, null, "pending", null);
        t.emit(1, "step.started", stepId, null, "running", null);
        if (fails) {
            t.emit(gap(2, 4), "step.retried", stepId, map("attempt", 2), "running", null);
            Map<String, Object> error = map("code", "PUBLISH_FAILED", "message", "CMS answered 502 Bad Gateway");
            t.emit(gap(2, 4), "step.failed", stepId, map("error", error), "failed", error);
            return false;
        }
        int wait = gap(2, 6);
        Map<String, Object> output = map("agentId", agentId, "summary", "Done: " + agentId,
                "generatedAt", clock.timeOf(t.tick + wait));
        t.emit(wait, "step.completed", stepId, map("agentId", agentId), "completed", output);
        return true;
    }

    private void awaitApproval(Timeline t, String stepId, int reviewers) {
        t.emit(1, "step.awaiting-approval", stepId, map("waitingForReviewers", reviewers, "mandatoryCount", 1,
                "resumeKey", "human:" + t.executionId + ":" + stepId), "waiting", null);
    }

    private void decide(Timeline t, String stepId, String decision, String reviewerId) {
        t.emit(gap(3, 15), "step.response-recorded", stepId, map("reviewerId", reviewerId, "decision", decision),
                "waiting", null);
        String aggregatorStatus = "approve".equals(decision) ? "approved" : "rejected";
        t.emit(1, "step.completed", stepId, map("aggregatorStatus", aggregatorStatus, "nodeType", "human",
                "decision", decision, "aggregatorBacked", true), "completed",
                map("decision", decision, "reviewerId", reviewerId));
    }

    private void fail(Timeline t, String code, String message) {
        t.emit(1, "execution.failed", null, map("failureReason", map("code", code, "message", message)), null, null);
    }

    private int gap(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    /** Insertion-ordered map of alternating keys and values. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** The timeline being written: the current tick and seq, the steps and events so far. */
    private final class Timeline {

        private final String executionId;
        private final String correlationId;
        private final long visibleFromTick;
        private final long startTick;
        private final List<SimStep> steps = new ArrayList<>();
        private final List<SimEvent> events = new ArrayList<>();
        private long tick;
        private long seq;

        Timeline(String executionId, String correlationId, long visibleFromTick, long startTick) {
            this.visibleFromTick = visibleFromTick;
            this.executionId = executionId;
            this.correlationId = correlationId;
            this.startTick = startTick;
            this.tick = startTick;
        }

        String step(String stepId, String nodeId, String nodeType, String groupId) {
            steps.add(new SimStep(stepId, nodeId, nodeType, groupId));
            return stepId;
        }

        List<String> stepsOfGroup(String groupId) {
            List<SimStep> group = steps.stream().filter(s -> groupId.equals(s.groupId())).toList();
            // the group's last round: its last two steps
            return group.subList(group.size() - 2, group.size()).stream().map(SimStep::stepId).toList();
        }

        /** Adds an event {@code after} ticks after the previous one. */
        void emit(int after, String type, String stepId, Map<String, Object> data, String stepStatus,
                Map<String, Object> stepDetail) {
            tick += after;
            seq++;
            events.add(new SimEvent("evt_" + Ids.alnum(random, 16), seq, type, stepId, tick, clock.timeOf(tick),
                    correlationId, data, stepStatus, stepDetail));
        }

        SimExecution build(String definitionId) {
            String idempotencyKey = correlationId.replace("corr_", "").replace('_', '-') + "-dispatch";
            return new SimExecution(executionId, definitionId, 1, correlationId, idempotencyKey, visibleFromTick,
                    startTick, clock.timeOf(startTick), steps, events);
        }
    }
}
