package dev.velt.camel.component;

import org.apache.camel.spi.Metadata;

/** Names of the Camel message headers the {@code velt:} component reads and sets. */
public final class VeltConstants {

    @Metadata(label = "producer consumer", description = "The workflow or agent execution id. Producers read it (overriding the executionId option) and set it (dispatch: the execution started); consumers set it.", javaType = "String")
    public static final String EXECUTION_ID = "CamelVeltExecutionId";
    @Metadata(label = "producer consumer", description = "The status of the execution returned by getExecution or getAgentExecution, or of the agent run a consumer emits.", javaType = "String")
    public static final String EXECUTION_STATUS = "CamelVeltExecutionStatus";
    @Metadata(label = "producer", description = "getEvents: return events with a seq greater than this (overrides the sinceSeq option).", javaType = "Long")
    public static final String SINCE_SEQ = "CamelVeltSinceSeq";
    @Metadata(label = "producer", description = "getEvents: the seq to pass as the next sinceSeq.", javaType = "Long")
    public static final String NEXT_CURSOR = "CamelVeltNextCursor";
    @Metadata(label = "producer", description = "getEvents and listAgentExecutions: whether another page follows.", javaType = "Boolean")
    public static final String HAS_MORE = "CamelVeltHasMore";
    @Metadata(label = "producer", description = "getAgentExecution: whether to fetch the per-URL results and findings (overrides the includeResults option).", javaType = "Boolean")
    public static final String INCLUDE_RESULTS = "CamelVeltIncludeResults";
    @Metadata(label = "producer", description = "listAgentExecutions: the page to fetch (overrides the pageToken option).", javaType = "String")
    public static final String PAGE_TOKEN = "CamelVeltPageToken";
    @Metadata(label = "producer", description = "listAgentExecutions: the token of the next page; absent on the last page.", javaType = "String")
    public static final String NEXT_PAGE_TOKEN = "CamelVeltNextPageToken";
    @Metadata(label = "consumer", description = "velt:events: the id of the event.", javaType = "String")
    public static final String EVENT_ID = "CamelVeltEventId";
    @Metadata(label = "consumer", description = "velt:events: the event type, e.g. step.awaiting-approval.", javaType = "String")
    public static final String EVENT_TYPE = "CamelVeltEventType";
    @Metadata(label = "consumer", description = "velt:events: the event's position in its execution's stream.", javaType = "Long")
    public static final String EVENT_SEQ = "CamelVeltEventSeq";
    @Metadata(label = "consumer", description = "velt:agentExecutions: the agent that ran.", javaType = "String")
    public static final String AGENT_ID = "CamelVeltAgentId";
    @Metadata(label = "consumer", description = "velt:agentExecutions with splitFindings: the finding's severity (critical, high, medium, low, info).", javaType = "String")
    public static final String FINDING_SEVERITY = "CamelVeltFindingSeverity";
    @Metadata(label = "consumer", description = "velt:agentExecutions with splitFindings: the URL the finding was made on.", javaType = "String")
    public static final String FINDING_URL = "CamelVeltFindingUrl";

    @Metadata(label = "consumer", description = "velt:agentExecutions with splitFindings: the same value for the same problem on the same page across reruns of the agent and restarts of the component, different for different problems; the key for an idempotent consumer (one ticket per finding).", javaType = "String")
    public static final String FINDING_KEY = "CamelVeltFindingKey";
    @Metadata(label = "producer", description = "dispatch: the workflow definition to start (overrides the definitionId option).", javaType = "String")
    public static final String DEFINITION_ID = "CamelVeltDefinitionId";
    @Metadata(label = "producer", description = "dispatch: the idempotency key (overrides the idempotencyKey option); a repeat with the same key returns the same execution.", javaType = "String")
    public static final String IDEMPOTENCY_KEY = "CamelVeltIdempotencyKey";
    @Metadata(label = "producer", description = "dispatch: the correlation id to tag the execution with (overrides the correlationId option).", javaType = "String")
    public static final String CORRELATION_ID = "CamelVeltCorrelationId";
    @Metadata(label = "producer", description = "dispatch: true when Velt had already started an execution for the idempotency key and returned that one.", javaType = "Boolean")
    public static final String DEDUPLICATED = "CamelVeltDeduplicated";
    @Metadata(label = "producer", description = "cancel and recordReviewerDecision: the reason (overrides the reason option).", javaType = "String")
    public static final String REASON = "CamelVeltReason";
    @Metadata(label = "producer", description = "recordReviewerDecision and recordAgentResolution: the step (overrides the stepId option).", javaType = "String")
    public static final String STEP_ID = "CamelVeltStepId";
    @Metadata(label = "producer", description = "recordReviewerDecision: the reviewer deciding (overrides the reviewerId option).", javaType = "String")
    public static final String REVIEWER_ID = "CamelVeltReviewerId";
    @Metadata(label = "producer", description = "recordReviewerDecision: approve or reject (overrides the decision option).", javaType = "String")
    public static final String DECISION = "CamelVeltDecision";
    @Metadata(label = "producer", description = "recordAgentResolution: the resolution's id, its idempotency key (overrides the resolutionId option).", javaType = "String")
    public static final String RESOLUTION_ID = "CamelVeltResolutionId";

    @Metadata(label = "consumer", description = "velt:events: how the event reached the route: push (from Velt's webhook call on webhookPath) or"
                                                + " poll (read with getEvents: polling, the reconcile sweep, or the events a push found missing).", javaType = "String")
    public static final String DELIVERED_BY = "CamelVeltDeliveredBy";
    @Metadata(label = "consumer", description = "velt:events: the agent run behind the event's step, when the event's data names one (agentExecutionId).", javaType = "String")
    public static final String AGENT_EXECUTION_ID = "CamelVeltAgentExecutionId";

    private VeltConstants() {
    }
}
