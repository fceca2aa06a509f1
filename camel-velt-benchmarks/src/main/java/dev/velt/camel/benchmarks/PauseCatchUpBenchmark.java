package dev.velt.camel.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.component.events.VeltEventsConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.processor.state.MemoryStateRepository;

/**
 * Catching up after a pause: a discovering consumer ({@code velt:events?definitionId=...}) with a persistent state
 * repository (a {@link MemoryStateRepository} the benchmark starts itself, so stopping the route does not clear it)
 * runs and delivers {@value #BEFORE} executions, is stopped, and while it is stopped {@value #NEW} executions of the
 * definition start and finish, their {@code startedAt} spaced evenly over the hour after the newest execution seen
 * before the stop; each has {@value #EVENTS_EACH} events, the last one {@code execution.completed}. The route starts
 * again; the figures are the list and {@code getEvents} requests it needs until every event of the {@value #NEW} is
 * delivered, against the least a newest-first scan can do, and the time that takes.
 * <p>
 * The least: the list down to the stored watermark minus the 5-minute lookback, in pages of {@value #PAGE_SIZE}
 * ({@value #NEW} new items, the items seen before the stop that lie in the lookback, and the first item below it,
 * which tells the scan it reached the horizon), plus one {@code getEvents} page per new execution (its events fit one
 * page). List time is the stub's: the {@code startedAt} values are fixed, independent of the wall clock.
 * <p>
 * The top-level figures are at the consumer's default options (besides {@code pageSize});
 * {@code details.pause.uncapped}
 * repeats the pause with {@code maxMessagesPerPoll=0}, so the share of the list requests that is paid per poll shows.
 */
final class PauseCatchUpBenchmark {

    static final String DEFINITION_ID = "def_pause";
    /** Executions seen before the stop, a minute apart, all finished before it. */
    static final int BEFORE = 20;
    static final long BEFORE_SPACING_MS = 60_000L;
    /** Executions that start during the pause. */
    static final int NEW = 1_000;
    /** The list time the new executions are spread over. */
    static final long PAUSE_SPAN_MS = 3_600_000L;
    static final int EVENTS_EACH = 4;
    static final int PAGE_SIZE = 100;
    static final long LOOKBACK_MS = 5 * 60 * 1000L;
    /** Options besides definitionId, pageSize and stateRepository; {@code -Dbench.pause.options=...} adds to them. */
    static final String OPTIONS = System.getProperty("bench.pause.options", "");
    /** The second variant: no cap on the events per poll, so each poll spends its whole request budget. */
    static final String UNCAPPED_OPTIONS = "maxMessagesPerPoll=0";

    /** Index 0 is the newest; the executions before the stop come after the new ones (older). */
    private final String[] ids = new String[NEW + BEFORE];
    private final long[] startedAt = new long[NEW + BEFORE];
    private final byte[][] listItems = new byte[NEW + BEFORE][];
    private final byte[][] runningItems = new byte[BEFORE][];
    private final Map<String, byte[]> eventPages = new HashMap<>();
    /** False before the stop (only the executions seen before it exist), true once the pause began. */
    private volatile boolean paused;
    private final LongAdder listWithStatus = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final Map<String, LongAdder> getEventsById = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    Map<String, Object> run(StubServer stub) throws Exception {
        build();
        try {
            Map<String, Object> result = catchUp(stub, OPTIONS);
            // the same pause with no cap on the events per poll: fewer, larger polls
            Map<String, Object> uncapped = catchUp(stub, UNCAPPED_OPTIONS + (OPTIONS.isEmpty() ? "" : "&" + OPTIONS));
            Map<String, Object> detail = new LinkedHashMap<>((Map<String, Object>) result.remove("pause"));
            detail.put("uncapped", uncapped);
            result.put("pause", detail);
            return result;
        } finally {
            eventPages.clear();
        }
    }

