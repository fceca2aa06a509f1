package dev.velt.camel.examples.sinks;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.velt.camel.examples.approvals.SlackClick;
import dev.velt.camel.examples.sinks.SlackStandIn.Posted;
import dev.velt.camel.examples.sinks.SlackStandIn.Signing;

/**
 * The offline demo's reviewer: a second after each approval request reaches the {@link SlackStandIn}, clicks a button
 * as the Slack user mapped to the mandatory reviewer. The first request is approved, after a forged click (body changed
 * after signing), and then clicked again (a double click); the second is rejected; the third is approved after a
 * replayed click six minutes old; later ones are approved.
 */
public final class SlackReviewerScript implements AutoCloseable {

    private final SlackStandIn slack;
    private final String slackUserId;
    private final AtomicInteger requests = new AtomicInteger();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "slack-reviewer");
        thread.setDaemon(true);
        return thread;
    });

    private SlackReviewerScript(SlackStandIn slack, String slackUserId) {
        this.slack = slack;
        this.slackUserId = slackUserId;
    }

    /** Starts clicking the approval requests {@code slack} receives, as {@code slackUserId}. */
    public static SlackReviewerScript attach(SlackStandIn slack, String slackUserId) {
        SlackReviewerScript script = new SlackReviewerScript(slack, slackUserId);
        slack.onApprovalRequest(posted -> script.scheduler.schedule(() -> script.review(posted), 1, TimeUnit.SECONDS));
        return script;
    }

    private void review(Posted request) {
        int n = requests.incrementAndGet();
        switch (n) {
            case 1 -> {
                slack.click(request.ts(), SlackClick.APPROVE_ACTION, slackUserId, Signing.TAMPERED);
                slack.click(request.ts(), SlackClick.APPROVE_ACTION, slackUserId, Signing.VALID);
                slack.click(request.ts(), SlackClick.APPROVE_ACTION, slackUserId, Signing.VALID);
            }
            case 2 -> slack.click(request.ts(), SlackClick.REJECT_ACTION, slackUserId, Signing.VALID);
            case 3 -> {
                slack.click(request.ts(), SlackClick.APPROVE_ACTION, slackUserId, Signing.EXPIRED);
                slack.click(request.ts(), SlackClick.APPROVE_ACTION, slackUserId, Signing.VALID);
            }
            default -> slack.click(request.ts(), SlackClick.APPROVE_ACTION, slackUserId, Signing.VALID);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
