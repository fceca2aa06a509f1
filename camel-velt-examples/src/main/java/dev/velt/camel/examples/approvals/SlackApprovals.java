package dev.velt.camel.examples.approvals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.examples.approvals.ApprovalLedger.Approval;
import dev.velt.camel.examples.approvals.ApprovalLedger.Decision;
import dev.velt.camel.model.ReviewerDecisionResult;
import dev.velt.camel.model.WorkflowEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack side of the approval loop, called by the routes of {@code routes/slack-approvals.yaml}: builds the Block
 * Kit
 * messages (a request with Approve and Reject buttons, its update once decided, the outcome in its thread), reads
 * clicks and maps the Slack user to a Velt reviewer id, and checks Slack's answers. Bound as {@code slackApprovals}.
 */
public class SlackApprovals {

    /** The exchange property holding the {@link SlackClick} being handled. */
    public static final String CLICK = "slackClick";

    private static final Logger LOG = LoggerFactory.getLogger(SlackApprovals.class);

    private String channel;
    private String definitionId;
    private Map<String, String> reviewers = Map.of();
    private ApprovalLedger ledger;

    /** The channel approval requests go to ({@code #velt-approvals} or a channel id). */
    public void setChannel(String channel) {
        this.channel = channel;
    }

    /** The workflow definition the requests come from, named in the message. */
    public void setDefinitionId(String definitionId) {
        this.definitionId = definitionId;
    }

