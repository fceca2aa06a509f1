package dev.velt.camel.examples.routes;

import org.apache.camel.builder.RouteBuilder;

/**
 * Java DSL twin of {@code routes/events-to-slack.yaml} (the demo runs the YAML one unless {@code demo.routes=java}).
 */
public class EventsToSlackRouteBuilder extends RouteBuilder {

    @Override
    public void configure() {
        from("velt:events?definitionId={{velt.definition-id}}&types=step.awaiting-approval,execution.failed"
             + "&sinceTime={{?velt.since-time}}&initialDelay={{velt.poll-delay}}&delay={{velt.poll-delay}}"
             + "&webhookPath={{?velt.webhook-path}}")
                .routeId("velt-events-to-slack")
                .choice()
                .when(simple("${header.CamelVeltEventType} == 'step.awaiting-approval'"))
                .setBody(simple(":raised_hand: *Approval needed* in {{velt.definition-id}} execution"
                                + " ${header.CamelVeltExecutionId} (${body.correlationId}): step ${body.stepId}"
                                + " is waiting for ${body.data[waitingForReviewers]} reviewer(s),"
                                + " ${body.data[mandatoryCount]} mandatory."))
                .otherwise()
                .setBody(simple(":x: *Execution failed*: {{velt.definition-id}} execution"
                                + " ${header.CamelVeltExecutionId} (${body.correlationId}):"
                                + " ${body.data[failureReason][code]} - ${body.data[failureReason][message]}"))
                .end()
                .to("slack:{{slack.channel}}?webhookUrl=RAW({{slack.webhook-url}})")
                .bean("deliveryReport", "slackMessageSent")
                .log("Slack <- ${header.CamelVeltEventType} of ${header.CamelVeltExecutionId} (seq ${header.CamelVeltEventSeq})");
    }
}
