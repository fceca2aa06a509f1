package dev.velt.camel.component.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velt.camel.component.VeltConfiguration;
import dev.velt.camel.component.VeltEndpoint;
import dev.velt.camel.component.consumer.StateRepositoryLifecycle;
import dev.velt.camel.component.push.ShardOwners;
import dev.velt.camel.component.push.VeltWebhookReceiver;
import dev.velt.camel.component.state.OrderedStateRepository;
import dev.velt.camel.component.state.ShardPushStore;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.DefaultConsumer;

/**
 * The push receiver of a sharded {@code velt:events}: the endpoint with {@code shards} and {@code webhookPath} but no
 * {@code shard}. Meant to run on every replica, not under {@code master:}: while it runs, the pushes on its
 * {@code webhookPath} go to {@link ShardPushRouter}. It delivers nothing to its own route.
 */
@ManagedResource(description = "Managed Velt sharded push receiver")
public final class ShardPushConsumer extends DefaultConsumer {

    private final ShardOwners owners;
    private StateRepositoryLifecycle repositoryLifecycle;
    private ShardPushRouter router;

    public ShardPushConsumer(VeltEndpoint endpoint, Processor processor, ShardOwners owners) {
        super(endpoint, processor);
        this.owners = owners;
    }

    @Override
    public VeltEndpoint getEndpoint() {
        return (VeltEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        VeltConfiguration config = getEndpoint().getConfiguration();
        // the validator checked it is ordered
        OrderedStateRepository repository = (OrderedStateRepository) config.getStateRepository();
        repositoryLifecycle = new StateRepositoryLifecycle(repository);
        repositoryLifecycle.start();
        router = new ShardPushRouter(config.getDefinitionId(), config.getShards(), owners,
                new ShardPushStore(repository, config.getDefinitionId(), config.getShards()), new ObjectMapper());
        getEndpoint().getWebhookReceiver().activate(router);
    }

    @Override
    protected void doStop() throws Exception {
        VeltWebhookReceiver receiver = getEndpoint().getWebhookReceiver();
        if (router != null) {
            receiver.deactivate(router);
        }
        if (repositoryLifecycle != null) {
            repositoryLifecycle.stop();
            repositoryLifecycle = null;
        }
        super.doStop();
    }

    @ManagedAttribute(description = "Pushes handed to the consumer of their shard in this CamelContext")
    public long getPushesHanded() {
        return router == null ? 0 : router.handed.sum();
    }

    @ManagedAttribute(description = "Pushes recorded in the state repository for the consumer of their shard")
    public long getPushesRecorded() {
        return router == null ? 0 : router.recorded.sum();
    }

    @ManagedAttribute(description = "Webhook calls refused: unsigned, too large, not an event")
    public long getPushesRefused() {
        return router == null ? 0 : router.refused.sum();
    }
}
