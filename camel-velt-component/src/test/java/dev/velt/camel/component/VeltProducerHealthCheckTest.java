package dev.velt.camel.component;

import java.util.Optional;

import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.test.Fault;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The producer health check judges from the calls already made and never calls Velt itself: the simulator's request
 * log says no call was made.
 */
class VeltProducerHealthCheckTest extends ConsumerTestSupport {

    private static final String GET = "workflow/executions/get";
    private CamelContext context;

    @AfterEach
    void stopContext() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void downAfterVeltRefusedTheCredentialsUpAfterASuccessAndUnmovedByACallersMistake() throws Exception {
        context = startContextWithProducerChecks();
        ProducerTemplate template = context.createProducerTemplate();
        String uri = "velt:getExecution?executionId=exec_1";

        velt.addEvent("exec_1", 1, "execution.dispatched");
        Exchange found = template.send(uri, e -> {
        });
        assertThat(found.getException()).isNull();
        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.UP);

        // an execution Velt does not know: 404 NOT_FOUND
        Exchange missing = template.send(uri, e -> e.getMessage().setHeader(VeltConstants.EXECUTION_ID, "exec_missing"));
        assertThat(missing.getException()).hasMessageContaining("NOT_FOUND");
        assertThat(readiness().getState()).as("a caller's mistake").isEqualTo(HealthCheck.State.UP);

        simulator.faults().always(GET, Fault.PERMISSION_DENIED);
        template.send(uri, e -> {
        });
        int requests = simulator.requests().count();
        assertThat(requests).as("requests sent by the three calls").isEqualTo(3);
        HealthCheck.Result down = readiness();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getDetails()).containsEntry("velt.status", "PERMISSION_DENIED")
                .containsEntry(HealthCheck.HTTP_RESPONSE_CODE, 403).containsEntry("velt.operation", "getExecution");
        assertThat(simulator.requests().count()).as("the check made no call").isEqualTo(requests);
    }

    @Test
    void missingCredentialsKeepTheProducerFromStartingAtAll() {
        context = startContextWithProducerChecks();
        context.getComponent("velt", VeltComponent.class).getConfiguration().setApiKey(null);

        assertThatThrownBy(() -> context.createProducerTemplate()
                .send("velt:getExecution?executionId=exec_1&lazyStartProducer=false", e -> {
                }))
                .rootCause().hasMessageContaining("velt:getExecution cannot call Velt: apiKey is not set");
        assertThat(simulator.requests().count()).as("requests sent").isZero();
    }

    private CamelContext startContextWithProducerChecks() {
        CamelContext camel = new DefaultCamelContext();
        HealthCheckRegistry registry = new DefaultHealthCheckRegistry();
        registry.setCamelContext(camel);
        camel.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, registry);
        // producer checks are off by default in Camel (camel.health.producersEnabled=true turns them on)
        HealthCheckRepository producers = (HealthCheckRepository) registry.resolveById("producers");
        producers.setEnabled(true);
        registry.register(producers);
        configure(camel);
        camel.start();
        return camel;
    }

    private HealthCheck.Result readiness() {
        Optional<HealthCheck.Result> result = HealthCheckHelper.invokeReadiness(context).stream()
                .filter(r -> r.getCheck().getId().startsWith("producer:velt-")).findFirst();
        assertThat(result).as("the velt producer's check").isPresent();
        return result.get();
    }
}
