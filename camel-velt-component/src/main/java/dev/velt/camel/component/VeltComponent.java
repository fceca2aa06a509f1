package dev.velt.camel.component;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velt.camel.client.VeltClient;
import dev.velt.camel.component.push.ShardOwners;
import dev.velt.camel.component.push.VeltWebhookReceiver;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * The {@code velt:} component. Its {@link VeltConfiguration} holds the defaults of every endpoint (typically
 * {@code apiKey}, {@code authToken}, {@code baseUrl}); endpoints override them per URI. All endpoints without their own
 * TLS settings share one pooled HTTP client.
 */
@Component("velt")
public class VeltComponent extends HealthCheckComponent {

    @Metadata(description = "The options every velt endpoint starts from.")
    private VeltConfiguration configuration = new VeltConfiguration();

    @Metadata(label = "advanced", defaultValue = "20", description = "The size of the HTTP connection pool the endpoints of this component share.")
    private int maxConnections = 20;

    @Metadata(label = "advanced", defaultValue = "2", description = "The threads of the scheduler that awaits agent runs (runAgent and getAgentExecution with awaitCompletion) for every endpoint of this component: each wait is a task scheduled every awaitInterval, not a thread, and an awaited exchange continues on one of these threads.")
    private int awaitPoolSize = 2;

    private final ObjectMapper objectMapper = new ObjectMapper();
    private ScheduledExecutorService awaitScheduler;
    private CloseableHttpClient sharedHttpClient;
    private Clock clock = Clock.systemUTC();
    private final Map<String, VeltWebhookReceiver> webhookReceivers = new HashMap<>();
    private final ShardOwners shardOwners = new ShardOwners();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        VeltOperation operation = VeltOperation.fromName(remaining);
        VeltEndpoint endpoint = new VeltEndpoint(uri, this, operation, configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /**
     * Validates the endpoint's options once Camel has set them all and has reported any parameter it does not know, so
     * a misspelled option is named as unknown first rather than showing up as a missing one.
     */
    @Override
    protected void afterConfiguration(String uri, String remaining, Endpoint endpoint, Map<String, Object> parameters)
            throws Exception {
        VeltEndpoint velt = (VeltEndpoint) endpoint;
        new VeltOptionsValidator(velt.getOperation(), velt.getConfiguration()).validate();
        if (velt.getOperation() == VeltOperation.events && velt.getConfiguration().getWebhookPath() != null) {
            velt.setWebhookReceiver(webhookReceiver(velt.getConfiguration()));
        }
    }

    /**
     * The pooled HTTP client shared by this component's endpoints; created on first use, closed when the component stops.
     */
    synchronized CloseableHttpClient getSharedHttpClient() {
        if (sharedHttpClient == null) {
            sharedHttpClient = VeltClient.createHttpClient(maxConnections, null);
        }
        return sharedHttpClient;
    }

    /**
     * The receiver of the endpoint's webhookPath, created on first use as a service of the CamelContext: it is
     * registered when the endpoint is created, whether or not its consumer runs (under master: only the leader's does).
     */
    private synchronized VeltWebhookReceiver webhookReceiver(VeltConfiguration config) throws Exception {
        String path = config.getWebhookPath();
        VeltWebhookReceiver receiver = webhookReceivers.get(path);
        if (receiver != null) {
            if (!receiver.isSignedWith(config.getWebhookSecret())) {
                throw new IllegalArgumentException("webhookPath " + path
                                                   + " is already used by another velt:events endpoint with another webhookSecret");
            }
            return receiver;
        }
        receiver = new VeltWebhookReceiver(path, config.getWebhookSecret(), objectMapper, VeltWebhookReceiver.ACK_TIMEOUT);
        // not force-started: it starts once the CamelContext has started (at once if it already has), after the HTTP server
        getCamelContext().addService(receiver, true, false);
        webhookReceivers.put(path, receiver);
        return receiver;
    }

    /** The scheduler of every await of this component's endpoints; created on first use, shut down when it stops. */
    synchronized ScheduledExecutorService getAwaitScheduler() {
        if (awaitScheduler == null) {
            awaitScheduler = getCamelContext().getExecutorServiceManager().newScheduledThreadPool(this, "VeltAwait",
                    awaitPoolSize);
        }
        return awaitScheduler;
    }

    /**
     * Also wraps the context's {@code env} properties function, before Camel Main or Camel Quarkus bind
     * {@code camel.component.velt.*}, so that an unset {@code {{env:NAME}}} there is reported naming the property and
     * the variable (see {@link VeltEnvironmentFunction}).
     */
    @Override
    public void setCamelContext(CamelContext context) {
        super.setCamelContext(context);
        if (context != null) {
            VeltEnvironmentFunction.install(context);
        }
    }

    /** The running consumers of sharded {@code velt:events} streams, for their push receivers. */
    public ShardOwners getShardOwners() {
        return shardOwners;
    }

    ObjectMapper getObjectMapper() {
        return objectMapper;
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (awaitScheduler != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(awaitScheduler);
            awaitScheduler = null;
        }
        if (sharedHttpClient != null) {
            sharedHttpClient.close();
            sharedHttpClient = null;
        }
        for (VeltWebhookReceiver receiver : webhookReceivers.values()) {
            getCamelContext().removeService(receiver);
            receiver.stop();
        }
        webhookReceivers.clear();
        super.doStop();
    }

    /**
     * The local clock of the consumers, read only where Velt's own times cannot answer: when a consumer first started,
     * and for an execution listed without {@code startedAt}. Tests set a clock of their own.
     */
    public Clock getClock() {
        return clock;
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    public VeltConfiguration getConfiguration() {
        return configuration;
    }

    /**
     * The options every velt endpoint starts from.
     */
    public void setConfiguration(VeltConfiguration configuration) {
        this.configuration = configuration;
    }

    public int getAwaitPoolSize() {
        return awaitPoolSize;
    }

    /**
     * The threads of the scheduler that awaits agent runs (runAgent and getAgentExecution with awaitCompletion) for
     * every endpoint of this component: each wait is a task scheduled every awaitInterval, not a thread, and an awaited
     * exchange continues on one of these threads.
     */
    public void setAwaitPoolSize(int awaitPoolSize) {
        this.awaitPoolSize = awaitPoolSize;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    /**
     * The size of the HTTP connection pool the endpoints of this component share.
     */
    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }
}
