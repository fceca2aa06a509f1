package dev.velt.camel.examples.routes;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.component.slack.SlackSignatureVerifier;
import dev.velt.camel.examples.approvals.ApprovalDispatches;
import dev.velt.camel.examples.approvals.ApprovalLedger;
import dev.velt.camel.examples.approvals.SlackApprovals;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;

/**
 * Java DSL twin of {@code routes/slack-approvals.yaml} (the demo runs the YAML one unless {@code demo.routes=java}).
 */
public class SlackApprovalsRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        SlackApprovals approvals = new SlackApprovals();
        approvals.setChannel(resolve("{{slack.approvals-channel}}"));
        approvals.setDefinitionId(resolve("{{velt.approval-definition-id}}"));
        approvals.setReviewers(resolve("{{slack.reviewers}}"));
        approvals.setLedger(getCamelContext().getRegistry().lookupByNameAndType("approvalLedger", ApprovalLedger.class));
        bindToRegistry("slackApprovals", approvals);
        bindToRegistry("slackSignatureVerifier", new SlackSignatureVerifier(resolve("{{slack.signing-secret}}")));
        bindToRegistry("approvalDispatches", new ApprovalDispatches());

        from("timer:velt-approval-dispatch?repeatCount=1&delay={{velt.poll-delay}}")
                .routeId("velt-approval-dispatch")
                .loop(constant("{{velt.approval-dispatches}}"))
                .bean("approvalDispatches", "prepare")
                .to("velt:dispatch?definitionId={{velt.approval-definition-id}}")
                .log("Velt  <- dispatched ${header.CamelVeltCorrelationId} for approval as ${header.CamelVeltExecutionId}")
                .end();

        from("velt:events?definitionId={{velt.approval-definition-id}}"
             + "&types=step.awaiting-approval,execution.completed,execution.failed,execution.cancelled"
             + "&sinceTime={{?velt.since-time}}&initialDelay={{velt.poll-delay}}&delay={{velt.poll-delay}}")
                .routeId("velt-approval-requests")
                .choice()
                .when(simple("${header.CamelVeltEventType} == 'step.awaiting-approval'"))
                .bean("slackApprovals", "approvalRequest")
                .otherwise()
                .bean("slackApprovals", "outcomeReply")
                .end()
                .marshal().json(JsonLibrary.Jackson)
                .setHeader("CamelHttpMethod", constant("POST"))
                .setHeader("Content-Type", constant("application/json; charset=utf-8"))
                .setHeader("Authorization", constant("Bearer {{slack.bot-token}}"))
                .to("{{slack.api-url}}/chat.postMessage")
                .removeHeader("Authorization")
                .unmarshal().json(JsonLibrary.Jackson, java.util.Map.class)
                .bean("slackApprovals", "posted")
                .log("Slack <- ${header.CamelVeltEventType} of ${header.CamelVeltExecutionId} (ts ${body[ts]})");

        // the signature covers the raw body: the form must reach the verifier unparsed (useBodyHandler=false)
        from("platform-http:{{slack.interactivity-path}}?httpMethodRestrict=POST&useBodyHandler=false&muteException=true")
                .routeId("slack-interactivity")
                .process("slackSignatureVerifier")
                .removeHeaders("*")
                .doTry()
                .bean("slackApprovals", "click")
                .to("velt:recordReviewerDecision")
                .filter(method("slackApprovals", "decisionRecorded"))
                .bean("slackApprovals", "decisionUpdate")
                .marshal().json(JsonLibrary.Jackson)
                .setHeader("CamelHttpMethod", constant("POST"))
                .setHeader("Content-Type", constant("application/json; charset=utf-8"))
                .setHeader("Authorization", constant("Bearer {{slack.bot-token}}"))
                .to("{{slack.api-url}}/chat.update")
                .unmarshal().json(JsonLibrary.Jackson, java.util.Map.class)
                .bean("slackApprovals", "updated")
                .log("Slack <- ${header.CamelVeltDecision} by ${header.CamelVeltReviewerId} on"
                     + " ${header.CamelVeltExecutionId}: message updated")
                .endDoTry()
                .doCatch(VeltApiException.class, IllegalArgumentException.class)
                .bean("slackApprovals", "notRecorded")
                .end()
                // Slack only needs a 200 within three seconds
                .removeHeaders("*")
                .setHeader("CamelHttpResponseCode", constant(200))
                .setBody(constant(""));
    }

    private String resolve(String placeholder) {
        return getCamelContext().resolvePropertyPlaceholders(placeholder);
    }
}
