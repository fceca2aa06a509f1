package dev.velt.camel.component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import dev.velt.camel.component.consumer.VeltPollingConsumer;
import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.Recorder;
import dev.velt.camel.test.SimulatorOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code velt:agentExecutions} at the edges: late and filtered runs, first start cost, positions in the older
 * format.
 */
class VeltAgentConsumerCoreTest extends ConsumerTestSupport {

    private static final String LIST = "/v2/agents/execution/list";
    private static final long HOUR = 3_600_000L;

    private final Recorder runs = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID, String.class));

    /** The status filter's test reads the list contract that takes {@code status}: the older envelope. */
    @Override
    protected SimulatorOptions simulatorOptions() {
        boolean legacy = testInfo.getTestMethod().map(m -> m.getName().startsWith("aStatusFilter")).orElse(false);
        return super.simulatorOptions().legacyAgentList(legacy);
    }

    @Test
    void aStatusFilterDeliversAnOlderRunThatEntersTheListLate() throws Exception {
        assertThat(simulator.options().legacyAgentList()).as("the list contract that takes status").isTrue();
        startRoute("velt:agentExecutions?agentId=agent_f&status=failed&" + fast(), runs);
        await().until(() -> requestsTo(LIST) >= 1);
        long now = System.currentTimeMillis();
        velt.putRun("run_old", "agent_f", "running", now - 20_000, null);
        velt.putRun("run_new", "agent_f", "running", now - 10_000, null);
        velt.putRun("run_new", "agent_f", "failed", now - 10_000, System.currentTimeMillis());
        await().until(() -> runs.processed().contains("run_new"));

        velt.putRun("run_old", "agent_f", "failed", now - 20_000, System.currentTimeMillis());
        await().until(() -> runs.processed().contains("run_old"));
        assertThat(runs.processed()).containsExactly("run_new", "run_old");
    }

    @Test
    void aRunThatBecomesVisibleLateWithAnOlderStartIsFound() throws Exception {
        startRoute("velt:agentExecutions?agentId=agent_l&" + fast(), runs);
        await().until(() -> requestsTo(LIST) >= 1);
        long now = System.currentTimeMillis();
        velt.putRun("run_a", "agent_l", "passed", now - 10_000, System.currentTimeMillis());
        await().until(() -> runs.processed().contains("run_a"));

        velt.putRun("run_late", "agent_l", "passed", now - 20_000, System.currentTimeMillis());
        await().until(() -> runs.processed().contains("run_late"));
        assertThat(runs.processed()).containsExactly("run_a", "run_late");
    }

    @Test
    void aFirstStartLooksBackNoFurtherThanTheLongestAgentRun() throws Exception {
        long now = System.currentTimeMillis();
        // 500 finished runs an hour apart, and one running for two hours
        for (int i = 0; i < 500; i++) {
            velt.putRun("run_done_" + i, "agent_h", "passed", now - HOUR * (i + 1) - 1_000, now - HOUR * (i + 1));
        }
        velt.putRun("run_long", "agent_h", "running", now - 2 * HOUR - 500, null);
        AtomicReference<VeltPollingConsumer> consumer = new AtomicReference<>();
        Map<Long, Integer> listsByPoll = new ConcurrentHashMap<>();
        simulator.requests().onRequest(request -> {
            if (request.path().equals(LIST)) {
                listsByPoll.merge(consumer.get() == null ? -1 : consumer.get().getVeltPolls(), 1, Integer::sum);
            }
        });
        CamelContext context = startRoute("velt:agentExecutions?agentId=agent_h&initialDelay=500&delay=20", runs);
        consumer.set((VeltPollingConsumer) context.getRoute("consumer").getConsumer());
        await().until(() -> consumer.get().getVeltPolls() >= 2);

        // 24 hours of runs at the default page size of 20: two pages, not 26
        assertThat(listsByPoll).doesNotContainKey(-1L).containsEntry(0L, 2);
        velt.putRun("run_long", "agent_h", "failed", now - 2 * HOUR - 500, System.currentTimeMillis());
        await().until(() -> runs.processed().contains("run_long"));
        assertThat(runs.processed()).containsExactly("run_long");
    }

    @Test
    void aPositionInTheOlderFormatResumes() throws Exception {
        long now = System.currentTimeMillis();
        MemoryStateRepository repository = new MemoryStateRepository();
        repository.setState("velt.agentExecutions.agentId:agent_m",
                "{\"watermark\":" + (now - 1_000) + ",\"seen\":[\"run_seen\"],\"pending\":{\"run_p\":0}}");
        velt.putRun("run_p", "agent_m", "running", now - 2_000, null);
        velt.putRun("run_seen", "agent_m", "passed", now - 1_000, now - 500);
        startRoute("velt:agentExecutions?agentId=agent_m&stateRepository=#positions&" + fast(), runs,
                ctx -> ctx.getRegistry().bind("positions", repository));
        await().until(() -> requestsTo(LIST) >= 2);

        velt.putRun("run_p", "agent_m", "passed", now - 2_000, System.currentTimeMillis());
        velt.putRun("run_new", "agent_m", "passed", now, System.currentTimeMillis());
        await().until(() -> runs.processed().size() == 2);
        await().during(Duration.ofMillis(300)).until(() -> runs.processed().size() == 2);
        assertThat(runs.processed()).containsExactlyInAnyOrder("run_p", "run_new");
        assertThat(repository.getState("velt.agentExecutions.agentId:agent_m")).contains("\"pending\":{}");
    }
}
