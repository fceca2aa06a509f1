package dev.velt.camel.component;

import java.util.ArrayList;
import java.util.List;

import dev.velt.camel.client.VeltClient;
import dev.velt.camel.component.consumer.PageGuard;
import dev.velt.camel.model.AgentExecution;
import dev.velt.camel.model.AgentExecutionsPage;
import dev.velt.camel.model.AgentExecutionsQuery;
import dev.velt.camel.model.EventsPage;
import dev.velt.camel.model.EventsQuery;
import dev.velt.camel.model.ExecutionView;
import dev.velt.camel.model.WorkflowEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.TypeConversionException;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.util.ObjectHelper;

/**
 * The producer of the {@code velt:} reads of one execution ({@code getExecution}, {@code getEvents},
 * {@code listAgentExecutions}) and the base of the other producers ({@link VeltWriteProducer},
 * {@link VeltListingProducer}, {@link VeltAgentRunProducer}), which it registers with the producers' health check;
 * headers override the endpoint option of the same meaning.
 */
public class VeltProducer extends DefaultProducer {

    /** The endpoint and its configuration, for the subclasses too. */
    protected final VeltEndpoint endpoint;
    protected final VeltConfiguration config;
    private WritableHealthCheckRepository healthCheckRepository;
    private VeltProducerHealthCheck healthCheck;
    /** Whether the API last answered with the older list envelope, which pages with {@code cursor}. */
    private volatile boolean legacyListEnvelope;

    public VeltProducer(VeltEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // health checks are optional: register only where the application has a registry with a producers repository
        healthCheckRepository = HealthCheckHelper.getHealthCheckRepository(endpoint.getCamelContext(), "producers",
                WritableHealthCheckRepository.class);
        if (healthCheckRepository != null) {
            healthCheck = new VeltProducerHealthCheck(endpoint);
            healthCheck.setEnabled(endpoint.getComponent().isHealthCheckProducerEnabled());
            healthCheckRepository.addHealthCheck(healthCheck);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (healthCheckRepository != null && healthCheck != null) {
            healthCheckRepository.removeHealthCheck(healthCheck);
            healthCheck = null;
        }
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        switch (endpoint.getOperation()) {
            case getExecution -> getExecution(in);
            case getEvents -> getEvents(in);
            case listAgentExecutions -> listAgentExecutions(in);
            default -> throw new IllegalStateException("velt:" + endpoint.getOperation() + " is not a producer");
        }
    }

    private VeltClient client() {
        return endpoint.getClient();
    }

    private void getExecution(Message in) {
        String executionId = executionId(in);
        ExecutionView execution = endpoint.call(() -> client().getExecution(executionId));
        in.setBody(execution);
        in.setHeader(VeltConstants.EXECUTION_ID, execution.getExecutionId());
        in.setHeader(VeltConstants.EXECUTION_STATUS, execution.getStatus());
    }

    private void getEvents(Message in) {
        String executionId = executionId(in);
        long sinceSeq = header(in, VeltConstants.SINCE_SEQ, "sinceSeq", Long.class, config.getSinceSeq());
        if (sinceSeq < 0) {
            throw new IllegalArgumentException("sinceSeq (header " + VeltConstants.SINCE_SEQ + ") must be 0 or more, was "
                                               + sinceSeq);
        }
        List<WorkflowEvent> events = new ArrayList<>();
        EventsPage page;
        long cursor = sinceSeq;
        boolean advanced;
        do {
            EventsQuery query = new EventsQuery(executionId, cursor, config.getPageSize());
            page = endpoint.call(() -> client().getEvents(query));
            events.addAll(page.getEvents());
            advanced = PageGuard.seqMoved(cursor, page.getNextCursor()); // a cursor that does not move would page forever
            cursor = advanced ? page.getNextCursor() : cursor;
        } while (config.isFetchAllPages() && page.isHasMore() && advanced);
        in.setBody(events);
        in.setHeader(VeltConstants.NEXT_CURSOR, page.getNextCursor());
        in.setHeader(VeltConstants.HAS_MORE, page.isHasMore());
    }

    private void listAgentExecutions(Message in) {
        String pageToken = in.getHeader(VeltConstants.PAGE_TOKEN, config.getPageToken(), String.class);
        // a token from an older-API page goes back as cursor, one from a current-API page as pageToken
        AgentExecutionsQuery query = new AgentExecutionsQuery(config.getAgentId(), config.getOrganizationId(),
                config.getDocumentId(), config.getStatus(), config.getOrderDirection(), config.getPageSize(),
                legacyListEnvelope ? null : pageToken, legacyListEnvelope ? pageToken : null);
        List<AgentExecution> executions = new ArrayList<>();
        AgentExecutionsPage page;
        PageGuard guard = new PageGuard();
        guard.started(pageToken);
        boolean advanced;
        do {
            AgentExecutionsQuery current = query;
            page = endpoint.call(() -> client().listAgentExecutions(current));
            legacyListEnvelope = page.isLegacyEnvelope();
            executions.addAll(page.getExecutions());
            advanced = page.hasNextPage() && guard.follow(page.getNextPageToken()); // a repeated token would page forever
            query = query.nextPage(page);
        } while (config.isFetchAllPages() && advanced);
        in.setBody(executions);
        if (page.hasNextPage()) {
            in.setHeader(VeltConstants.NEXT_PAGE_TOKEN, page.getNextPageToken());
        } else {
            in.removeHeader(VeltConstants.NEXT_PAGE_TOKEN);
        }
        in.setHeader(VeltConstants.HAS_MORE, page.hasNextPage());
    }

    /**
     * The header converted to {@code type}, or {@code defaultValue} when absent; a value that does not convert is an
     * IllegalArgumentException naming the header and option (never a null unboxed into a primitive).
     */
    static <T> T header(Message in, String name, String option, Class<T> type, T defaultValue) {
        Object value = in.getHeader(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return in.getExchange().getContext().getTypeConverter().mandatoryConvertTo(type, in.getExchange(), value);
        } catch (NoTypeConversionAvailableException | TypeConversionException e) {
            throw new IllegalArgumentException("Header " + name + " (option " + option + ") must be a " + type.getSimpleName()
                                               + ", was '" + value + "'",
                    e);
        }
    }

    private String executionId(Message in) {
        String executionId = in.getHeader(VeltConstants.EXECUTION_ID, config.getExecutionId(), String.class);
        if (ObjectHelper.isEmpty(executionId)) {
            throw new IllegalArgumentException("velt:" + endpoint.getOperation() + " needs an execution: set the executionId "
                                               + "option or the " + VeltConstants.EXECUTION_ID + " header");
        }
        return executionId;
    }
}
