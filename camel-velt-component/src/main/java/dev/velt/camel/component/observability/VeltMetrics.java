package dev.velt.camel.component.observability;

import dev.velt.camel.component.VeltEndpoint;
import dev.velt.camel.component.consumer.VeltPollingConsumer;
import org.apache.camel.util.ObjectHelper;

/**
 * Velt metrics in Micrometer, when micrometer-core is on the classpath (an optional dependency) and the CamelContext's
 * registry holds a {@code MeterRegistry} (the one named {@code metricsRegistry}, as camel-micrometer binds it, or the
 * only one, as in Spring Boot). Without either, nothing is recorded. Tags are of low cardinality: API path, Velt
 * status,
 * route id, operation; never an execution id. The meters (see {@link MicrometerVeltMetrics}):
 * <ul>
 * <li>{@value #CALLS} (counter; {@code operation} = API path, {@code outcome} = {@code OK} or the Velt status)</li>
 * <li>{@value #RETRIES} (counter): attempts repeated after a transient failure</li>
 * <li>{@value #DELIVERED}, {@value #FAILED} (counters), {@value #IN_FLIGHT} (gauge), per consumer ({@code route},
 * {@code operation})</li>
 * <li>{@value #POLL} (timer; {@code route}, {@code operation}, {@code outcome} = {@code success} or
 * {@code failure})</li>
 * </ul>
 */
public final class VeltMetrics {

    public static final String CALLS = "velt.api.calls";
    public static final String RETRIES = "velt.api.retries";
    public static final String DELIVERED = "velt.consumer.items.delivered";
    public static final String FAILED = "velt.consumer.items.failed";
    public static final String IN_FLIGHT = "velt.consumer.items.inflight";
    public static final String POLL = "velt.consumer.poll";

    private static final boolean MICROMETER = ObjectHelper.loadClass("io.micrometer.core.instrument.MeterRegistry",
            VeltMetrics.class.getClassLoader()) != null;

    private VeltMetrics() {
    }

    /** Counts the calls and retries of the endpoint's client; call once its client exists. */
    public static void bind(VeltEndpoint endpoint) {
        if (MICROMETER) {
            MicrometerVeltMetrics.bind(endpoint);
        }
    }

    /**
     * Observes the consumer's polls (for its meters and the {@code velt} dev console) and registers its meters; call on
     * start, before its first poll.
     */
    public static void bind(VeltPollingConsumer consumer) {
        VeltPollObserver.install(consumer, MICROMETER ? MicrometerVeltMetrics.bind(consumer) : null);
    }

    /** Binds a consumer on start and unbinds it on stop. */
    public static VeltPollingConsumer.Observer consumerObserver() {
        return new VeltPollingConsumer.Observer() {

            @Override
            public void started(VeltPollingConsumer consumer) {
                bind(consumer);
            }

            @Override
            public void stopped(VeltPollingConsumer consumer) {
                unbind(consumer);
            }
        };
    }

    /** Removes the consumer's meters; call on stop. */
    public static void unbind(VeltPollingConsumer consumer) {
        if (MICROMETER) {
            MicrometerVeltMetrics.unbind(consumer);
        }
    }
}