    /** Slack user id to Velt reviewer id: {@code U0123ABCD=reviewer_legal,U0456EFGH=reviewer_brand}. */
    public void setReviewers(String mapping) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String pair : mapping.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("slack.reviewers must be like U0123ABCD=reviewer_legal,..., was '"
                                                   + mapping + "'");
            }
            parsed.put(parts[0].trim(), parts[1].trim());
        }
        this.reviewers = Map.copyOf(parsed);
    }

    public void setLedger(ApprovalLedger ledger) {
        this.ledger = ledger;
    }

    public ApprovalLedger getLedger() {
        return ledger;
    }

    /** The Slack user id mapped to a reviewer id, or null. */
    public String slackUserOf(String reviewerId) {
        return reviewers.entrySet().stream().filter(e -> e.getValue().equals(reviewerId)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** {@code step.awaiting-approval} → the {@code chat.postMessage} request with Approve and Reject buttons. */
    public Map<String, Object> approvalRequest(Exchange exchange) {
        WorkflowEvent event = exchange.getIn().getBody(WorkflowEvent.class);
        String executionId = exchange.getIn().getHeader(VeltConstants.EXECUTION_ID, String.class);
        String what = event.getCorrelationId();
        Map<String, Object> data = event.getData() == null ? Map.of() : event.getData();
        String text = ":raised_hand: *Approval needed*: " + what + "\nWorkflow `" + definitionId + "`, execution `"
                      + executionId + "`\nStep `" + event.getStepId() + "` waits for " + data.get("waitingForReviewers")
                      + " reviewer(s), " + data.get("mandatoryCount") + " mandatory.";
        ledger.requested(executionId, event.getStepId(), what, text);
        String value = executionId + "|" + event.getStepId();
        Map<String, Object> actions = fields("type", "actions", "block_id", "velt_decision", "elements", List.of(
                button(SlackClick.APPROVE_ACTION, "Approve", "primary", value),
                button(SlackClick.REJECT_ACTION, "Reject", "danger", value)));
        return fields("channel", channel, "text", "Approval needed: " + what + " (" + executionId + ")",
                "blocks", List.of(section(text), actions));
    }

    /** {@code execution.completed}, {@code .failed}, {@code .cancelled} → a reply in the approval request's thread. */
    public Map<String, Object> outcomeReply(Exchange exchange) {
        WorkflowEvent event = exchange.getIn().getBody(WorkflowEvent.class);
        String executionId = exchange.getIn().getHeader(VeltConstants.EXECUTION_ID, String.class);
        String text = switch (event.getType()) {
            case "execution.completed" -> ":white_check_mark: Execution `" + executionId + "` completed.";
            case "execution.cancelled" -> ":heavy_minus_sign: Execution `" + executionId + "` was cancelled.";
            default -> ":x: Execution `" + executionId + "` failed: " + failure(event.getData());
        };
        ledger.ended(executionId, event.getType());
        Approval approval = ledger.find(executionId);
        Map<String, Object> reply = new LinkedHashMap<>();
        if (approval != null && approval.ts() != null) {
            reply.put("channel", approval.channel());
            reply.put("thread_ts", approval.ts());
        } else {
            reply.put("channel", channel);
        }
        reply.put("text", text);
        return reply;
    }

    /** Slack's answer to {@code chat.postMessage}: must be {@code ok}; remembers where an approval request went. */
    public void posted(Exchange exchange) {
        Map<?, ?> answer = requireOk(exchange, "chat.postMessage");
        String eventType = exchange.getIn().getHeader(VeltConstants.EVENT_TYPE, String.class);
        if ("step.awaiting-approval".equals(eventType)) {
            ledger.posted(exchange.getIn().getHeader(VeltConstants.EXECUTION_ID, String.class),
                    String.valueOf(answer.get("channel")), String.valueOf(answer.get("ts")));
        }
    }

    /**
     * The verified interactivity request (raw body) → the {@code velt:recordReviewerDecision} headers. A click by a
     * Slack user who is not mapped to a reviewer is an {@link IllegalArgumentException}.
     */
    public void click(Exchange exchange) {
        Message in = exchange.getIn();
        SlackClick click = SlackClick.parse(in.getBody(byte[].class));
        exchange.setProperty(CLICK, click);
        String reviewerId = reviewers.get(click.slackUserId());
        if (reviewerId == null) {
            throw new IllegalArgumentException("Slack user " + click.slackUserId() + " is not mapped to a reviewer "
                                               + "(slack.reviewers)");
        }
        in.setHeader(VeltConstants.EXECUTION_ID, click.executionId());
        in.setHeader(VeltConstants.STEP_ID, click.stepId());
        in.setHeader(VeltConstants.REVIEWER_ID, reviewerId);
        in.setHeader(VeltConstants.DECISION, click.decision());
        in.setHeader(VeltConstants.REASON, pastTense(click.decision()) + " in Slack by " + click.slackUserId());
        in.setBody(null);
    }

    /** Velt's answer to the decision: remembered; true when it was recorded now (false for a repeat). */
    public boolean decisionRecorded(Exchange exchange) {
        SlackClick click = exchange.getProperty(CLICK, SlackClick.class);
        ReviewerDecisionResult result = exchange.getIn().getBody(ReviewerDecisionResult.class);
        boolean recorded = Boolean.TRUE.equals(result.getRecorded());
        String reviewerId = exchange.getIn().getHeader(VeltConstants.REVIEWER_ID, String.class);
        ledger.decided(click.executionId(), new Decision(reviewerId, click.slackUserId(), click.decision(), recorded,
                result.getAggregatorStatus()));
        return recorded;
    }

    /** The {@code chat.update} request: the approval message with who decided instead of (or under) its buttons. */
    public Map<String, Object> decisionUpdate(Exchange exchange) {
        SlackClick click = exchange.getProperty(CLICK, SlackClick.class);
        ReviewerDecisionResult result = exchange.getIn().getBody(ReviewerDecisionResult.class);
        String reviewerId = exchange.getIn().getHeader(VeltConstants.REVIEWER_ID, String.class);
        Approval approval = ledger.find(click.executionId());
        String request = approval != null ? approval.text() : "Approval of `" + click.stepId() + "`";
        String who = "<@" + click.slackUserId() + "> (" + reviewerId + ")";
        String status = result.getAggregatorStatus();
        String note;
        List<Object> blocks;
        if ("pending".equals(status)) {
            note = ":hourglass_flowing_sand: " + pastTense(click.decision()) + " by " + who
                   + "; waiting for the other reviewers";
            String value = click.executionId() + "|" + click.stepId();
            blocks = List.of(section(request), fields("type", "actions", "block_id", "velt_decision", "elements",
                    List.of(button(SlackClick.APPROVE_ACTION, "Approve", "primary", value),
                            button(SlackClick.REJECT_ACTION, "Reject", "danger", value))),
                    context(note));
        } else {
            note = "approve".equals(click.decision()) ? ":white_check_mark: *Approved* by " + who
                    : ":no_entry: *Rejected* by " + who;
            blocks = List.of(section(request), context(note));
        }
        return fields("channel", click.channel(), "ts", click.ts(),
                "text",
                pastTense(click.decision()) + " by " + reviewerId + ": "
                        + (approval != null ? approval.what() : click.stepId()),
                "blocks", blocks);
    }

    /** Slack's answer to {@code chat.update}: must be {@code ok}. */
    public void updated(Exchange exchange) {
        requireOk(exchange, "chat.update");
        ledger.updated(exchange.getProperty(CLICK, SlackClick.class).executionId());
    }

    /** A click that recorded nothing (Velt refused it, or an unmapped user): logged and remembered. */
    public void notRecorded(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        SlackClick click = exchange.getProperty(CLICK, SlackClick.class);
        String reason = cause == null ? "unknown" : cause.getMessage();
        LOG.warn("Slack click not recorded: {}", reason);
        ledger.notRecorded(click == null ? null : click.executionId(), click == null ? "unreadable click"
                : click.decision() + " by " + click.slackUserId() + " refused (" + shortReason(cause) + ")");
    }

    private static String pastTense(String decision) {
        return "approve".equals(decision) ? "approved" : "rejected";
    }

    private static String shortReason(Exception cause) {
        if (cause instanceof dev.velt.camel.client.VeltApiException velt) {
            return velt.getStatus();
        }
        return cause == null ? "unknown" : cause.getClass().getSimpleName();
    }

    private static Map<?, ?> requireOk(Exchange exchange, String method) {
        Map<?, ?> answer = exchange.getIn().getBody(Map.class);
        if (answer == null || !Boolean.TRUE.equals(answer.get("ok"))) {
            throw new IllegalStateException("Slack " + method + " failed: " + (answer == null ? "no answer"
                    : answer.get("error")));
        }
        return answer;
    }

    private static String failure(Map<String, Object> data) {
        Object reason = data == null ? null : data.get("failureReason");
        if (reason instanceof Map<?, ?> r) {
            return r.get("code") + " - " + r.get("message");
        }
        return "no reason given";
    }

    /** A JSON object with its fields in the order given (Slack does not care; people reading it do). */
    private static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    private static Map<String, Object> section(String mrkdwn) {
        return fields("type", "section", "text", fields("type", "mrkdwn", "text", mrkdwn));
    }

    private static Map<String, Object> context(String mrkdwn) {
        return fields("type", "context", "elements", List.of(fields("type", "mrkdwn", "text", mrkdwn)));
    }

    private static Map<String, Object> button(String actionId, String label, String style, String value) {
        return fields("type", "button", "action_id", actionId, "text", fields("type", "plain_text", "text", label),
                "style", style, "value", value);
    }
}
