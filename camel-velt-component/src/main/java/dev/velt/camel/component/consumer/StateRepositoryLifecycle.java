package dev.velt.camel.component.consumer;

import java.util.IdentityHashMap;
import java.util.Map;

import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceHelper;

/**
 * camel-kafka's rule for a consumer's state repository: start it if it is not started yet, and stop only one that was
 * started here. A repository shared by several consumers (one bean, several routes) is stopped by the last of them
 * that started it, not by the first that stops.
 */
public final class StateRepositoryLifecycle {

    /** Repositories started by Velt consumers, with how many consumers use each. */
    private static final Map<StateRepository<?, ?>, Integer> USERS = new IdentityHashMap<>();

    private final StateRepository<String, String> repository;
    private boolean registered;

    public StateRepositoryLifecycle(StateRepository<String, String> repository) {
        this.repository = repository;
    }

    public void start() {
        synchronized (USERS) {
            Integer users = USERS.get(repository);
            if (users != null) {
                USERS.put(repository, users + 1);
                registered = true;
            } else if (!ServiceHelper.isStarted(repository)) {
                ServiceHelper.startService(repository);
                USERS.put(repository, 1);
                registered = true;
            }
            // else started by its owner: it stops it, too
        }
    }

    public void stop() {
        synchronized (USERS) {
            if (!registered) {
                return;
            }
            registered = false;
            int users = USERS.get(repository) - 1;
            if (users > 0) {
                USERS.put(repository, users);
                return;
            }
            USERS.remove(repository);
        }
        ServiceHelper.stopService(repository);
    }
}
