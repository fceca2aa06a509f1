package dev.velt.camel.component;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.velt.camel.component.observability.MicrometerVeltMetrics;
import dev.velt.camel.component.observability.VeltMetrics;
import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.Recorder;
import dev.velt.camel.test.Fault;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The component's Micrometer meters, recorded into a SimpleMeterRegistry bound in the CamelContext's registry. */
class VeltMetricsTest extends ConsumerTestSupport {

    private static final String GET_EVENTS = "workflow/executions/getEvents";

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void consumerCallsRetriesPollsAndItemsAreMeasuredWithLowCardinalityTags() throws Exception {
        velt.addEvent("exec_1", 1, "execution.dispatched");
        velt.addEvent("exec_1", 2, "step.awaiting-approval");
        velt.addEvent("exec_1", 3, "execution.completed");
        // one transient failure, retried inside the call
        simulator.faults().next(GET_EVENTS, Fault.UNAVAILABLE);
        Recorder recorder = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                                              + e.getMessage().getHeader(VeltConstants.EVENT_SEQ))
                .failTimes("exec_1#2", 1);
        startRoute("velt:events?executionId=exec_1&" + fast(), recorder, this::bindRegistry);

        await().until(() -> recorder.processed().size() == 3);

        assertThat(counter(VeltMetrics.DELIVERED)).isEqualTo(3);
        assertThat(counter(VeltMetrics.FAILED)).isEqualTo(1);
        assertThat(meters.get(VeltMetrics.RETRIES).counter().count()).isEqualTo(1);
        assertThat(meters.get(VeltMetrics.CALLS).tags("operation", "workflow/executions/getEvents", "outcome", "OK").counter()
                .count()).isPositive();
        assertThat(meters.get(VeltMetrics.POLL).tags("route", "consumer", "operation", "events", "outcome", "success").timer()
                .count()).isPositive();
        // ids of executions, events and runs never become tag values
        assertThat(meters.getMeters()).flatExtracting(m -> m.getId().getTags()).extracting(Tag::getValue)
                .noneMatch(v -> v.contains("exec_") || v.contains("evt_"));
    }

    @Test
    void aFailedCallIsCountedByItsVeltStatus() throws Exception {
        simulator.faults().always(GET_EVENTS, Fault.PERMISSION_DENIED);
        startRoute("velt:events?executionId=exec_1&" + fast(), e -> {
        }, this::bindRegistry);

        await().until(() -> meters.find(VeltMetrics.CALLS).tags("outcome", "PERMISSION_DENIED").counter() != null);
        await().until(() -> meters.find(VeltMetrics.POLL).tags("outcome", "failure").timer().count() > 0);
    }

    @Test
    void anExchangeInFlightIsShownByTheGaugeAndTheMetersGoWithTheRoute() throws Exception {
        velt.addEvent("exec_1", 1, "execution.dispatched");
        CountDownLatch release = new CountDownLatch(1);
        CamelContext context = startRoute("velt:events?executionId=exec_1&" + fast(), (Exchange e) -> {
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
        }, this::bindRegistry);

        await().until(() -> meters.get(VeltMetrics.IN_FLIGHT).gauge().value() == 1.0);
        release.countDown();
        await().until(() -> counter(VeltMetrics.DELIVERED) == 1);
        assertThat(meters.get(VeltMetrics.IN_FLIGHT).gauge().value()).isZero();

        context.getRouteController().stopRoute("consumer");
        assertThat(meters.find(VeltMetrics.DELIVERED).meters()).isEmpty();
        assertThat(meters.find(VeltMetrics.POLL).meters()).isEmpty();
    }

    private void bindRegistry(CamelContext context) {
        context.getRegistry().bind(MicrometerVeltMetrics.REGISTRY_NAME, meters);
    }

    private double counter(String name) {
        Meter meter = meters.get(name).tags("route", "consumer", "operation", "events").meter();
        return meter.measure().iterator().next().getValue();
    }
}
