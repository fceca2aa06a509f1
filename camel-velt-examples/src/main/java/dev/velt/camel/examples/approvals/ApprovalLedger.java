package dev.velt.camel.examples.approvals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.velt.camel.examples.TextTable;

/**
 * What happened to each approval request sent to Slack: the message (channel and {@code ts}, so that decisions update
 * it and the outcome is posted in its thread), the decisions clicked, and how the execution ended. In memory: the
 * demo's
 * state, printed as a table at the end. Bound in the registry as {@code approvalLedger}.
 */
public class ApprovalLedger {

    /** A click that reached Velt: who decided what, and whether Velt recorded it (false for a repeat). */
    public record Decision(String reviewerId, String slackUserId, String decision, boolean recorded,
            String aggregatorStatus) {
    }

    /** One approval request: an execution's human step waiting in Slack. */
    public static final class Approval {

        private final String executionId;
        private final String stepId;
        private final String what;
        private final String text;
        private volatile String channel;
        private volatile String ts;
        private final List<Decision> decisions = new CopyOnWriteArrayList<>();
        private final List<String> notRecorded = new CopyOnWriteArrayList<>();
        private volatile int updates;
        private volatile String outcome;

        Approval(String executionId, String stepId, String what, String text) {
            this.executionId = executionId;
            this.stepId = stepId;
            this.what = what;
            this.text = text;
        }

        public String executionId() {
            return executionId;
        }

        public String stepId() {
            return stepId;
        }

        /** What is to be approved, as the request names it. */
        public String what() {
            return what;
        }

        /** The request's text, as first posted. */
        public String text() {
            return text;
        }

        public String channel() {
            return channel;
        }

        /** The Slack message's {@code ts}, or null before Slack answered. */
        public String ts() {
            return ts;
        }

        public List<Decision> decisions() {
            return List.copyOf(decisions);
        }

        /** Clicks that reached the route but recorded nothing, with the reason. */
        public List<String> notRecorded() {
            return List.copyOf(notRecorded);
        }

        /** How often the Slack message was updated. */
        public int updates() {
            return updates;
        }

        /** The event that ended the execution ({@code execution.completed}, ...), or null while it runs. */
        public String outcome() {
            return outcome;
        }
    }

    private final Map<String, Approval> byExecution = new ConcurrentHashMap<>();
    private final List<Approval> inOrder = new CopyOnWriteArrayList<>();

    void requested(String executionId, String stepId, String what, String text) {
        Approval approval = new Approval(executionId, stepId, what, text);
        if (byExecution.putIfAbsent(executionId, approval) == null) {
            inOrder.add(approval);
        }
    }

    void posted(String executionId, String channel, String ts) {
        Approval approval = byExecution.get(executionId);
        if (approval != null && approval.ts == null) {
            approval.channel = channel;
            approval.ts = ts;
        }
    }

    void decided(String executionId, Decision decision) {
        approval(executionId).decisions.add(decision);
    }

    void notRecorded(String executionId, String reason) {
        Approval approval = executionId == null ? null : byExecution.get(executionId);
        if (approval != null) {
            approval.notRecorded.add(reason);
        }
    }

    void updated(String executionId) {
        approval(executionId).updates++;
    }

    void ended(String executionId, String outcome) {
        Approval approval = byExecution.get(executionId);
        if (approval != null) {
            approval.outcome = outcome;
        }
    }

    /** The approval request of an execution, or null. */
    public Approval find(String executionId) {
        return byExecution.get(executionId);
    }

    /** Every approval request, oldest first. */
    public List<Approval> approvals() {
        return List.copyOf(inOrder);
    }

    private Approval approval(String executionId) {
        Approval approval = byExecution.get(executionId);
        if (approval == null) {
            throw new IllegalStateException("No approval request was posted for execution " + executionId);
        }
        return approval;
    }

    /** A plain-text table: per approval request, what it was, who decided in Slack, and how the execution ended. */
    public String table() {
        String[] header = {"execution", "what", "decided in Slack", "not recorded", "Slack message", "ended"};
        List<String[]> rows = new ArrayList<>();
        rows.add(header);
        for (Approval a : inOrder) {
            List<String> decided = new ArrayList<>();
            int repeats = 0;
            for (Decision d : a.decisions) {
                if (d.recorded()) {
                    decided.add(d.decision() + " by " + d.reviewerId() + " (" + d.slackUserId() + ")");
                } else {
                    repeats++;
                }
            }
            List<String> skipped = new ArrayList<>(a.notRecorded);
            if (repeats > 0) {
                skipped.add(0, repeats + " repeat" + (repeats == 1 ? "" : "s"));
            }
            String message = a.ts == null ? "not posted" : "posted, updated " + a.updates + "x";
            rows.add(new String[]{a.executionId, a.what, decided.isEmpty() ? "-" : String.join(", ", decided),
                    skipped.isEmpty() ? "-" : String.join(", ", skipped), message,
                    a.outcome == null ? "(running)" : a.outcome});
        }
        StringBuilder table = new StringBuilder(TextTable.render(rows));
        if (inOrder.isEmpty()) {
            table.append("(no approval request was posted)\n");
        }
        return table.toString();
    }

}
