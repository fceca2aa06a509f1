package dev.velt.camel.examples.approvals;

import java.util.List;
import java.util.Map;

import dev.velt.camel.component.VeltConstants;
import org.apache.camel.Exchange;

/**
 * What the demo asks approval for: the n-th {@code velt:dispatch} of the run gets a campaign asset to approve (its
 * correlation id, which the Slack message names) and an idempotency key unique to the run, so that a retried dispatch
 * starts no second execution. Bound as {@code approvalDispatches}.
 */
public class ApprovalDispatches {

    private static final List<String> ASSETS = List.of("spring-sale-landing-page", "press-release-q3-results",
            "newsletter-december", "pricing-page-copy", "onboarding-email-2");

    private String runId = String.valueOf(System.currentTimeMillis());

    /** Tells this run's idempotency keys apart from an earlier run's. */
    public void setRunId(String runId) {
        this.runId = runId;
    }

    /** Sets the trigger context and the dispatch headers for loop iteration {@code CamelLoopIndex}. */
    public void prepare(Exchange exchange) {
        int n = exchange.getProperty(Exchange.LOOP_INDEX, 0, Integer.class);
        String asset = ASSETS.get(n % ASSETS.size()) + (n < ASSETS.size() ? "" : "-" + n);
        exchange.getIn().setHeader(VeltConstants.CORRELATION_ID, asset);
        exchange.getIn().setHeader(VeltConstants.IDEMPOTENCY_KEY, "velt-demo-" + runId + "-" + n);
        exchange.getIn().setBody(Map.of("asset", asset, "requestedBy", "velt-demo"));
    }
}
