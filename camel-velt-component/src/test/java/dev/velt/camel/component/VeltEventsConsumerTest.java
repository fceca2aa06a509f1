package dev.velt.camel.component;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.Recorder;
import dev.velt.camel.model.WorkflowEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class VeltEventsConsumerTest extends ConsumerTestSupport {

    private static final String GET_EVENTS = "/v2/workflow/executions/getEvents";
    private static final String LIST = "/v2/workflow/executions/list";

    private final Recorder recorder = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                                                        + e.getMessage().getHeader(VeltConstants.EVENT_SEQ));

    @Test
    void deliversEventsArrivingOverSeveralPollsInOrderAndStopsAfterTheTerminalEvent() throws Exception {
        velt.addEvent("exec_1", 1, "execution.dispatched");
        velt.addEvent("exec_1", 4, "step.awaiting-approval");
        startRoute("velt:events?executionId=exec_1&" + fast(), recorder);

        await().until(() -> recorder.processed().size() == 2);
        velt.addEvent("exec_1", 7, "step.completed");
        velt.addEvent("exec_1", 12, "execution.completed");
        await().until(() -> recorder.processed().size() == 4);

        assertThat(recorder.processed()).containsExactly("exec_1#1", "exec_1#4", "exec_1#7", "exec_1#12");
        Exchange first = recorder.exchanges().get(0);
        assertThat(first.getMessage().getBody()).isInstanceOf(WorkflowEvent.class);
        assertThat(first.getMessage().getHeader(VeltConstants.EVENT_ID)).isEqualTo("evt_exec_1_1");
        assertThat(first.getMessage().getHeader(VeltConstants.EVENT_TYPE)).isEqualTo("execution.dispatched");
        assertThat(first.getMessage().getHeader(VeltConstants.EVENT_SEQ)).isEqualTo(1L);

        // after the terminal event the execution is not polled again
        int requests = requestsTo(GET_EVENTS);
        velt.addEvent("exec_1", 13, "step.completed");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> requestsTo(GET_EVENTS) == requests);
        assertThat(recorder.processed()).hasSize(4);
    }

    @Test
    void asksForEventsAfterTheCommittedPositionAndPagesThroughHasMore() throws Exception {
        IntStream.rangeClosed(1, 25).forEach(i -> velt.addEvent("exec_p", i * 2L, "step.completed"));
        startRoute("velt:events?executionId=exec_p&pageSize=10&" + fast(), recorder);

        await().until(() -> recorder.processed().size() == 25);
        assertThat(recorder.processed()).isEqualTo(
                IntStream.rangeClosed(1, 25).mapToObj(i -> "exec_p#" + i * 2).collect(Collectors.toList()));
        // the second page was asked from the first page's cursor; the next poll starts after the last committed seq
        assertThat(requestsWith(GET_EVENTS, "sinceSeq", "20")).isPositive();
        await().until(() -> requestsWith(GET_EVENTS, "sinceSeq", "50") > 0);
    }

    @Test
    void typesFilterSkipsOtherEventsButStillMovesThePosition() throws Exception {
        velt.addEvent("exec_t", 1, "execution.dispatched");
        velt.addEvent("exec_t", 2, "step.awaiting-approval");
        velt.addEvent("exec_t", 3, "step.completed");
        velt.addEvent("exec_t", 5, "execution.failed");
        CamelContext context = startRoute(
                "velt:events?executionId=exec_t&types=step.awaiting-approval,execution.failed&" + fast(), recorder);

        await().until(() -> recorder.processed().size() == 2);
        assertThat(recorder.processed()).containsExactly("exec_t#2", "exec_t#5");
        VeltEndpoint endpoint = context.getEndpoints().stream().filter(VeltEndpoint.class::isInstance)
                .map(VeltEndpoint.class::cast).findFirst().orElseThrow();
        assertThat(endpoint.getOperation()).isEqualTo(VeltOperation.events);
    }

    @Test
    void discoversExecutionsOfADefinitionIncludingOnesStartingLater() throws Exception {
        velt.addExecution("exec_a", "def_1", "running", 1_000L);
        velt.addExecution("exec_old", "def_1", "running", 500L); // completed below
        velt.addEvent("exec_a", 1, "execution.dispatched");
        velt.addEvent("exec_old", 1, "execution.dispatched");
        velt.addEvent("exec_old", 2, "execution.completed");
        startRoute("velt:events?definitionId=def_1&" + fast(), recorder);

        await().until(() -> recorder.processed().contains("exec_a#1"));
        velt.addExecution("exec_b", "def_1", "running", 2_000L);
        velt.addEvent("exec_b", 1, "execution.dispatched");
        velt.addEvent("exec_b", 3, "execution.completed");
        velt.addEvent("exec_a", 2, "execution.cancelled");
        await().until(() -> recorder.processed().size() == 4);

        // exec_old had finished before the consumer first started: skipped
        assertThat(recorder.processed()).containsExactlyInAnyOrder("exec_a#1", "exec_a#2", "exec_b#1", "exec_b#3");
        assertThat(recorder.processed().stream().filter(k -> k.startsWith("exec_b")))
                .containsExactly("exec_b#1", "exec_b#3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".completed"})
    void anIdleDiscoveryPassWritesNoState(String statusKey) throws Exception {
        velt.addExecution("exec_idle", "def_idle", "running", System.currentTimeMillis());
        velt.addEvent("exec_idle", 1, "execution.dispatched");
        String key = "velt.events.discovery.def_idle" + statusKey;
        WriteCounter repository = new WriteCounter();
        String status = statusKey.isEmpty() ? "" : "&status=" + statusKey.substring(1);
        startRoute("velt:events?definitionId=def_idle" + status + "&stateRepository=#positions&" + fast(), recorder,
                ctx -> ctx.getRegistry().bind("positions", repository));
        await().until(() -> repository.getState(key) != null && repository.getState(key).contains("\"firstPassDone\":true"));
        int lists = requestsTo(LIST);
        int writes = repository.writes(key);

        // ten more passes over a list in which nothing changed
        await().until(() -> requestsTo(LIST) >= lists + 10);
        assertThat(repository.writes(key)).as("writes of %s after the first pass", key).isEqualTo(writes);
    }

    /** An in-memory repository that counts the writes of each key. */
    static final class WriteCounter extends MemoryStateRepository {

        private final Map<String, Integer> writes = new ConcurrentHashMap<>();

        WriteCounter() {
            start();
        }

        @Override
        public void setState(String key, String value) {
            writes.merge(key, 1, Integer::sum);
            super.setState(key, value);
        }

        int writes(String key) {
            return writes.getOrDefault(key, 0);
        }
    }

    @Test
    void sinceTimeReachesBackToExecutionsThatFinishedBeforeTheFirstStart() throws Exception {
        velt.addExecution("exec_old", "def_1", "running", 500L); // both completed below
        velt.addExecution("exec_older", "def_1", "running", 100L);
        velt.addEvent("exec_old", 1, "execution.dispatched");
        velt.addEvent("exec_old", 2, "execution.completed");
        velt.addEvent("exec_older", 1, "execution.completed");
        startRoute("velt:events?definitionId=def_1&sinceTime=400&" + fast(), recorder);

        await().until(() -> recorder.processed().size() == 2);
        await().during(Duration.ofMillis(200)).until(() -> recorder.processed().size() == 2);
        assertThat(recorder.processed()).containsExactly("exec_old#1", "exec_old#2");
    }

    @Test
    void aFailedExchangeIsRedeliveredBeforeAnythingAfterItWhileOtherExecutionsFlow() throws Exception {
        velt.addEvent("exec_x", 1, "execution.dispatched");
        velt.addEvent("exec_x", 2, "step.awaiting-approval");
        velt.addEvent("exec_x", 3, "step.completed");
        velt.addEvent("exec_y", 1, "execution.dispatched");
        velt.addEvent("exec_y", 2, "step.completed");
        recorder.failTimes("exec_x#2", 3);
        startRoute("velt:events?executionId=exec_x,exec_y&" + fast(), recorder);

        await().until(() -> recorder.processed().size() == 5);
        List<String> xAttempts = recorder.attempts().stream().filter(k -> k.startsWith("exec_x")).toList();
        // #2 failed three times; #3 was never tried before #2 succeeded
        assertThat(xAttempts).containsExactly("exec_x#1", "exec_x#2", "exec_x#2", "exec_x#2", "exec_x#2", "exec_x#3");
        assertThat(recorder.processed()).containsExactlyInAnyOrder("exec_x#1", "exec_x#2", "exec_x#3", "exec_y#1", "exec_y#2");
        assertThat(recorder.processed()).doesNotHaveDuplicates();
    }

    @Test
    void setsBatchPropertiesAndCapsAPollAtMaxMessagesPerPoll() throws Exception {
        IntStream.rangeClosed(1, 7).forEach(i -> velt.addEvent("exec_m", i, "step.completed"));
        startRoute("velt:events?executionId=exec_m&maxMessagesPerPoll=3&" + fast(), recorder);

        await().until(() -> recorder.processed().size() == 7);
        List<Exchange> exchanges = recorder.exchanges();
        assertThat(exchanges.get(0).getProperty(ExchangePropertyKey.BATCH_SIZE, Integer.class)).isEqualTo(3);
        assertThat(exchanges.get(0).getProperty(ExchangePropertyKey.BATCH_INDEX, Integer.class)).isZero();
        assertThat(exchanges.get(2).getProperty(ExchangePropertyKey.BATCH_COMPLETE, Boolean.class)).isTrue();
        assertThat(exchanges.get(6).getProperty(ExchangePropertyKey.BATCH_SIZE, Integer.class)).isEqualTo(1);
    }

    @Test
    void aRestartedRouteWithAFileStateRepositoryReceivesExactlyTheRest(@TempDir Path dir) throws Exception {
        File store = dir.resolve("velt-positions.dat").toFile();
        IntStream.rangeClosed(1, 5).forEach(i -> velt.addEvent("exec_r", i, "step.completed"));
        CamelContext first = startRouteWithRepository(store);
        await().until(() -> recorder.processed().size() == 5);
        stop(first);

        IntStream.rangeClosed(6, 9).forEach(i -> velt.addEvent("exec_r", i, "step.completed"));
        velt.addEvent("exec_r", 10, "execution.completed");
        startRouteWithRepository(store);
        await().until(() -> recorder.processed().size() == 10);
        await().during(Duration.ofMillis(200)).until(() -> recorder.processed().size() == 10);

        assertThat(recorder.processed()).isEqualTo(
                IntStream.rangeClosed(1, 10).mapToObj(i -> "exec_r#" + i).collect(Collectors.toList()));
        assertThat(java.nio.file.Files.readString(store.toPath()))
                .contains("velt.events.execution.exec_r={\"seq\":10,\"terminal\":true}");
    }

    private CamelContext startRouteWithRepository(File store) throws Exception {
        FileStateRepository repository = FileStateRepository.fileStateRepository(store);
        return startRouteBound("velt:events?executionId=exec_r&stateRepository=#positions&" + fast(), repository);
    }

    private CamelContext startRouteBound(String uri, FileStateRepository repository) throws Exception {
        return startRoute(uri, recorder, ctx -> ctx.getRegistry().bind("positions", repository));
    }

}
