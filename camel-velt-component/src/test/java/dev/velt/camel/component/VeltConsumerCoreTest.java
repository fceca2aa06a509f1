package dev.velt.camel.component;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.velt.camel.component.consumer.VeltPollingConsumer;
import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.ErrorLog;
import dev.velt.camel.component.support.Recorder;
import dev.velt.camel.test.Fault;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code velt:events} at the edges of its delivery promise: pages, async routes, discovery windows, failures of one
 * execution, state writes that fail, shared repositories and what a poll costs.
 */
class VeltConsumerCoreTest extends ConsumerTestSupport {

    private static final String GET_EVENTS = "/v2/workflow/executions/getEvents";
    private static final String LIST = "/v2/workflow/executions/list";

    private final Recorder recorder = new Recorder(
            e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                 + e.getMessage().getHeader(VeltConstants.EVENT_SEQ));
    private final List<CamelContext> ownContexts = new ArrayList<>();

    @AfterEach
    void stopOwnContexts() {
        ownContexts.forEach(CamelContext::stop);
    }

    @Test
    void anEmptyPageThatHasMoreIsFollowedToItsCursor() throws Exception {
        velt.addEvent("exec_gap", 1, "execution.dispatched");
        velt.addEvent("exec_gap", 2, "step.completed");
        velt.addEvent("exec_gap", 51, "execution.completed");
        // seqs 3..50 are internal events: Velt answers an empty page that has more, up to seq 50
        simulator.cannedAnswer(GET_EVENTS, data -> data.path("sinceSeq").asLong() == 2, 200,
                "{\"result\":{\"executionId\":\"exec_gap\",\"events\":[],\"nextCursor\":50,\"hasMore\":true}}");
        // pages of 2: the first ends at seq 2
        startRoute("velt:events?executionId=exec_gap&pageSize=2&" + fast(), recorder);

        await().until(() -> recorder.processed().size() == 3);
        assertThat(recorder.processed()).containsExactly("exec_gap#1", "exec_gap#2", "exec_gap#51");
    }

    @Test
    void aSedaRouteKeepsTheEventInFlightUntilItsThreadIsDone() throws Exception {
        assertAsyncRouteDeliversEachEventOnceInOrder(false);
    }

    @Test
    void aThreadsRouteKeepsTheEventInFlightUntilItsThreadIsDone() throws Exception {
        assertAsyncRouteDeliversEachEventOnceInOrder(true);
    }

