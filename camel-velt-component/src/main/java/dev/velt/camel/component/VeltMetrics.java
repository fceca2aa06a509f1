package dev.velt.camel.component;

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
final class VeltMetrics {

    static final String CALLS = "velt.api.calls";
    static final String RETRIES = "velt.api.retries";
    static final String DELIVERED = "velt.consumer.items.delivered";
    static final String FAILED = "velt.consumer.items.failed";
    static final String IN_FLIGHT = "velt.consumer.items.inflight";
    static final String POLL = "velt.consumer.poll";

    private static final boolean MICROMETER = ObjectHelper.loadClass("io.micrometer.core.instrument.MeterRegistry",
            VeltMetrics.class.getClassLoader()) != null;

    private VeltMetrics() {
    }

    /** Counts the calls and retries of the endpoint's client; call once its client exists. */
    static void bind(VeltEndpoint endpoint) {
        if (MICROMETER) {
            MicrometerVeltMetrics.bind(endpoint);
        }
    }

    /**
     * Observes the consumer's polls (for its meters and the {@code velt} dev console) and registers its meters; call on
     * start, before its first poll.
     */
    static void bind(VeltPollingConsumer consumer) {
        VeltPollObserver.install(consumer, MICROMETER ? MicrometerVeltMetrics.bind(consumer) : null);
    }

    /** Removes the consumer's meters; call on stop. */
    static void unbind(VeltPollingConsumer consumer) {
        if (MICROMETER) {
            MicrometerVeltMetrics.unbind(consumer);
        }
    }
}
