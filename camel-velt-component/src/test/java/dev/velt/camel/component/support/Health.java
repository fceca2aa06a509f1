package dev.velt.camel.component.support;

import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;

/** Health checks on a plain CamelContext, as Camel Main, Spring Boot and Quarkus set them up. */
public final class Health {

    private Health() {
    }

    /** A registry with the consumers repository; pass to {@code startRoute(uri, processor, setup)}. */
    public static void enable(CamelContext context) {
        HealthCheckRegistry registry = new DefaultHealthCheckRegistry();
        registry.setCamelContext(context);
        context.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, registry);
        registry.register(registry.resolveById("consumers"));
    }

    /** The readiness of the route {@code routeId}'s consumer, if checked. */
    public static Optional<HealthCheck.Result> readiness(CamelContext context, String routeId) {
        return HealthCheckHelper.invokeReadiness(context).stream()
                .filter(r -> r.getCheck().getId().equals("consumer:" + routeId)).findFirst();
    }
}
