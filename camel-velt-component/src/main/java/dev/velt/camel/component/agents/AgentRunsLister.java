package dev.velt.camel.component.agents;

import dev.velt.camel.component.VeltConfiguration;
import dev.velt.camel.component.VeltEndpoint;
import dev.velt.camel.component.consumer.ScanWindow;
import dev.velt.camel.model.AgentExecution;
import dev.velt.camel.model.AgentExecutionsPage;
import dev.velt.camel.model.AgentExecutionsQuery;

/**
 * One page of {@code agents/execution/list} with the endpoint's filters, newest first. A token from an older-API page
 * (the envelope that pages with {@code cursor}) goes back as {@code cursor}, one from a current-API page as
 * {@code pageToken}.
 */
final class AgentRunsLister implements ScanWindow.Lister<AgentExecution> {

    private final VeltEndpoint endpoint;
    /** Whether the API last answered with the older list envelope. */
    private volatile boolean legacyListEnvelope;

    AgentRunsLister(VeltEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public ScanWindow.Listing<AgentExecution> list(String cursor) {
        VeltConfiguration config = endpoint.getConfiguration();
        boolean legacy = cursor != null && legacyListEnvelope;
        AgentExecutionsQuery query = new AgentExecutionsQuery(config.getAgentId(), config.getOrganizationId(),
                config.getDocumentId(), config.getStatus(), null, config.getPageSize(), legacy ? null : cursor,
                legacy ? cursor : null);
        AgentExecutionsPage page = endpoint.call(() -> endpoint.getClient().listAgentExecutions(query));
        legacyListEnvelope = page.isLegacyEnvelope();
        return new ScanWindow.Listing<>(page.getExecutions(), page.hasNextPage() ? page.getNextPageToken() : null);
    }
}
