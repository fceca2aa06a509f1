package dev.velt.camel.component.agents;

import java.util.function.Consumer;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.component.consumer.FailureIsolation;
import dev.velt.camel.component.consumer.PollFailures;
import dev.velt.camel.component.consumer.VeltPollingConsumer;
import dev.velt.camel.model.AgentExecution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One owed run read by id ({@code agents/execution/get}), and what a failed read means: a run Velt no longer knows is
 * given up, any other failure makes the run back off alone ({@link FailureIsolation}) while the other runs go on.
 */
final class RunChecks {

    private static final Logger LOG = LoggerFactory.getLogger(RunChecks.class);

    private final VeltPollingConsumer consumer;
    private final Consumer<String> gone;

    /** @param gone told of a run Velt answered NOT_FOUND for (on the poll thread) */
    RunChecks(VeltPollingConsumer consumer, Consumer<String> gone) {
        this.consumer = consumer;
        this.gone = gone;
    }

    AgentExecution get(String id, boolean includeResults) {
        return consumer.getEndpoint().call(() -> consumer.getEndpoint().getClient().getAgentExecution(id, includeResults));
    }

    /** Isolates a run whose read failed; true when the poll should send nothing more. */
    boolean failed(String id, VeltApiException e, PollFailures failures) {
        FailureIsolation isolation = consumer.isolation();
        // only Velt's own NOT_FOUND: a proxy's 404 page says nothing about the run
        if (e.isNotFound()) {
            LOG.warn("Pending agent run {} no longer exists in Velt; it is forgotten", id);
            gone.accept(id);
            isolation.forget(id);
        } else if (isolation.failed(id) == 1 && !e.isCredentialFailure()) {
            LOG.warn("agents/execution/get of run {} failed ({}); it backs off alone, the other runs go on", id,
                    e.getMessage());
        }
        return failures.itemFailed(e);
    }
}
