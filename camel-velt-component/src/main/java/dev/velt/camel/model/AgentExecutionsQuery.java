package dev.velt.camel.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Request of {@code agents/execution/list}; null fields are not sent, because the current API rejects fields it does
 * not know. The page token goes out as {@code pageToken} (current API) or, when paging on from a page in the older
 * envelope, as {@code cursor}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentExecutionsQuery(
        String agentId, String organizationId, String documentId, String status, String orderDirection,
        Integer pageSize, String pageToken, String cursor) {

    /** The query for the page after {@code page}, using the request field that matches the page's envelope. */
    public AgentExecutionsQuery nextPage(AgentExecutionsPage page) {
        String token = page.getNextPageToken();
        return page.isLegacyEnvelope()
                ? new AgentExecutionsQuery(agentId, organizationId, documentId, status, orderDirection, pageSize, null, token)
                : new AgentExecutionsQuery(agentId, organizationId, documentId, status, orderDirection, pageSize, token, null);
    }
}
