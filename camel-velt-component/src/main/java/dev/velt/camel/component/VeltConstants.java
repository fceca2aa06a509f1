package dev.velt.camel.component;

import org.apache.camel.spi.Metadata;

/** Names of the Camel message headers the {@code velt:} component reads and sets. */
public final class VeltConstants {

    @Metadata(label = "producer consumer", description = "The workflow or agent execution id. Producers read it (overriding the executionId option) and set it (dispatch: the execution started; runAgent: the run started); consumers set it.", javaType = "String")
    public static final String EXECUTION_ID = "CamelVeltExecutionId";
    @Metadata(label = "producer consumer", description = "The status of the execution returned by getExecution or getAgentExecution, or of the agent run a consumer emits.", javaType = "String")
    public static final String EXECUTION_STATUS = "CamelVeltExecutionStatus";
    @Metadata(label = "producer", description = "getEvents: return events with a seq greater than this (overrides the sinceSeq option).", javaType = "Long")
    public static final String SINCE_SEQ = "CamelVeltSinceSeq";
    @Metadata(label = "producer", description = "getEvents: the seq to pass as the next sinceSeq.", javaType = "Long")
    public static final String NEXT_CURSOR = "CamelVeltNextCursor";
    @Metadata(label = "producer", description = "getEvents, listAgentExecutions, listExecutions and listDefinitions: whether another page follows.", javaType = "Boolean")
    public static final String HAS_MORE = "CamelVeltHasMore";
    @Metadata(label = "producer", description = "getAgentExecution and runAgent with awaitCompletion: whether to fetch the per-URL results and findings (overrides the includeResults option).", javaType = "Boolean")
    public static final String INCLUDE_RESULTS = "CamelVeltIncludeResults";
    @Metadata(label = "producer", description = "listAgentExecutions, listExecutions and listDefinitions: the page to fetch, a CamelVeltNextPageToken of the same operation (overrides the pageToken option).", javaType = "String")
    public static final String PAGE_TOKEN = "CamelVeltPageToken";
    @Metadata(label = "producer", description = "listAgentExecutions, listExecutions and listDefinitions: the token of the next page, always a String; absent on the last page.", javaType = "String")
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
    @Metadata(label = "producer", description = "dispatch: the workflow definition to start; getDefinition: the definition to read (overrides the definitionId option). getDefinition sets it.", javaType = "String")
    public static final String DEFINITION_ID = "CamelVeltDefinitionId";
    @Metadata(label = "producer", description = "dispatch: the idempotency key (overrides the idempotencyKey option); a repeat with the same key returns the same execution.", javaType = "String")
    public static final String IDEMPOTENCY_KEY = "CamelVeltIdempotencyKey";
    @Metadata(label = "producer", description = "dispatch: the correlation id to tag the execution with (overrides the correlationId option).", javaType = "String")
    public static final String CORRELATION_ID = "CamelVeltCorrelationId";
    @Metadata(label = "producer", description = "dispatch: true when Velt had already started an execution for the idempotency key and returned that one.", javaType = "Boolean")
    public static final String DEDUPLICATED = "CamelVeltDeduplicated";
    @Metadata(label = "producer", description = "cancel, recordReviewerDecision and recordAgentResolution: the reason (overrides the reason option).", javaType = "String")
    public static final String REASON = "CamelVeltReason";
    @Metadata(label = "producer", description = "recordReviewerDecision and recordAgentResolution: the step (overrides the stepId option).", javaType = "String")
    public static final String STEP_ID = "CamelVeltStepId";
    @Metadata(label = "producer", description = "recordReviewerDecision: the reviewer deciding (overrides the reviewerId option).", javaType = "String")
    public static final String REVIEWER_ID = "CamelVeltReviewerId";
    @Metadata(label = "producer", description = "recordReviewerDecision: approve or reject (overrides the decision option).", javaType = "String")
    public static final String DECISION = "CamelVeltDecision";
    @Metadata(label = "producer", description = "recordAgentResolution in the earlier form (workspaces on Velt's API before 5 August 2026): the resolution's id, its idempotency key (overrides the resolutionId option).", javaType = "String")
    public static final String RESOLUTION_ID = "CamelVeltResolutionId";
    @Metadata(label = "producer", description = "recordAgentResolution: the response of the agent step being resolved, one of the response ids in the step's output (overrides the responseId option).", javaType = "String")
    public static final String RESPONSE_ID = "CamelVeltResponseId";
    @Metadata(label = "producer", description = "recordAgentResolution: resolved or rejected (overrides the resolution option).", javaType = "String")
    public static final String RESOLUTION = "CamelVeltResolution";
    @Metadata(label = "producer", description = "recordAgentResolution: who resolves, at most 256 characters (overrides the actorId option).", javaType = "String")
    public static final String ACTOR_ID = "CamelVeltActorId";
    @Metadata(label = "producer", description = "runAgent: the page the agent runs on (overrides the url option).", javaType = "String")
    public static final String URL = "CamelVeltUrl";
    @Metadata(label = "producer", description = "dispatch: the URL Velt pushes the execution's events to (overrides the webhookUrl option).", javaType = "String")
    public static final String WEBHOOK_URL = "CamelVeltWebhookUrl";
    @Metadata(label = "producer", description = "dispatch: the secret Velt signs the pushes to the webhookUrl with; sent only with a webhookUrl (overrides the webhookSecret option).", javaType = "String")
    public static final String WEBHOOK_SECRET = "CamelVeltWebhookSecret";
    @Metadata(label = "producer", description = "cancel and recordReviewerDecision: true when a retry was answered FAILED_PRECONDITION and reading the execution showed that an earlier attempt, whose answer was lost, had taken effect.", javaType = "Boolean")
    public static final String CONFIRMED_AFTER_RETRY = "CamelVeltConfirmedAfterRetry";
    @Metadata(label = "consumer", description = "velt:events: the agent run behind the event's step, when the event's data names it (agentExecutionId); read its findings with getAgentExecution.", javaType = "String")
    public static final String AGENT_EXECUTION_ID = "CamelVeltAgentExecutionId";

    @Metadata(label = "consumer", description = "velt:events: how the event reached the route: push (from Velt's webhook call on webhookPath) or"
                                                + " poll (read with getEvents: polling, the reconcile sweep, or the events a push found missing).", javaType = "String")
    public static final String DELIVERED_BY = "CamelVeltDeliveredBy";

    private VeltConstants() {
    }
}
