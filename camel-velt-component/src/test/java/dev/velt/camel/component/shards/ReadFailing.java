package dev.velt.camel.component.shards;

import java.util.function.BooleanSupplier;

import dev.velt.camel.component.state.OrderedStateRepository;
import dev.velt.camel.component.state.RemovableStateRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * A view of a {@link SharedTestRepository} whose reads of the hand-over lists (of both sharded consumers) throw while
 * {@code outage} says so.
 */
final class ReadFailing extends ServiceSupport implements OrderedStateRepository, RemovableStateRepository {

    private final SharedTestRepository repository;
    private final BooleanSupplier outage;

    ReadFailing(SharedTestRepository repository, BooleanSupplier outage) {
        this.repository = repository;
        this.outage = outage;
    }

    @Override
    public String getState(String key) {
        if (outage.getAsBoolean() && (key.startsWith("velt.events.shard.") || key.startsWith("velt.agentExecutions.shard."))) {
            throw new IllegalStateException("state repository outage (read of " + key + ")");
        }
        return repository.getState(key);
    }

    @Override
    public void setState(String key, String value) {
        repository.setState(key, value);
    }

    @Override
    public boolean setStateIfAhead(String key, String value, long order) {
        return repository.setStateIfAhead(key, value, order);
    }

    @Override
    public Long getOrder(String key) {
        return repository.getOrder(key);
    }

    @Override
    public boolean removeState(String key) {
        return repository.removeState(key);
    }

    @Override
    protected void doStart() {
        // outlives the routes
    }

    @Override
    protected void doStop() {
        // outlives the routes
    }
}
