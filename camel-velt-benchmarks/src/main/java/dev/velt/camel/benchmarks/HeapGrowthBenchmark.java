package dev.velt.camel.benchmarks;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.velt.camel.component.VeltConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * Retained heap of a discovering consumer ({@code velt:events?definitionId=...}) after {@value #EXECUTIONS} executions
 * started and finished. The stub's {@code workflow/executions/list} answers newest first in pages with
 * {@code nextCursor}; each new scan (a list request without cursor) starts the next {@value #BATCH} executions, each
 * with three events ending in {@code execution.completed}. Everything the stub serves is built before the first
 * measurement, so the stub's own memory is the same in both.
 * <p>
 * Used heap is read after forced full collections (until stable) with the route suspended (the consumer and its
 * state repository, a {@code FileStateRepository}, stay as they are): once after the consumer ran idle polls, before
 * the stream; once after all executions finished, while they are all inside the lookback window (they started
 * {@value #SPACING_MS} ms apart); and once after a newer execution, listed far later, moved the window past them.
 * The repository's keys are counted at each point.
 */
final class HeapGrowthBenchmark {

    static final int EXECUTIONS = 10_000;
    static final int BATCH = 25;
    static final String DEFINITION_ID = "def_heap";
    static final long SPACING_MS = 10;
    static final String LATER_ID = "exec_heap_later";

    private final Map<String, byte[]> eventPages = new HashMap<>();
    private byte[][] listItems;
    /** The same executions as the list shows them once their events were served: completed. */
    private byte[][] completedItems;
    /** Which executions had their events served (then the list calls them completed, as Velt would). */
    private final java.util.concurrent.atomic.AtomicIntegerArray served = new java.util.concurrent.atomic.AtomicIntegerArray(
            EXECUTIONS);
    private volatile boolean open;
    private volatile boolean later;
    private byte[] laterItem;
    private volatile int started;
    private final AtomicLong misses = new AtomicLong();

    Map<String, Object> run(StubServer stub) throws Exception {
        listItems = new byte[EXECUTIONS][];
        completedItems = new byte[EXECUTIONS][];
        for (int i = 0; i < EXECUTIONS; i++) {
            String id = String.format("exec_heap_%05d", i);
            listItems[i] = Bench.executionView(id, "running", Bench.T0 + i * SPACING_MS, DEFINITION_ID, false)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            completedItems[i] = Bench.executionView(id, "completed", Bench.T0 + i * SPACING_MS, DEFINITION_ID, false)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String events = Bench.event(id, 1, "execution.dispatched") + "," + Bench.event(id, 3, "step.completed") + ","
                            + Bench.event(id, 4, "execution.completed");
            eventPages.put(id, StubServer.ok(Bench.eventsPage(id, events, 4, false)));
        }
        laterItem = Bench.executionView(LATER_ID, "running", Bench.T0 + EXECUTIONS * SPACING_MS + 3_600_000L, DEFINITION_ID,
                false).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        eventPages.put(LATER_ID, StubServer.ok(Bench.eventsPage(LATER_ID, Bench.event(LATER_ID, 1, "execution.dispatched"), 1,
                false)));
        stub.handler((path, body) -> {
            if (path.equals(Bench.LIST_EXECUTIONS)) {
                return list(body);
            }
            if (path.equals(Bench.GET_EVENTS)) {
                String id = StubServer.stringField(body, "executionId");
                if (StubServer.longField(body, "sinceSeq", 0) == 0 && eventPages.containsKey(id)) {
                    if (!LATER_ID.equals(id)) {
                        served.set(Integer.parseInt(id.substring(id.lastIndexOf('_') + 1)), 1);
                    }
                    return eventPages.get(id);
                }
                misses.incrementAndGet();
                return StubServer.ok(Bench.eventsPage(id, "", 4, false));
            }
            return StubServer.notFound();
        });

        AtomicLong events = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        java.io.File file = java.io.File.createTempFile("velt-heap", ".dat");
        file.deleteOnExit();
        org.apache.camel.support.processor.state.FileStateRepository repository = org.apache.camel.support.processor.state.FileStateRepository
                .fileStateRepository(file);
        CamelContext camel = Bench.camel(stub);
        camel.getRegistry().bind("positions", repository);
        try {
            camel.addRoutes(new RouteBuilder() {

                @Override
                public void configure() {
                    from("velt:events?definitionId=" + DEFINITION_ID + "&delay=1&maxMessagesPerPoll=0&pageSize=500"
                         + "&stateRepository=#positions")
                            .routeId("heap")
                            .process(exchange -> {
                                events.incrementAndGet();
                                if ("execution.completed".equals(exchange.getMessage().getHeader(VeltConstants.EVENT_TYPE))) {
                                    finished.incrementAndGet();
                                }
                            });
                }
            });
            // idle polls first, so what a running consumer holds anyway is in the baseline
            Bench.await("idle discovery polls", Duration.ofSeconds(30), () -> stub.requests(Bench.LIST_EXECUTIONS) >= 50);
            camel.getRouteController().suspendRoute("heap");
            long before = Bench.usedHeapAfterGc();
            histogram("before");
            int keysBefore = repository.getCache().size();
            camel.getRouteController().resumeRoute("heap");

            long start = System.nanoTime();
            open = true;
            Bench.await(EXECUTIONS + " executions to finish", Duration.ofMinutes(4), () -> finished.get() >= EXECUTIONS);
            double seconds = (System.nanoTime() - start) / 1e9;
            // a few more idle scans after the last commit
            long lists = stub.requests(Bench.LIST_EXECUTIONS);
            Bench.await("idle discovery polls", Duration.ofSeconds(30),
                    () -> stub.requests(Bench.LIST_EXECUTIONS) >= lists + 20);
            camel.getRouteController().suspendRoute("heap");
            long after = Bench.usedHeapAfterGc();
            histogram("window");
            int keysInWindow = repository.getCache().size();
            int discoveryBytesInWindow = repository.getState("velt.events.discovery." + DEFINITION_ID).length();
            camel.getRouteController().resumeRoute("heap");

            // a newer execution far later: the window moves past the 10,000
            later = true;
            Bench.await("the later execution to be delivered", Duration.ofSeconds(60),
                    () -> events.get() >= 3L * EXECUTIONS + 1);
            long listsLater = stub.requests(Bench.LIST_EXECUTIONS);
            Bench.await("idle discovery polls", Duration.ofSeconds(30),
                    () -> stub.requests(Bench.LIST_EXECUTIONS) >= listsLater + 20);
            camel.getRouteController().suspendRoute("heap");
            long left = Bench.usedHeapAfterGc();
            histogram("after");
            int keysAfter = repository.getCache().size();
            int discoveryBytesAfter = repository.getState("velt.events.discovery." + DEFINITION_ID).length();
            Bench.log(
                    "heap: %d executions in %.1f s; used heap %.1f MB before, %.1f MB inside the window, %.1f MB after it moved;"
                      + " state keys %d / %d / %d",
                    EXECUTIONS, seconds, before / 1048576.0, after / 1048576.0,
                    left / 1048576.0, keysBefore, keysInWindow, keysAfter);

            Map<String, Object> result = new LinkedHashMap<>();
            result.put("heap_growth_mb_10k", Bench.round((left - before) / 1048576.0, 2));
            result.put("heap_window_mb_10k", Bench.round((after - before) / 1048576.0, 2));
            result.put("state_keys_after_10k", keysAfter);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("executions", EXECUTIONS);
            detail.put("used_heap_before_mb", Bench.round(before / 1048576.0, 2));
            detail.put("used_heap_after_mb", Bench.round(after / 1048576.0, 2));
            detail.put("used_heap_after_window_moved_mb", Bench.round(left / 1048576.0, 2));
            detail.put("bytes_per_execution_in_window", (after - before) / EXECUTIONS);
            detail.put("state_keys_before", keysBefore);
            detail.put("state_keys_in_window", keysInWindow);
            detail.put("discovery_value_chars_in_window", discoveryBytesInWindow);
            detail.put("discovery_value_chars_after", discoveryBytesAfter);
            detail.put("events_delivered", events.get());
            detail.put("executions_finished", finished.get());
            detail.put("stream_seconds", Bench.round(seconds, 2));
            detail.put("list_requests", stub.requests(Bench.LIST_EXECUTIONS));
            detail.put("get_events_requests", stub.requests(Bench.GET_EVENTS));
            detail.put("stub_misses", misses.get());
            result.put("heap", detail);
            return result;
        } finally {
            camel.close();
            eventPages.clear();
            listItems = null;
            completedItems = null;
        }
    }

    /**
     * With {@code -Dbench.heap.histogram=<directory>}: the class histogram of live objects (as {@code jcmd
     * GC.class_histogram}) at each measuring point, written to {@code histogram-<point>.txt}, to see what the window
     * holds. Off by default: it forces one more full collection.
     */
    private static void histogram(String point) throws Exception {
        String directory = System.getProperty("bench.heap.histogram");
        if (directory == null) {
            return;
        }
        Object text = java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[]{new String[0]}, new String[]{String[].class.getName()});
        java.nio.file.Files.writeString(java.nio.file.Path.of(directory, "histogram-" + point + ".txt"), text.toString());
    }

    /**
     * A list page, newest first, of the executions the request's {@code status} filter matches (an execution whose events
     * were served is completed); a request without cursor (a new scan) also starts the next batch once open.
     */
    private byte[] list(byte[] body) {
        String cursor = StubServer.stringField(body, "cursor");
        String status = StubServer.stringField(body, "status");
        int pageSize = (int) StubServer.longField(body, "pageSize", 50);
        if (cursor == null && open && started < EXECUTIONS) {
            started = Math.min(EXECUTIONS, started + BATCH);
        }
        java.util.List<byte[]> matching = new java.util.ArrayList<>();
        if (later && (status == null || status.equals("running"))) {
            matching.add(laterItem);
        }
        for (int n = started - 1; n >= 0; n--) {
            boolean completed = served.get(n) == 1;
            if (status == null || status.equals(completed ? "completed" : "running")) {
                matching.add(completed ? completedItems[n] : listItems[n]);
            }
        }
        int offset = cursor == null ? 0 : Integer.parseInt(cursor);
        int end = Math.min(matching.size(), offset + pageSize);
        StringBuilder json = new StringBuilder(pageSize * 320).append("{\"result\":{\"items\":[");
        for (int n = offset; n < end; n++) {
            if (n > offset) {
                json.append(',');
            }
            json.append(new String(matching.get(n), java.nio.charset.StandardCharsets.UTF_8));
        }
        json.append("],\"nextCursor\":").append(end < matching.size() ? "\"" + end + "\"" : "null").append("}}");
        return StubServer.ok(json.toString());
    }
}
