package dev.velt.camel.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Request of {@code agents/execution/run}: runs {@code agentId} on {@code url} for a document of an organization.
 * {@code userContext} is any value Jackson writes as a JSON object (the agent's declared user-context fields). Null
 * fields are not sent, so Velt's defaults apply.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentRunRequest(String agentId, String url, String organizationId, String documentId,
        Boolean crossPageExecute, Integer maxUrlsToProcess, String deviceType, String annotationVisibility,
        Object userContext) {
}
