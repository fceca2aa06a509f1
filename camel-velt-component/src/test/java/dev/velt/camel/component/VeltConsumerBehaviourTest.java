package dev.velt.camel.component;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.test.Fault;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Camel's scheduled-poll behaviour as route authors rely on it: health, backoff, error bridging, idle messages. */
class VeltConsumerBehaviourTest extends ConsumerTestSupport {

    private static final String GET_EVENTS = "/v2/workflow/executions/getEvents";

    @Test
    void permissionDeniedMarksTheConsumerDownWithTheVeltStatusAndBacksOff() throws Exception {
        simulator.faults().always(GET_EVENTS, Fault.PERMISSION_DENIED);
        List<Exchange> received = new CopyOnWriteArrayList<>();
        CamelContext context = startRoute("velt:events?executionId=exec_1&initialDelay=0&delay=10", received::add,
                VeltConsumerBehaviourTest::enableHealthChecks);

        // the DOWN result itself: a later invocation may already count a poll skipped by the backoff as a success
        HealthCheck.Result result = await().until(() -> readiness(context).filter(r -> r.getState() == HealthCheck.State.DOWN
                && r.getDetails().containsKey("velt.status")).orElse(null), Objects::nonNull);
        assertThat(result.getDetails()).containsEntry("velt.status", "PERMISSION_DENIED")
                .containsEntry(HealthCheck.HTTP_RESPONSE_CODE, 403);
        assertThat(result.getError()).isPresent().get().isInstanceOf(VeltOperationException.class);

        // PERMISSION_DENIED is not retried inside the call, and after a failed poll the next ten are skipped:
        // at delay=10 ms an unthrottled consumer would send about 50 requests in this window
        int before = requestsTo(GET_EVENTS);
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        assertThat(requestsTo(GET_EVENTS) - before).isLessThanOrEqualTo(10);
        assertThat(received).isEmpty();
    }

    @Test
    void readinessIsUpOnceAPollSucceeded() throws Exception {
        velt.addEvent("exec_1", 1, "execution.dispatched");
        List<Exchange> received = new CopyOnWriteArrayList<>();
        CamelContext context = startRoute("velt:events?executionId=exec_1&" + fast(), received::add,
                VeltConsumerBehaviourTest::enableHealthChecks);

        await().until(() -> readiness(context).filter(r -> r.getState() == HealthCheck.State.UP).isPresent());
        assertThat(received).hasSize(1);
    }

    @Test
    void bridgeErrorHandlerRoutesAFailedPollToTheRoutesErrorHandling() throws Exception {
        // Velt does not know exec_gone: 404 NOT_FOUND
        List<Throwable> handled = new CopyOnWriteArrayList<>();
        CamelContext context = new DefaultCamelContext();
        configure(context);
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                onException(VeltOperationException.class).handled(true)
                        .process(e -> handled.add(e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)));
                from("velt:events?executionId=exec_gone&bridgeErrorHandler=true&" + fast()).to("mock:never");
            }
        });
        context.start();
        try {
            await().until(() -> !handled.isEmpty());
            VeltOperationException e = (VeltOperationException) handled.get(0);
            assertThat(e.getStatus()).isEqualTo("NOT_FOUND");
            assertThat(e.getHttpResponseCode()).isEqualTo(404);
            assertThat(e.getOperation()).isEqualTo("events");
        } finally {
            context.stop();
        }
    }

    @Test
    void sendEmptyMessageWhenIdleSendsAnEmptyExchangeWhenNothingIsNew() throws Exception {
        velt.execution("exec_idle"); // running, no events yet
        List<Exchange> received = new CopyOnWriteArrayList<>();
        startRoute("velt:events?executionId=exec_idle&sendEmptyMessageWhenIdle=true&" + fast(), received::add);

        await().until(() -> received.size() >= 2);
        assertThat(received.get(0).getMessage().getBody()).isNull();
    }

    /** What Camel Main, Spring Boot and Quarkus do when health checks are on: a registry with the consumers repository. */
    private static void enableHealthChecks(CamelContext context) {
        HealthCheckRegistry registry = new DefaultHealthCheckRegistry();
        registry.setCamelContext(context);
        context.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, registry);
        registry.register(registry.resolveById("consumers"));
    }

    private static Optional<HealthCheck.Result> readiness(CamelContext context) {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(context);
        return results.stream().filter(r -> r.getCheck().getId().equals("consumer:consumer")).findFirst();
    }
}
