package dev.velt.camel.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * The first start against a long history: {@value #HISTORY} finished executions of one definition (and, separately,
 * {@value #HISTORY} finished runs of one agent), started a minute apart, newest first, with {@value #LIVE} executions
 * (one run) still in progress that started long ago (executions) or two hours before the newest (the run). Each
 * consumer starts with default options, with and without {@code sinceTime} (a day back for executions, two days for
 * runs); the figures are the list requests and the time until the first poll ended with every live item found (its
 * first event delivered, or the run pending).
 */
final class FirstStartBenchmark {

    static final int HISTORY = 100_000;
    static final int LIVE = 5;
    static final long MINUTE = 60_000L;
    static final String DEFINITION_ID = "def_first";
    static final String AGENT_ID = "agent_first";
    static final String LIST_RUNS = "/v2/agents/execution/list";

    Map<String, Object> run(StubServer stub) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Object> detail = new LinkedHashMap<>();
        Map<String, Object> events = events(stub, null);
        Map<String, Object> eventsSince = events(stub, Bench.T0 - 1440 * MINUTE);
        Map<String, Object> runs = runs(stub, null);
        Map<String, Object> runsSince = runs(stub, Bench.T0 - 2 * 1440 * MINUTE);
        result.put("first_start_definition_requests", events.get("list_requests"));
        result.put("first_start_definition_since_requests", eventsSince.get("list_requests"));
        result.put("first_start_agent_requests", runs.get("list_requests"));
        result.put("first_start_agent_since_requests", runsSince.get("list_requests"));
        detail.put("definition", events);
        detail.put("definition_since_1_day", eventsSince);
        detail.put("agent", runs);
        detail.put("agent_since_2_days", runsSince);
        detail.put("history", HISTORY);
        result.put("first_start", detail);
        return result;
    }

    /** velt:events?definitionId=...: the executions list honours status; live ones are spread over the history. */
    private Map<String, Object> events(StubServer stub, Long sinceTime) throws Exception {
        stub.reset();
        stub.handler((path, body) -> {
            if (path.equals(Bench.LIST_EXECUTIONS)) {
                return executionsPage(StubServer.stringField(body, "status"), StubServer.stringField(body, "cursor"),
                        (int) StubServer.longField(body, "pageSize", 50));
            }
            if (path.equals(Bench.GET_EVENTS)) {
                String id = StubServer.stringField(body, "executionId");
                return StubServer.ok(Bench.eventsPage(id, StubServer.longField(body, "sinceSeq", 0) == 0
                        ? Bench.event(id, 1, "execution.dispatched") : "", 1, false));
            }
            return StubServer.notFound();
        });
        AtomicLong delivered = new AtomicLong();
        String uri = "velt:events?definitionId=" + DEFINITION_ID + (sinceTime == null ? "" : "&sinceTime=" + sinceTime);
        return measure(stub, uri, delivered, () -> delivered.get() >= LIVE, Bench.LIST_EXECUTIONS);
    }

    /** velt:agentExecutions?agentId=...: the run in progress is found as pending, nothing finished is emitted. */
    private Map<String, Object> runs(StubServer stub, Long sinceTime) throws Exception {
        stub.reset();
        stub.handler((path, body) -> {
            if (path.equals(LIST_RUNS)) {
                return runsPage(StubServer.stringField(body, "pageToken"), (int) StubServer.longField(body, "pageSize", 20));
            }
            return StubServer.notFound();
        });
        AtomicLong delivered = new AtomicLong();
        String uri = "velt:agentExecutions?agentId=" + AGENT_ID + (sinceTime == null ? "" : "&sinceTime=" + sinceTime);
        return measure(stub, uri, delivered, () -> true, LIST_RUNS);
    }

    private Map<String, Object> measure(StubServer stub, String uri, AtomicLong delivered,
            java.util.function.BooleanSupplier found, String listPath) throws Exception {
        CamelContext camel = Bench.camel(stub);
        try {
            long start = System.nanoTime();
            camel.addRoutes(new RouteBuilder() {

                @Override
                public void configure() {
                    from(uri + "&initialDelay=0").routeId("first").process(exchange -> delivered.incrementAndGet());
                }
            });
            ScheduledPollConsumer consumer = (ScheduledPollConsumer) camel.getRoute("first").getConsumer();
            Bench.await("the first poll of " + uri, Duration.ofMinutes(2),
                    () -> consumer.getCounter() >= 1 && found.getAsBoolean());
            // the poll after the one that found the live items has begun: the first pass is over
            Bench.await("the second poll of " + uri, Duration.ofMinutes(2), () -> consumer.getCounter() >= 2);
            double millis = (System.nanoTime() - start) / 1e6;
            long requests = stub.requests(listPath);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("uri", uri);
            figures.put("list_requests", requests);
            figures.put("first_poll_ms", Math.round(millis));
            figures.put("delivered", delivered.get());
            Bench.log("first start %s: %d list requests, %.0f ms, %d delivered", uri, requests, millis, delivered.get());
            return figures;
        } finally {
            camel.close();
        }
    }

    /** Index 0 is the newest; the live executions sit at indexes 10_000, 30_000, ... (weeks back). */
    private static boolean live(int index) {
        return index % 20_000 == 10_000;
    }

    private static byte[] executionsPage(String status, String cursor, int pageSize) {
        int offset = cursor == null ? 0 : Integer.parseInt(cursor);
        StringBuilder json = new StringBuilder(pageSize * 600).append("{\"result\":{\"items\":[");
        int listed = 0;
        int index = offset;
        if ("running".equals(status)) {
            for (int i = 0; i < HISTORY; i++) {
                if (live(i)) {
                    json.append(listed++ > 0 ? "," : "").append(execution(i));
                }
            }
            return StubServer.ok(json.append("],\"nextCursor\":null}}").toString());
        }
        if (status != null) {
            return StubServer.ok(json.append("],\"nextCursor\":null}}").toString());
        }
        for (; index < HISTORY && listed < pageSize; index++, listed++) {
            json.append(listed > 0 ? "," : "").append(execution(index));
        }
        json.append("],\"nextCursor\":").append(index < HISTORY ? "\"" + index + "\"" : "null").append("}}");
        return StubServer.ok(json.toString());
    }

    private static String execution(int index) {
        return Bench.executionView("exec_first_" + index, live(index) ? "running" : "completed", Bench.T0 - index * MINUTE,
                DEFINITION_ID, false);
    }

    private static byte[] runsPage(String token, int pageSize) {
        int offset = token == null ? 0 : Integer.parseInt(token);
        StringBuilder json = new StringBuilder(pageSize * 400).append("{\"result\":{\"status\":\"success\",\"message\":\"ok\","
                                                                      + "\"data\":{\"executions\":[");
        int index = offset;
        for (int listed = 0; index < HISTORY && listed < pageSize; index++, listed++) {
            long started = Bench.T0 - index * MINUTE;
            boolean running = index == 120; // started two hours before the newest
            json.append(listed > 0 ? "," : "").append("{\"id\":\"run_first_").append(index).append("\",\"agentId\":\"")
                    .append(AGENT_ID).append("\",\"status\":\"").append(running ? "running" : "passed")
                    .append("\",\"startedAt\":").append(started).append(",\"completedAt\":")
                    .append(running ? "null" : String.valueOf(started + 30_000)).append(",\"trigger\":\"standalone\"}");
        }
        json.append("]").append(index < HISTORY ? ",\"nextPageToken\":\"" + index + "\"" : "").append("}}}");
        return StubServer.ok(json.toString());
    }
}