    private void assertAsyncRouteDeliversEachEventOnceInOrder(boolean threads) throws Exception {
        for (String execution : List.of("exec_s1", "exec_s2")) {
            IntStream.rangeClosed(1, 4).forEach(i -> velt.addEvent(execution, i, "step.completed"));
            velt.addEvent(execution, 5, "execution.completed");
        }
        Semaphore gate = new Semaphore(0);
        List<String> seen = new CopyOnWriteArrayList<>();
        RecordingRepository repository = new RecordingRepository();
        String from = "velt:events?executionId=exec_s1,exec_s2&stateRepository=#positions&" + fast();
        CamelContext context = startRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                if (threads) {
                    from(from).routeId("consumer").threads(2).process(e -> slow(e, gate, seen));
                } else {
                    from(from).routeId("consumer").to("seda:slow");
                    from("seda:slow?concurrentConsumers=2").process(e -> slow(e, gate, seen));
                }
            }
        }, ctx -> ctx.getRegistry().bind("positions", repository));

        // the first event of each execution is held on the route's thread while the consumer keeps polling
        await().until(() -> seen.size() == 2);
        VeltPollingConsumer consumer = (VeltPollingConsumer) context.getRoute("consumer").getConsumer();
        long polls = consumer.getVeltPolls();
        await().until(() -> consumer.getVeltPolls() >= polls + 5);
        assertThat(seen).containsExactlyInAnyOrder("exec_s1#1", "exec_s2#1");

        gate.release(100);
        await().until(() -> seen.size() == 10);
        await().during(Duration.ofMillis(300)).until(() -> seen.size() == 10);
        for (String execution : List.of("exec_s1", "exec_s2")) {
            assertThat(seen.stream().filter(k -> k.startsWith(execution + "#")))
                    .containsExactly(IntStream.rangeClosed(1, 5).mapToObj(i -> execution + "#" + i).toArray(String[]::new));
            // positions only move forward, written from the route's threads
            assertThat(repository.seqsWritten("velt.events.execution." + execution)).isSorted().doesNotHaveDuplicates()
                    .endsWith(5L);
        }
    }

    private static void slow(Exchange exchange, Semaphore gate, List<String> seen) throws InterruptedException {
        seen.add(exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                 + exchange.getMessage().getHeader(VeltConstants.EVENT_SEQ));
        if (!gate.tryAcquire(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate never opened");
        }
    }

    @Test
    void anExecutionRunningAtTheFirstStartThatEndsBeforeTheFirstSuccessfulScanIsDeliveredWhole() throws Exception {
        long now = System.currentTimeMillis();
        velt.addExecution("exec_r", "def_r", "running", now - 60_000);
        velt.addEvent("exec_r", 1, "execution.dispatched");
        simulator.faults().always(LIST, Fault.UNAVAILABLE);
        startRoute("velt:events?definitionId=def_r&maxRetries=0&backoffMultiplier=1&backoffErrorThreshold=1&" + fast(),
                recorder);
        await().until(() -> requestsTo(LIST) >= 2);

        // it ends while Velt's list is unavailable
        velt.addEvent("exec_r", 2, "execution.completed");
        simulator.faults().restore(LIST);

        await().until(() -> recorder.processed().size() == 2);
        assertThat(recorder.processed()).containsExactly("exec_r#1", "exec_r#2");
    }

    @Test
    void aStatusFilterDeliversAnOlderExecutionThatEntersTheListLate() throws Exception {
        startRoute("velt:events?definitionId=def_f&status=failed&" + fast(), recorder);
        await().until(() -> requestsTo(LIST) >= 3);
        long now = System.currentTimeMillis();
        velt.addExecution("exec_old", "def_f", "running", now - 20_000);
        velt.addExecution("exec_new", "def_f", "running", now - 10_000);
        await().until(() -> requestsTo(LIST) >= 12);
        failExecution("exec_new", "def_f", now - 10_000);
        await().until(() -> recorder.processed().size() == 2);

        // the older one fails after the newer one was delivered
        failExecution("exec_old", "def_f", now - 20_000);
        await().until(() -> recorder.processed().size() == 4);
        assertThat(recorder.processed()).containsExactly("exec_new#1", "exec_new#2", "exec_old#1", "exec_old#2");
    }

    /** The execution (added before) gets its first event and fails. */
    private void failExecution(String id, String definitionId, long startedAt) {
        assertThat(velt.execution(id).execution().definitionId()).isEqualTo(definitionId);
        assertThat(velt.execution(id).execution().startedAt()).isBetween(startedAt, startedAt + TICK_MS);
        velt.addEvent(id, 1, "execution.dispatched");
        velt.addEvent(id, 2, "execution.failed");
    }

    @Test
    void anExecutionThatBecomesVisibleLateWithAnOlderStartIsDiscovered() throws Exception {
        long now = System.currentTimeMillis();
        velt.addExecution("exec_a", "def_l", "running", now - 10_000);
        velt.addEvent("exec_a", 1, "execution.dispatched");
        startRoute("velt:events?definitionId=def_l&" + fast(), recorder);
        await().until(() -> recorder.processed().contains("exec_a#1"));

        // indexing lag: listed only now, started before exec_a
        velt.addExecution("exec_late", "def_l", "running", now - 20_000);
        velt.addEvent("exec_late", 1, "execution.dispatched");
        await().until(() -> recorder.processed().contains("exec_late#1"));
    }

    @Test
    void aPendingExecutionWithoutStartedAtDoesNotStopTheScan() throws Exception {
        long now = System.currentTimeMillis();
        velt.addExecution("exec_a", "def_p", "running", now - 10_000);
        velt.addEvent("exec_a", 1, "execution.dispatched");
        startRoute("velt:events?definitionId=def_p&" + fast(), recorder);
        await().until(() -> recorder.processed().contains("exec_a#1"));

        // a pending execution (no startedAt) is listed on top, a new running one below it
        velt.addExecution("exec_pending", "def_p", "pending", null);
        velt.addExecution("exec_b", "def_p", "running", now - 5_000);
        velt.addEvent("exec_b", 1, "execution.dispatched");
        velt.addEvent("exec_pending", 1, "execution.dispatched");
        await().until(() -> recorder.processed().containsAll(List.of("exec_b#1", "exec_pending#1")));
    }

    @Test
    void anExecutionVeltDoesNotKnowIsDroppedAndTheOthersKeepTheirPollRate() throws Exception {
        // Velt does not know gone: 404 NOT_FOUND
        velt.addEvent("ok", 1, "execution.dispatched");
        ErrorLog errors = new ErrorLog();
        startRoute("velt:events?executionId=gone,ok&exceptionHandler=#errors&initialDelay=0&delay=10", recorder,
                ctx -> ctx.getRegistry().bind("errors", errors));

        await().until(() -> recorder.processed().contains("ok#1"));
        int before = requestsFor(GET_EVENTS, "ok");
        // one poll per delay for ok: no backoff of the whole consumer after gone's NOT_FOUND
        await().atMost(Duration.ofSeconds(5)).until(() -> requestsFor(GET_EVENTS, "ok") >= before + 40);
        assertThat(requestsFor(GET_EVENTS, "gone")).as("gone is asked once, then dropped").isEqualTo(1);
        assertThat(errors.pollFailures()).isEmpty();
    }

    @Test
    void anExchangeMarkedRollbackOnlyIsNotCommitted() throws Exception {
        velt.addEvent("exec_rb", 1, "execution.dispatched");
        velt.addEvent("exec_rb", 2, "execution.completed");
        AtomicBoolean first = new AtomicBoolean(true);
        startRoute("velt:events?executionId=exec_rb&" + fast(), e -> {
            recorder.process(e);
            if (first.getAndSet(false)) {
                e.setRollbackOnly(true);
            }
        });

        await().until(() -> recorder.attempts().size() == 3);
        assertThat(recorder.attempts()).containsExactly("exec_rb#1", "exec_rb#1", "exec_rb#2");
    }

    @Test
    void aListCursorThatDoesNotMoveEndsTheScanAndTheRouteStopsPromptly() throws Exception {
        velt.addExecution("exec_c", "def_c", "running", System.currentTimeMillis());
        velt.addEvent("exec_c", 1, "execution.dispatched");
        // every page of the list points to the same next page
        simulator.faults().always(LIST, Fault.STUCK_CURSOR);
        CamelContext context = startRoute("velt:events?definitionId=def_c&" + fast(), recorder);

        await().until(() -> recorder.processed().contains("exec_c#1"));
        VeltPollingConsumer consumer = (VeltPollingConsumer) context.getRoute("consumer").getConsumer();
        long polls = consumer.getVeltPolls();
        assertThat(requestsTo(LIST)).as("list requests in %d polls", polls).isLessThanOrEqualTo((int) (polls + 1) * 6);
        context.getShutdownStrategy().setTimeout(10);
        stop(context);
        assertThat(context.getShutdownStrategy().isTimeoutOccurred()).as("forced shutdown needed").isFalse();
    }

    @Test
    void aStateRepositorySharedByTwoRoutesIsStoppedOnlyByTheLastOneThatStartedIt(@TempDir Path dir) throws Exception {
        File file = dir.resolve("positions.dat").toFile();
        FileStateRepository repository = FileStateRepository.fileStateRepository(file);
        velt.addEvent("exec_1", 1, "execution.dispatched");
        velt.addEvent("exec_2", 1, "execution.dispatched");
        Recorder second = new Recorder(recorderKey());
        CamelContext context = startRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                from("velt:events?executionId=exec_1&stateRepository=#positions&" + fast()).routeId("first").process(recorder);
                from("velt:events?executionId=exec_2&stateRepository=#positions&" + fast()).routeId("second").process(second);
            }
        }, ctx -> ctx.getRegistry().bind("positions", repository));
        await().until(() -> recorder.processed().size() == 1 && second.processed().size() == 1);

        context.getRouteController().stopRoute("first");
        assertThat(ServiceHelper.isStarted(repository)).as("still started for the second route").isTrue();
        velt.addEvent("exec_2", 2, "execution.completed");
        await().until(() -> second.processed().size() == 2);
        assertThat(repository.getState("velt.events.execution.exec_2")).isEqualTo("{\"seq\":2,\"terminal\":true}");

        context.getRouteController().stopRoute("second");
        assertThat(ServiceHelper.isStarted(repository)).as("stopped by the last route using it").isFalse();
    }

    @Test
    void aRepositoryStartedByItsOwnerIsNotStoppedByTheConsumers() throws Exception {
        MemoryStateRepository repository = new MemoryStateRepository();
        repository.start();
        velt.addEvent("exec_1", 1, "execution.dispatched");
        CamelContext context = startRoute("velt:events?executionId=exec_1&stateRepository=#positions&" + fast(), recorder,
                ctx -> ctx.getRegistry().bind("positions", repository));
        await().until(() -> recorder.processed().size() == 1);
        stop(context);
        assertThat(ServiceHelper.isStarted(repository)).isTrue();
    }

    @Test
    void anExplicitPageSizeIsThePageSizeOfEveryRequest() throws Exception {
        IntStream.rangeClosed(1, 1199).forEach(i -> velt.addEvent("exec_big", i, "step.completed"));
        velt.addEvent("exec_big", 1200, "execution.completed");
        Recorder counting = new Recorder(recorderKey()).withoutExchanges();
        startRoute("velt:events?executionId=exec_big&pageSize=500&" + fast(), counting);

        await().until(() -> counting.processed().size() == 1200);
        await().during(Duration.ofMillis(200)).until(() -> requestsTo(GET_EVENTS) == 3);
        assertThat(requestsWith(GET_EVENTS, "pageSize", "500")).isEqualTo(3);
    }

    @Test
    void aPositionThatCannotBeWrittenFailsThePollAndIsWrittenLaterWithoutDeliveringTheEventAgain() throws Exception {
        velt.addEvent("exec_w", 1, "execution.dispatched");
        velt.addEvent("exec_w", 2, "execution.completed");
        RecordingRepository repository = new RecordingRepository();
        repository.down = true;
        ErrorLog errors = new ErrorLog();
        startRoute("velt:events?executionId=exec_w&stateRepository=#positions&exceptionHandler=#errors&" + fast(), recorder,
                ctx -> {
                    ctx.getRegistry().bind("positions", repository);
                    ctx.getRegistry().bind("errors", errors);
                });

        await().until(() -> errors.pollFailures().size() >= 2);
        assertThat(errors.pollFailures().get(0)).hasMessageContaining("state database down");
        assertThat(recorder.attempts()).as("completed once: not delivered again while its position waits").containsExactly(
                "exec_w#1");
        repository.down = false;
        await().until(() -> recorder.processed().contains("exec_w#2"));
        await().untilAsserted(() -> assertThat(repository.getState("velt.events.execution.exec_w")).as("writes %s",
                repository.writes).isEqualTo("{\"seq\":2,\"terminal\":true}"));
        assertThat(recorder.attempts()).containsExactly("exec_w#1", "exec_w#2");
    }

    @Test
    void oneFailingExecutionDoesNotFailThePollOfTheOthers() throws Exception {
        simulator.faults().when(GET_EVENTS, data -> data.path("executionId").asText().equals("bad"), Fault.INTERNAL_ERROR);
        velt.addEvent("good_1", 1, "execution.dispatched");
        velt.addEvent("good_2", 1, "execution.dispatched");
        ErrorLog errors = new ErrorLog();
        startRoute("velt:events?executionId=bad,good_1,good_2&maxRetries=0&exceptionHandler=#errors&" + fast(), recorder,
                ctx -> ctx.getRegistry().bind("errors", errors));

        await().until(() -> recorder.processed().size() == 2);
        velt.addEvent("good_1", 2, "step.completed");
        velt.addEvent("good_2", 2, "step.completed");
        await().until(() -> recorder.processed().size() == 4);
        await().until(() -> requestsFor(GET_EVENTS, "bad") >= 4);
        // bad backs off alone: the others are asked more often
        assertThat(requestsFor(GET_EVENTS, "good_1")).isGreaterThan(requestsFor(GET_EVENTS, "bad"));
        assertThat(errors.pollFailures()).as("failed polls").isEmpty();
    }

    @Test
    void onePollSendsAtMostTheCappedNumberOfRequests() throws Exception {
        List<String> ids = IntStream.rangeClosed(1, 150).mapToObj(i -> "exec_" + i).collect(Collectors.toList());
        ids.forEach(id -> velt.addEvent(id, 1, "execution.dispatched"));
        // requests counted by the number of polls that had ended when they arrived
        AtomicReference<VeltPollingConsumer> consumer = new AtomicReference<>();
        Map<Long, Integer> requestsByPoll = new ConcurrentHashMap<>();
        simulator.requests().onRequest(
                request -> requestsByPoll.merge(consumer.get() == null ? -1 : consumer.get().getVeltPolls(), 1, Integer::sum));
        CamelContext context = startRoute("velt:events?executionId=" + String.join(",", ids)
                                          + "&maxMessagesPerPoll=0&initialDelay=500&delay=20",
                recorder);
        consumer.set((VeltPollingConsumer) context.getRoute("consumer").getConsumer());

        await().until(() -> recorder.processed().size() == 150);
        assertThat(requestsByPoll).doesNotContainKey(-1L).containsEntry(0L, 100);
        assertThat(requestsByPoll.values()).allMatch(n -> n <= 100);
    }

    @Test
    void aFirstStartFindsTheLiveExecutionsWithoutPagingThroughTheHistory() throws Exception {
        long now = System.currentTimeMillis();
        // 1,000 finished executions a minute apart, and one running for two days
        for (int i = 0; i < 1000; i++) {
            velt.addExecution("exec_done_" + i, "def_h", "running", now - 60_000L * (i + 1))
                    .eventAt(velt.tickOf(now - 60_000L * i), 1, "execution.completed", null, null);
        }
        velt.addExecution("exec_long", "def_h", "running", now - 2 * 86_400_000L);
        velt.addEvent("exec_long", 1, "execution.dispatched");
        startRoute("velt:events?definitionId=def_h&repeatCount=1&" + fast(), recorder);

        await().until(() -> recorder.processed().contains("exec_long#1"));
        await().during(Duration.ofMillis(300)).until(() -> requestsTo(LIST) <= 3);
        // running, pending, and the first page of the list down to the lookback window
        assertThat(requestsTo(LIST)).isEqualTo(3);
        assertThat(recorder.processed()).containsExactly("exec_long#1");
    }

    @Test
    void finishedDiscoveredExecutionsLeaveNoStateOnceOutsideTheWindow(@TempDir Path dir) throws Exception {
        long now = System.currentTimeMillis();
        FileStateRepository repository = FileStateRepository.fileStateRepository(dir.resolve("positions.dat").toFile());
        startRoute("velt:events?definitionId=def_b&stateRepository=#positions&" + fast(), recorder,
                ctx -> ctx.getRegistry().bind("positions", repository));
        await().until(() -> requestsTo(LIST) >= 3);
        for (int i = 0; i < 30; i++) {
            String id = "exec_b" + i;
            // started two hours before the next one (which starts now); they end now
            velt.addExecution(id, "def_b", "running", now - 2 * 3_600_000L + i * TICK_MS);
            velt.addEvent(id, 1, "execution.dispatched");
            velt.addEvent(id, 2, "execution.completed");
        }
        await().until(() -> recorder.processed().size() == 60);
        // the list moves on: a newer execution, long after them, moves the window past them
        velt.addExecution("exec_later", "def_b", "running", System.currentTimeMillis());
        velt.addEvent("exec_later", 1, "execution.dispatched");
        await().until(() -> recorder.processed().size() == 61);
        await().until(() -> repository.getCache().keySet().stream().noneMatch(k -> k.startsWith("velt.events.execution.exec_b"))
                && !repository.getState("velt.events.discovery.def_b").contains("exec_b"));
        assertThat(repository.getState("velt.events.discovery.def_b")).contains("exec_later");
    }

    @Test
    void aPositionInTheOlderFormatResumes() throws Exception {
        long now = System.currentTimeMillis();
        RecordingRepository repository = new RecordingRepository();
        repository.setState("velt.events.discovery.def_m",
                "{\"watermark\":" + (now - 1_000) + ",\"seen\":[\"exec_m2\"],\"live\":[\"exec_m1\"]}");
        repository.setState("velt.events.execution.exec_m1", "{\"seq\":3,\"terminal\":false}");
        velt.addExecution("exec_m1", "def_m", "running", now - 2_000);
        velt.addExecution("exec_m2", "def_m", "running", now - 1_000); // completed by its only event, below
        IntStream.rangeClosed(1, 4).forEach(i -> velt.addEvent("exec_m1", i, "step.completed"));
        velt.addEvent("exec_m1", 5, "execution.completed");
        velt.addEvent("exec_m2", 1, "execution.completed");
        startRoute("velt:events?definitionId=def_m&stateRepository=#positions&" + fast(), recorder,
                ctx -> ctx.getRegistry().bind("positions", repository));

        await().until(() -> recorder.processed().size() == 2);
        await().during(Duration.ofMillis(300)).until(() -> recorder.processed().size() == 2);
        assertThat(recorder.processed()).containsExactly("exec_m1#4", "exec_m1#5");
    }

    private static java.util.function.Function<Exchange, String> recorderKey() {
        return e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                    + e.getMessage().getHeader(VeltConstants.EVENT_SEQ);
    }

    private CamelContext startRoutes(RouteBuilder routes, java.util.function.Consumer<CamelContext> setup) throws Exception {
        CamelContext context = new DefaultCamelContext();
        setup.accept(context);
        configure(context);
        context.addRoutes(routes);
        context.start();
        ownContexts.add(context);
        return context;
    }

    /** A state repository that records every value written, and can fail every write like a database that is down. */
    static final class RecordingRepository extends org.apache.camel.support.service.ServiceSupport
            implements
                StateRepository<String, String> {

        private final Map<String, String> states = new ConcurrentHashMap<>();
        private final List<Map.Entry<String, String>> writes = Collections.synchronizedList(new ArrayList<>());
        volatile boolean down;

        @Override
        public void setState(String key, String value) {
            if (down) {
                throw new IllegalStateException("state database down");
            }
            writes.add(Map.entry(key, value));
            states.put(key, value);
        }

        @Override
        public String getState(String key) {
            return states.get(key);
        }

        List<String> keys() {
            return new ArrayList<>(states.keySet());
        }

        List<Long> seqsWritten(String key) {
            synchronized (writes) {
                return writes.stream().filter(w -> w.getKey().equals(key))
                        .map(w -> Long.parseLong(w.getValue().replaceAll("\\{\"seq\":(\\d+),.*", "$1"))).toList();
            }
        }
    }
}
