package dev.velt.camel.component;

import java.time.Duration;
import java.util.function.Supplier;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.client.VeltClient;
import dev.velt.camel.client.VeltClientConfig;
import dev.velt.camel.component.agents.VeltAgentExecutionsConsumer;
import dev.velt.camel.component.agents.VeltAgentShardConsumer;
import dev.velt.camel.component.consumer.VeltPollingConsumer;
import dev.velt.camel.component.events.ShardPushConsumer;
import dev.velt.camel.component.events.VeltEventsConsumer;
import dev.velt.camel.component.observability.VeltMetrics;
import dev.velt.camel.component.push.VeltWebhookReceiver;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;
import org.apache.camel.util.URISupport;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * Read Velt workflow executions, their events, definitions and agent runs, start and cancel executions, run agents and
 * await their findings, record reviewer decisions and agent resolutions, and consume new workflow events and finished
 * agent runs at least once.
 */
@ManagedResource(description = "Managed Velt endpoint")
@UriEndpoint(firstVersion = "0.1.0", scheme = "velt", title = "Velt", syntax = "velt:operation", category = {Category.WORKFLOW,
        Category.API}, headersClass = VeltConstants.class)
public class VeltEndpoint extends ScheduledPollEndpoint implements EndpointServiceLocation {

    @UriPath(enums = "getExecution,getEvents,getAgentExecution,listAgentExecutions,listExecutions,countAgentExecutions,"
                     + "getDefinition,listDefinitions,events,agentExecutions,dispatch,cancel,recordReviewerDecision,"
                     + "recordAgentResolution,runAgent")
    @Metadata(required = true)
    private VeltOperation operation;

    /**
     * The consumers' default time between polls. Velt is a rate-limited SaaS API: at 5 s an idle {@code velt:events}
     * route sends 12 {@code getEvents} requests a minute per live execution, plus 12 {@code workflow/executions/list}
     * requests a minute for its discovery scan with {@code definitionId}, and an idle {@code velt:agentExecutions} route
     * 12 list requests a minute; Camel's generic 500 ms would send ten times as many.
     */
    public static final long DEFAULT_DELAY = 5000;

    @UriParam
    private VeltConfiguration configuration;

    @UriParam(label = "consumer,scheduler", defaultValue = "5000", javaType = "java.time.Duration")
    private long delay = DEFAULT_DELAY;

    private VeltClient client;
    private CloseableHttpClient ownHttpClient;
    private VeltWebhookReceiver webhookReceiver;

    public VeltEndpoint(String uri, VeltComponent component, VeltOperation operation, VeltConfiguration configuration) {
        // the URI Camel shows (logs, route dumps, JMX) never carries credentials
        super(URISupport.sanitizeUri(uri), component);
        this.operation = operation;
        this.configuration = configuration;
        setDelay(DEFAULT_DELAY);
    }

