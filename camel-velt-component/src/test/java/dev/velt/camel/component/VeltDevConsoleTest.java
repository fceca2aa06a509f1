package dev.velt.camel.component;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.velt.camel.component.observability.VeltConsumerStatus;
import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.Recorder;
import dev.velt.camel.test.Fault;
import dev.velt.camel.test.SimRequest;
import dev.velt.camel.test.SimulatorOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The {@code velt} dev console, resolved through Camel's dev console registry as Camel Main and JBang do. */
class VeltDevConsoleTest extends ConsumerTestSupport {

    /** The events route sends a key of its own, which the console must not show. */
    @Override
    protected SimulatorOptions simulatorOptions() {
        return clockTickingWithRealTime().acceptAnyCredentials(true);
    }

    @Test
    void showsEachConsumersRouteTrackedExecutionsBoundedPollsAndItems() throws Exception {
        String ids = IntStream.rangeClosed(1, 25).mapToObj(i -> "exec_" + i).collect(Collectors.joining(","));
        IntStream.rangeClosed(1, 25).forEach(i -> velt.execution("exec_" + i)); // 25 running executions, 2 with events
        velt.addEvent("exec_1", 1, "execution.dispatched");
        velt.addEvent("exec_1", 2, "step.awaiting-approval");
        velt.addEvent("exec_2", 1, "execution.dispatched");
        Recorder recorder = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                                              + e.getMessage().getHeader(VeltConstants.EVENT_SEQ))
                .failTimes("exec_2#1", 1);
        CamelContext context = startRoute("velt:events?apiKey=ak_secret_console&executionId=" + ids + "&" + fast(), recorder,
                c -> c.setDevConsole(true));
        await().until(() -> recorder.processed().size() == 3);
        DevConsole console = console(context);

        await().until(() -> json(console).get("itemsDelivered").equals(3L));
        JsonObject consumer = json(console);
        assertThat(consumer.getString("routeId")).isEqualTo("consumer");
        assertThat(consumer.getString("operation")).isEqualTo("events");
        assertThat(consumer.getLong("itemsFailed")).isEqualTo(1L);
        assertThat(consumer.getString("lastPollOutcome")).startsWith("ok");
        assertThat(consumer.getString("lastPollAt")).isNotNull();
        assertThat(consumer.getInteger("trackedCount")).isEqualTo(25);
        Map<String, Object> tracked = consumer.getMap("tracked");
        assertThat(tracked).hasSize(VeltConsumerStatus.TRACKED_LIMIT).containsEntry("exec_1", 2L).containsEntry("exec_2", 1L)
                .containsEntry("exec_3", 0L);
        assertThat(consumer.getLong("pushesReceived")).isZero();

        String text = (String) console.call(DevConsole.MediaType.TEXT);
        assertThat(text).contains("Route Id: consumer", "Live Executions (last delivered seq): 25", "exec_1: 2",
                "... 5 more", "Items: 3 delivered, 1 failed").doesNotContain("ak_secret_console");
        assertThat(simulator.requests().all()).extracting(SimRequest::apiKey).containsOnly("ak_secret_console");
    }

    @Test
    void showsPendingRunsAndTheLastPollError() throws Exception {
        velt.putRun("run_1", "agent_1", "running", 100, null);
        CamelContext context = startRoute("velt:agentExecutions?agentId=agent_1&" + fast(), e -> {
        }, c -> c.setDevConsole(true));
        DevConsole console = console(context);
        await().until(() -> Map.of("run_1", 0).equals(json(console).get("tracked")));
        assertThat(json(console).get("lastError")).isNull();

        simulator.faults().always("agents/execution/list", Fault.PERMISSION_DENIED);

        await().until(() -> "failed".equals(json(console).getString("lastPollOutcome")));
        assertThat(json(console).getString("lastError")).contains("PERMISSION_DENIED");
        assertThat((String) console.call(DevConsole.MediaType.TEXT))
                .contains("Pending Runs (findings delivered): 1", "run_1: 0", "Last Error: ");
    }

    private static DevConsole console(CamelContext context) {
        DevConsoleRegistry registry = context.getCamelContextExtension().getContextPlugin(DevConsoleRegistry.class);
        assertThat(registry).as("dev console registry").isNotNull();
        DevConsole console = registry.resolveById("velt");
        assertThat(console).as("velt console").isNotNull();
        return console;
    }

    @SuppressWarnings("unchecked")
    private static JsonObject json(DevConsole console) {
        JsonObject root = (JsonObject) console.call(DevConsole.MediaType.JSON);
        List<JsonObject> consumers = (List<JsonObject>) root.get("veltConsumers");
        assertThat(consumers).hasSize(1);
        return consumers.get(0);
    }
}