    /** One stop, pause and catch-up with the consumer options {@code options}; the figures, raw ones under "pause". */
    private Map<String, Object> catchUp(StubServer stub, String options) throws Exception {
        paused = false;
        stub.handler((path, body) -> {
            if (path.equals(Bench.LIST_EXECUTIONS)) {
                return list(StubServer.stringField(body, "status"), StubServer.stringField(body, "cursor"),
                        (int) StubServer.longField(body, "pageSize", 50));
            }
            if (path.equals(Bench.GET_EVENTS)) {
                String id = StubServer.stringField(body, "executionId");
                getEventsById.computeIfAbsent(id, k -> new LongAdder()).increment();
                long since = StubServer.longField(body, "sinceSeq", 0);
                byte[] page = since == 0 ? eventPages.get(id) : null;
                if (page == null) {
                    misses.increment(); // asked again after its terminal event, or mid-stream
                    return StubServer.ok(Bench.eventsPage(id, "", since, false));
                }
                return page;
            }
            return StubServer.notFound();
        });

        MemoryStateRepository repository = new MemoryStateRepository();
        repository.start(); // started here: the consumer leaves it running when the route stops
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        LongAdder duplicates = new LongAdder();
        AtomicLong newDelivered = new AtomicLong();
        AtomicLong beforeDelivered = new AtomicLong();
        AtomicLong caughtUpNanos = new AtomicLong();
        long[] atCatchUp = new long[2];
        long expectedNewEvents = (long) NEW * EVENTS_EACH;
        CamelContext camel = Bench.camel(stub);
        camel.getRegistry().bind("pausePositions", repository);
        try {
            camel.addRoutes(new RouteBuilder() {

                @Override
                public void configure() {
                    from("velt:events?definitionId=" + DEFINITION_ID + "&pageSize=" + PAGE_SIZE
                         + "&stateRepository=#pausePositions" + (options.isEmpty() ? "" : "&" + options))
                            .routeId("pause")
                            .process(exchange -> {
                                String id = exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID, String.class);
                                long seq = exchange.getMessage().getHeader(VeltConstants.EVENT_SEQ, Long.class);
                                if (!delivered.add(id + "#" + seq)) {
                                    duplicates.increment();
                                    return;
                                }
                                if (!id.startsWith("exec_pause_new_")) {
                                    beforeDelivered.incrementAndGet();
                                } else if (newDelivered.incrementAndGet() == expectedNewEvents) {
                                    long now = System.nanoTime();
                                    atCatchUp[0] = stub.requests(Bench.LIST_EXECUTIONS);
                                    atCatchUp[1] = stub.requests(Bench.GET_EVENTS);
                                    caughtUpNanos.set(now); // publishes the counts
                                }
                            });
                }
            });
            // before the stop: every execution seen and delivered, then a few idle polls so the state is stored
            Bench.await("the executions before the stop", Duration.ofMinutes(1),
                    () -> beforeDelivered.get() >= (long) BEFORE * EVENTS_EACH);
            long lists = stub.requests(Bench.LIST_EXECUTIONS);
            Bench.await("idle polls before the stop", Duration.ofSeconds(30),
                    () -> stub.requests(Bench.LIST_EXECUTIONS) >= lists + 3);
            long beforeLists = stub.requests(Bench.LIST_EXECUTIONS);
            long beforeGetEvents = stub.requests(Bench.GET_EVENTS);
            VeltEventsConsumer consumer = (VeltEventsConsumer) camel.getRoute("pause").getConsumer();
            camel.getRouteController().stopRoute("pause");
            long pollsAtStop = consumer.getVeltPolls();
            String discoveryState = repository.getState("velt.events.discovery." + DEFINITION_ID);
            long positionKeysAtStop = java.util.Arrays.stream(ids)
                    .filter(id -> repository.getState("velt.events.execution." + id) != null).count();

            // the pause: NEW executions start and finish; then the route starts again
            paused = true;
            stub.reset();
            getEventsById.clear();
            misses.reset();
            listWithStatus.reset();
            long restart = System.nanoTime();
            camel.getRouteController().startRoute("pause");
            Bench.await("the catch-up: " + expectedNewEvents + " events of " + NEW + " executions",
                    Duration.ofMinutes(5), () -> caughtUpNanos.get() != 0);
            VeltEventsConsumer restarted = (VeltEventsConsumer) camel.getRoute("pause").getConsumer();
            long pollsToCatchUp = restarted == consumer ? restarted.getVeltPolls() - pollsAtStop : restarted.getVeltPolls();
            long firstRequest = stub.firstRequestNanos();
            double fromRestartMs = (caughtUpNanos.get() - restart) / 1e6;
            double fromFirstRequestMs = (caughtUpNanos.get() - firstRequest) / 1e6;
            Thread.sleep(300); // a wrong extra request or a late duplicate shows up in the counts
            long listAfter = stub.requests(Bench.LIST_EXECUTIONS);
            long getEventsAfter = stub.requests(Bench.GET_EVENTS);
            camel.getRouteController().stopRoute("pause");

            long list = atCatchUp[0];
            long getEvents = atCatchUp[1];
            long reread = rereadItems();
            long expectedList = (NEW + reread + PAGE_SIZE - 1) / PAGE_SIZE;
            long floorList = (NEW + PAGE_SIZE - 1) / PAGE_SIZE;
            long expectedGetEvents = (long) NEW * ((EVENTS_EACH + PAGE_SIZE - 1) / PAGE_SIZE);
            long newExecutionsAskedTwice = getEventsById.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("exec_pause_new_") && e.getValue().sum() > 1).count();
            long lost = expectedNewEvents - newDelivered.get();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("pause_executions", NEW);
            result.put("pause_list_requests", list);
            result.put("pause_list_expected_requests", expectedList);
            result.put("pause_get_events_requests", getEvents);
            result.put("pause_get_events_expected_requests", expectedGetEvents);
            result.put("pause_requests_ratio",
                    Bench.round((double) (list + getEvents) / (expectedList + expectedGetEvents), 3));
            result.put("pause_list_requests_ratio", Bench.round((double) list / expectedList, 3));
            result.put("pause_catch_up_ms", Math.round(fromRestartMs));
            result.put("pause_events_lost", lost);
            result.put("pause_events_duplicated", duplicates.sum());
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("executions_before_stop", BEFORE);
            detail.put("new_executions", NEW);
            detail.put("events_each", EVENTS_EACH);
            detail.put("page_size", PAGE_SIZE);
            detail.put("consumer_options", options);
            detail.put("list_span_ms", PAUSE_SPAN_MS);
            detail.put("list_items_reread_at_or_below_watermark", reread);
            detail.put("list_pages_for_new_only", floorList);
            detail.put("list_requests_with_status_filter", listWithStatus.sum());
            detail.put("polls_to_catch_up", pollsToCatchUp);
            detail.put("catch_up_ms_from_restart", Math.round(fromRestartMs));
            detail.put("catch_up_ms_from_first_request", Math.round(fromFirstRequestMs));
            detail.put("new_events_delivered", newDelivered.get());
            detail.put("new_executions_get_events_more_than_once", newExecutionsAskedTwice);
            detail.put("get_events_misses", misses.sum());
            detail.put("list_requests_300ms_later", listAfter);
            detail.put("get_events_requests_300ms_later", getEventsAfter);
            detail.put("before_stop_list_requests", beforeLists);
            detail.put("before_stop_get_events_requests", beforeGetEvents);
            detail.put("position_keys_at_stop", positionKeysAtStop);
            detail.put("discovery_state_chars_at_stop", discoveryState == null ? 0 : discoveryState.length());
            result.put("pause", detail);
            Bench.log("pause [%s]: %d executions caught up in %.0f ms (%.0f ms from the first request), %d polls; list %d"
                      + " (expected %d), getEvents %d (expected %d); lost %d, duplicated %d",
                    options, NEW, fromRestartMs, fromFirstRequestMs, pollsToCatchUp, list, expectedList, getEvents,
                    expectedGetEvents, lost, duplicates.sum());
            return result;
        } finally {
            camel.close();
            repository.stop();
        }
    }

    /**
     * The items a pass after the restart reads at or below the stored watermark: those seen before the stop that started
     * within the lookback, and the first one below it (when there is one), which ends the pass.
     */
    private long rereadItems() {
        long watermark = startedAt[NEW];
        long reread = 0;
        for (int i = NEW; i < NEW + BEFORE; i++) {
            reread++;
            if (startedAt[i] < watermark - LOOKBACK_MS) {
                break;
            }
        }
        return reread;
    }

    private void build() {
        long newestBefore = Bench.T0;
        for (int i = 0; i < BEFORE; i++) {
            String id = String.format("exec_pause_before_%02d", i);
            long started = newestBefore - i * BEFORE_SPACING_MS;
            ids[NEW + i] = id;
            startedAt[NEW + i] = started;
            // finished by the time of the pause; running when the consumer first looked
            listItems[NEW + i] = bytes(Bench.executionView(id, "completed", started, DEFINITION_ID, false));
            runningItems[i] = bytes(Bench.executionView(id, "running", started, DEFINITION_ID, false));
            eventPages.put(id, events(id));
        }
        for (int k = 0; k < NEW; k++) {
            // the k-th to start during the pause; index 0 is the newest
            String id = String.format("exec_pause_new_%04d", k);
            long started = newestBefore + (k + 1) * (PAUSE_SPAN_MS / NEW);
            int index = NEW - 1 - k;
            ids[index] = id;
            startedAt[index] = started;
            listItems[index] = bytes(Bench.executionView(id, "completed", started, DEFINITION_ID, false));
            eventPages.put(id, events(id));
        }
    }

    private static byte[] events(String id) {
        StringBuilder events = new StringBuilder();
        for (int seq = 1; seq <= EVENTS_EACH; seq++) {
            String type = seq == 1 ? "execution.dispatched" : seq == EVENTS_EACH ? "execution.completed"
                    : Bench.middleType(seq);
            events.append(seq > 1 ? "," : "").append(Bench.event(id, seq, type));
        }
        return StubServer.ok(Bench.eventsPage(id, events, EVENTS_EACH, false));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A list page, newest first. Before the stop only the executions seen then exist, and they are running; after it
     * every execution is completed. A {@code status} filter (the live listing of a first start) gets one page.
     */
    private byte[] list(String status, String cursor, int pageSize) {
        if (status != null) {
            listWithStatus.increment();
            StringBuilder json = new StringBuilder("{\"result\":{\"items\":[");
            if (!paused && status.equals("running")) {
                for (int i = 0; i < BEFORE; i++) {
                    json.append(i > 0 ? "," : "").append(new String(runningItems[i], StandardCharsets.UTF_8));
                }
            }
            return StubServer.ok(json.append("],\"nextCursor\":null}}").toString());
        }
        int first = paused ? 0 : NEW;
        int offset = cursor == null ? first : Integer.parseInt(cursor);
        int end = Math.min(NEW + BEFORE, offset + pageSize);
        StringBuilder json = new StringBuilder(pageSize * 600).append("{\"result\":{\"items\":[");
        for (int i = offset; i < end; i++) {
            byte[] item = paused ? listItems[i] : runningItems[i - NEW];
            json.append(i > offset ? "," : "").append(new String(item, StandardCharsets.UTF_8));
        }
        json.append("],\"nextCursor\":").append(end < NEW + BEFORE ? "\"" + end + "\"" : "null").append("}}");
        return StubServer.ok(json.toString());
    }
}
