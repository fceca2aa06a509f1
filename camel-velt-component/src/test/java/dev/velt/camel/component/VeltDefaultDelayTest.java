package dev.velt.camel.component;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.test.SimRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Without a {@code delay} of their own, both consumers poll every 5 s, a pace suited to a rate-limited API, and the
 * catalog (what IDEs and the docs show) says so.
 */
class VeltDefaultDelayTest extends ConsumerTestSupport {

    private static final String GET_EVENTS = "/v2/workflow/executions/getEvents";

    @Test
    void theCatalogShowsFiveSecondsAsTheDefaultDelay() throws Exception {
        JsonNode delay;
        try (InputStream json = getClass().getResourceAsStream("/META-INF/dev/velt/camel/component/velt.json")) {
            delay = new ObjectMapper().readTree(json).path("properties").path("delay");
        }

        assertThat(delay.path("defaultValue").asText()).isEqualTo("5000");
        assertThat(delay.path("description").asText()).contains("5 s");
        assertThat(VeltEndpoint.DEFAULT_DELAY).isEqualTo(5000);
    }

    @Test
    void bothConsumersWithoutADelayPollEveryFiveSeconds() throws Exception {
        CamelContext events = startRoute("velt:events?executionId=exec_idle&initialDelay=0", exchange -> {
        });
        CamelContext runs = startRoute("velt:agentExecutions?agentId=agent_idle&initialDelay=0", exchange -> {
        });

        assertThat(((ScheduledPollConsumer) events.getRoute("consumer").getConsumer()).getDelay()).isEqualTo(5000);
        assertThat(((ScheduledPollConsumer) runs.getRoute("consumer").getConsumer()).getDelay()).isEqualTo(5000);
    }

    @Test
    void anIdleConsumerWithoutADelaySendsItsNextRequestFiveSecondsLater() throws Exception {
        velt.addExecution("exec_idle", "def_idle", "running", System.currentTimeMillis());
        startRoute("velt:events?executionId=exec_idle&initialDelay=0", exchange -> {
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> getEventsRequests().size() >= 1);
        // proving that nothing more happens: no second poll within the first 4 s ...
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5))
                .until(() -> getEventsRequests().size() == 1);
        // ... and the second one once the 5 s are up
        await().atMost(Duration.ofSeconds(30)).until(() -> getEventsRequests().size() >= 2);

        List<SimRequest> requests = getEventsRequests();
        long first = requests.get(0).at();
        long second = requests.get(1).at();
        assertThat(second - first).as("time between the first two polls, ms").isGreaterThanOrEqualTo(4900);
    }

    /** The simulator's getEvents requests, oldest first. */
    private List<SimRequest> getEventsRequests() {
        return simulator.requests().to(GET_EVENTS);
    }
}
