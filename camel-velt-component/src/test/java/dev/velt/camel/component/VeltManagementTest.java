package dev.velt.camel.component;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.test.Fault;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The counters users scrape over JMX (e.g. with the Prometheus JMX exporter or Jolokia). */
class VeltManagementTest extends ConsumerTestSupport {

    @Test
    void consumerAndEndpointCountersAreManagedAttributes() throws Exception {
        velt.addEvent("exec_1", 1, "execution.dispatched");
        velt.addEvent("exec_1", 2, "execution.completed");
        // one transient failure, retried inside the call
        simulator.faults().next("workflow/executions/getEvents", Fault.UNAVAILABLE);
        CamelContext context = startRoute("velt:events?executionId=exec_1&" + fast(),
                new CopyOnWriteArrayList<Exchange>()::add);
        MBeanServer server = context.getManagementStrategy().getManagementAgent().getMBeanServer();

        ObjectName consumer = only(server, "org.apache.camel:context=" + context.getManagementName() + ",type=consumers,*");
        await().until(() -> (Long) server.getAttribute(consumer, "PositionsCommitted") == 2L);
        assertThat(server.getAttribute(consumer, "ItemsDelivered")).isEqualTo(2L);
        assertThat(server.getAttribute(consumer, "ItemsFailed")).isEqualTo(0L);
        assertThat((Long) server.getAttribute(consumer, "VeltPolls")).isPositive();
        assertThat((Long) server.getAttribute(consumer, "MaxPollDurationMillis")).isNotNegative();

        ObjectName endpoint = only(server, "org.apache.camel:context=" + context.getManagementName()
                                           + ",type=endpoints,name=\"velt://events*\",*");
        assertThat(server.getAttribute(endpoint, "VeltRetries")).isEqualTo(1L);
        assertThat((Long) server.getAttribute(endpoint, "VeltCallsSucceeded")).isPositive();
        assertThat(server.getAttribute(endpoint, "VeltCallsFailed")).isEqualTo(0L);
        assertThat((String) server.getAttribute(endpoint, "VeltCallsByOutcome")).contains("workflow/executions/getEvents OK=");
    }

    private static ObjectName only(MBeanServer server, String pattern) throws Exception {
        Set<ObjectName> names = server.queryNames(new ObjectName(pattern), null);
        assertThat(names).as(pattern).hasSize(1);
        return names.iterator().next();
    }
}
