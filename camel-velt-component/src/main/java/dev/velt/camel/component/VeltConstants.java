package dev.velt.camel.component;

import org.apache.camel.spi.Metadata;

/** Names of the Camel message headers the {@code velt:} component reads and sets. */
public final class VeltConstants {

    @Metadata(label = "producer consumer",
              description = "The workflow or agent execution id. Producers read it (overriding the executionId option) and set it; consumers set it.",
              javaType = "String")
    public static final String EXECUTION_ID = "CamelVeltExecutionId";
    @Metadata(label = "producer consumer",
              description = "The status of the execution returned by getExecution or getAgentExecution, or of the agent run a consumer emits.",
              javaType = "String")
    public static final String EXECUTION_STATUS = "CamelVeltExecutionStatus";
    @Metadata(label = "producer",
              description = "getEvents: return events with a seq greater than this (overrides the sinceSeq option).",
              javaType = "Long")
    public static final String SINCE_SEQ = "CamelVeltSinceSeq";
    @Metadata(label = "producer",
              description = "getEvents: the seq to pass as the next sinceSeq.", javaType = "Long")
    public static final String NEXT_CURSOR = "CamelVeltNextCursor";
    @Metadata(label = "producer",
              description = "getEvents and listAgentExecutions: whether another page follows.", javaType = "Boolean")
    public static final String HAS_MORE = "CamelVeltHasMore";
    @Metadata(label = "producer",
              description = "getAgentExecution: whether to fetch the per-URL results and findings (overrides the includeResults option).",
              javaType = "Boolean")
    public static final String INCLUDE_RESULTS = "CamelVeltIncludeResults";
    @Metadata(label = "producer",
              description = "listAgentExecutions: the page to fetch (overrides the pageToken option).", javaType = "String")
    public static final String PAGE_TOKEN = "CamelVeltPageToken";
    @Metadata(label = "producer",
              description = "listAgentExecutions: the token of the next page; absent on the last page.", javaType = "String")
    public static final String NEXT_PAGE_TOKEN = "CamelVeltNextPageToken";
    @Metadata(label = "consumer", description = "velt:events: the id of the event.", javaType = "String")
    public static final String EVENT_ID = "CamelVeltEventId";
    @Metadata(label = "consumer", description = "velt:events: the event type, e.g. step.awaiting-approval.", javaType = "String")
    public static final String EVENT_TYPE = "CamelVeltEventType";
    @Metadata(label = "consumer", description = "velt:events: the event's position in its execution's stream.", javaType = "Long")
    public static final String EVENT_SEQ = "CamelVeltEventSeq";
    @Metadata(label = "consumer", description = "velt:agentExecutions: the agent that ran.", javaType = "String")
    public static final String AGENT_ID = "CamelVeltAgentId";
    @Metadata(label = "consumer",
              description = "velt:agentExecutions with splitFindings: the finding's severity (critical, high, medium, low, info).",
              javaType = "String")
    public static final String FINDING_SEVERITY = "CamelVeltFindingSeverity";
    @Metadata(label = "consumer", description = "velt:agentExecutions with splitFindings: the URL the finding was made on.",
              javaType = "String")
    public static final String FINDING_URL = "CamelVeltFindingUrl";

    private VeltConstants() {
    }
}