    @Override
    public VeltComponent getComponent() {
        return (VeltComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        if (!operation.isProducer()) {
            throw new IllegalArgumentException("velt:" + operation + " is a consumer; producers are getExecution, "
                                               + "getEvents, getAgentExecution, listAgentExecutions, listExecutions, "
                                               + "countAgentExecutions, getDefinition, listDefinitions, dispatch, cancel, "
                                               + "recordReviewerDecision, recordAgentResolution and runAgent");
        }
        return switch (operation) {
            case runAgent, getAgentExecution -> new VeltAgentRunProducer(this);
            case listExecutions, countAgentExecutions, getDefinition, listDefinitions -> new VeltListingProducer(this);
            default -> operation.isWrite() ? new VeltWriteProducer(this) : new VeltProducer(this);
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (operation == VeltOperation.events && configuration.getShards() > 0 && configuration.getShard() == null) {
            // the validator made sure it has webhookPath: the push receiver of the sharded stream
            Consumer receiver = new ShardPushConsumer(this, processor, getComponent().getShardOwners());
            configureConsumer(receiver);
            return receiver;
        }
        Consumer consumer = switch (operation) {
            case events -> new VeltEventsConsumer(this, processor);
            // with shards, the consumer of shard 0 lists the runs for all; the others deliver what it hands them
            case agentExecutions -> configuration.getShards() > 0 && configuration.getShard() != null
                    && configuration.getShard() > 0
                            ? new VeltAgentShardConsumer(this, processor)
                            : new VeltAgentExecutionsConsumer(this, processor);
            default -> throw new IllegalArgumentException(
                    "velt:" + operation + " is a producer; consumers are velt:events and velt:agentExecutions");
        };
        ((VeltPollingConsumer) consumer).setObserver(VeltMetrics.consumerObserver());
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected void doStart() throws Exception {
        VeltCredentialsCheck.check(operation, configuration, getCamelContext().getClassResolver());
        super.doStart();
        CloseableHttpClient http;
        if (configuration.getSslContextParameters() != null) {
            ownHttpClient = VeltClient.createHttpClient(getComponent().getMaxConnections(),
                    configuration.getSslContextParameters().createSSLContext(getCamelContext()));
            http = ownHttpClient;
        } else {
            http = getComponent().getSharedHttpClient();
        }
        client = new VeltClient(clientConfig(), http, getComponent().getObjectMapper());
        VeltMetrics.bind(this);
    }

    @Override
    protected void doStop() throws Exception {
        if (ownHttpClient != null) {
            ownHttpClient.close();
            ownHttpClient = null;
        }
        client = null;
        super.doStop();
    }

    private VeltClientConfig clientConfig() {
        return new VeltClientConfig(configuration.getBaseUrl(), configuration.getApiKey(), configuration.getAuthToken(),
                configuration.getMaxRetries(), Duration.ofMillis(configuration.getRetryDelay()),
                Duration.ofMillis(configuration.getRetryMaxDelay()), Duration.ofMillis(configuration.getConnectTimeout()),
                Duration.ofMillis(configuration.getRequestTimeout()));
    }

    /** Runs a client call; a failure reaches Camel as a {@link VeltOperationException} named after this operation. */
    public <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (VeltOperationException e) {
            throw e;
        } catch (VeltApiException e) {
            throw new VeltOperationException(e, operation.name());
        }
    }

    public VeltClient getClient() {
        return client;
    }

    @ManagedAttribute(description = "Velt API calls that returned a result (after retries)")
    public long getVeltCallsSucceeded() {
        return client == null ? 0 : client.getStats().getSucceeded();
    }

    @ManagedAttribute(description = "Velt API calls that failed for good (after retries)")
    public long getVeltCallsFailed() {
        return client == null ? 0 : client.getStats().getFailed();
    }

    @ManagedAttribute(description = "Velt API attempts repeated after a transient failure")
    public long getVeltRetries() {
        return client == null ? 0 : client.getStats().getRetries();
    }

    @ManagedAttribute(description = "Velt API calls by API path and outcome (OK or the Velt status)")
    public String getVeltCallsByOutcome() {
        return client == null ? "{}" : client.getStats().getCallsByPathAndOutcome().toString();
    }

    /** The receiver of webhookPath (velt:events only), or null without one. */
    public VeltWebhookReceiver getWebhookReceiver() {
        return webhookReceiver;
    }

    void setWebhookReceiver(VeltWebhookReceiver webhookReceiver) {
        this.webhookReceiver = webhookReceiver;
    }

    public VeltOperation getOperation() {
        return operation;
    }

    /**
     * What to do: getExecution, getEvents, getAgentExecution, listAgentExecutions, listExecutions, countAgentExecutions,
     * getDefinition and listDefinitions (read producers); dispatch, cancel, recordReviewerDecision,
     * recordAgentResolution and runAgent (write producers); events and agentExecutions (polling consumers).
     */
    public void setOperation(VeltOperation operation) {
        this.operation = operation;
    }

    @Override
    public long getDelay() {
        return delay;
    }

    /**
     * Milliseconds between the end of one poll and the start of the next (5 s by default, suited to Velt's rate limits:
     * per poll, one getEvents request per live execution, and one executions or agent-runs list request for the scan).
     */
    @Override
    public void setDelay(long delay) {
        this.delay = delay;
        super.setDelay(delay);
    }

    public VeltConfiguration getConfiguration() {
        return configuration;
    }

    /**
     * The endpoint's options.
     */
    public void setConfiguration(VeltConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public String getServiceUrl() {
        return configuration.getBaseUrl();
    }

    @Override
    public String getServiceProtocol() {
        return "rest";
    }
}
