package dev.velt.camel.component.observability;

import java.util.concurrent.TimeUnit;

import dev.velt.camel.client.VeltCallStats;
import dev.velt.camel.component.VeltEndpoint;
import dev.velt.camel.component.consumer.VeltPollingConsumer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;

/** The Micrometer side of {@link VeltMetrics}; loaded only when micrometer-core is on the classpath. */
public final class MicrometerVeltMetrics {

    /** The name camel-micrometer binds its registry under. */
    public static final String REGISTRY_NAME = "metricsRegistry";

    private MicrometerVeltMetrics() {
    }

    public static MeterRegistry registry(CamelContext context) {
        MeterRegistry named = context.getRegistry().lookupByNameAndType(REGISTRY_NAME, MeterRegistry.class);
        return named != null ? named : context.getRegistry().findSingleByType(MeterRegistry.class);
    }

    public static void bind(VeltEndpoint endpoint) {
        MeterRegistry registry = registry(endpoint.getCamelContext());
        if (registry == null) {
            return;
        }
        endpoint.getClient().getStats().setListener(new VeltCallStats.Listener() {

            @Override
            public void onCall(String path, String outcome) {
                registry.counter(VeltMetrics.CALLS, "operation", path, "outcome", outcome).increment();
            }

            @Override
            public void onRetry() {
                registry.counter(VeltMetrics.RETRIES).increment();
            }
        });
    }

    /** Registers the consumer's meters; returns its poll timer, or null without a registry. */
    static VeltPollObserver.PollTimer bind(VeltPollingConsumer consumer) {
        CamelContext context = consumer.getEndpoint().getCamelContext();
        MeterRegistry registry = registry(context);
        if (registry == null) {
            return null;
        }
        String routeId = consumer.getRouteId();
        Tags tags = tags(consumer);
        FunctionCounter.builder(VeltMetrics.DELIVERED, consumer, VeltPollingConsumer::getItemsDelivered).tags(tags)
                .description("Items whose exchange completed, so their position was committed").register(registry);
        FunctionCounter.builder(VeltMetrics.FAILED, consumer, VeltPollingConsumer::getItemsFailed).tags(tags)
                .description("Items whose exchange failed; they are delivered again on a later poll").register(registry);
        Gauge.builder(VeltMetrics.IN_FLIGHT, context, c -> c.getInflightRepository().size(routeId)).tags(tags)
                .description("Exchanges of the consumer's route being processed").register(registry);
        Timer succeeded = pollTimer(registry, tags, "success");
        Timer failed = pollTimer(registry, tags, "failure");
        return (nanos, ok) -> (ok ? succeeded : failed).record(nanos, TimeUnit.NANOSECONDS);
    }

    public static void unbind(VeltPollingConsumer consumer) {
        MeterRegistry registry = registry(consumer.getEndpoint().getCamelContext());
        if (registry == null) {
            return;
        }
        Tags tags = tags(consumer);
        for (String name : new String[]{VeltMetrics.DELIVERED, VeltMetrics.FAILED, VeltMetrics.IN_FLIGHT, VeltMetrics.POLL}) {
            registry.find(name).tags(tags).meters().forEach(registry::remove);
        }
    }

    private static Tags tags(VeltPollingConsumer consumer) {
        return Tags.of("route", String.valueOf(consumer.getRouteId()), "operation",
                consumer.getEndpoint().getOperation().name());
    }

    private static Timer pollTimer(MeterRegistry registry, Tags tags, String outcome) {
        return Timer.builder(VeltMetrics.POLL).tags(tags).tag("outcome", outcome)
                .description("Duration of a poll, delivery of what it found included").register(registry);
    }
}
