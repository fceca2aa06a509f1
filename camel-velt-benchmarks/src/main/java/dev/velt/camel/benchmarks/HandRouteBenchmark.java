package dev.velt.camel.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Requests made for the same stream and the same number of polls by the route a user writes today without the
 * component ({@code timer -> setBody(constant) -> http getEvents -> unmarshal -> split}, one per execution; it keeps no
 * cursor, so every tick fetches the execution's whole stream again and keeps polling after it ended) and by
 * {@code velt:events}.
 * <p>
 * The stream: {@value #EXECUTIONS} executions; execution k (0-based) gains one event per request made for it, until
 * its {@code 10(k+1)}-th event, {@code execution.completed}. The clock of each execution is the number of requests
 * made for it, so both routes see the same stream whatever their timing: polled once per tick, execution k finishes at
 * tick {@code 10(k+1)}, and the last one at tick {@value #POLLS}.
 */
final class HandRouteBenchmark {

    static final int EXECUTIONS = 10;
    static final int POLLS = 100;
    static final int PERIOD_MS = 10;

    private final Map<String, AtomicInteger> clock = new ConcurrentHashMap<>();
    private final Map<String, byte[]> pages = new ConcurrentHashMap<>();

    Map<String, Object> run(StubServer stub) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < EXECUTIONS; k++) {
            ids.add("exec_stream_" + k);
        }
        stub.handler((path, body) -> {
            if (!path.equals(Bench.GET_EVENTS)) {
                return StubServer.notFound();
            }
            String id = StubServer.stringField(body, "executionId");
            AtomicInteger requests = clock.get(id);
            if (requests == null) {
                return StubServer.notFound();
            }
            int total = 10 * (Integer.parseInt(id.substring("exec_stream_".length())) + 1);
            int visible = Math.min(requests.incrementAndGet(), total);
            long since = StubServer.longField(body, "sinceSeq", 0);
            int pageSize = (int) StubServer.longField(body, "pageSize", 100);
            return pages.computeIfAbsent(id + "|" + visible + "|" + since + "|" + pageSize,
                    key -> page(id, visible, total, since, pageSize));
        });

        // velt:events, fresh positions
        resetClock(ids);
        AtomicLong oursEvents = new AtomicLong();
        long oursRequests;
        CamelContext camel = Bench.camel(stub);
        try {
            camel.addRoutes(new RouteBuilder() {

                @Override
                public void configure() {
                    from("velt:events?executionId=" + String.join(",", ids) + "&repeatCount=" + POLLS
                         + "&delay=" + PERIOD_MS)
                            .routeId("velt")
                            .process(exchange -> oursEvents.incrementAndGet());
                }
            });
            ScheduledPollConsumer consumer = (ScheduledPollConsumer) camel.getRoute("velt").getConsumer();
            Bench.await("velt:events to poll " + POLLS + " times", Duration.ofMinutes(2), () -> consumer.getCounter() > POLLS);
            Thread.sleep(100);
            oursRequests = stub.requests(Bench.GET_EVENTS);
        } finally {
            camel.close();
        }

        // the hand-written route
        resetClock(ids);
        stub.reset();
        AtomicLong handEvents = new AtomicLong();
        AtomicInteger ticks = new AtomicInteger();
        long handRequests;
        camel = Bench.camel(stub);
        try {
            String url = stub.baseUrl() + Bench.GET_EVENTS;
            camel.addRoutes(new RouteBuilder() {

                @Override
                public void configure() {
                    for (String id : ids) {
                        from("timer:hand-" + id + "?delay=0&period=" + PERIOD_MS + "&repeatCount=" + POLLS)
                                .process(exchange -> ticks.incrementAndGet())
                                .setBody(constant("{\"data\":{\"executionId\":\"" + id + "\"}}"))
                                .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                                .setHeader("x-velt-api-key", constant(Bench.API_KEY))
                                .setHeader("x-velt-auth-token", constant(Bench.AUTH_TOKEN))
                                .to(url)
                                .unmarshal().json()
                                .split(simple("${body[result][events]}"))
                                .process(exchange -> handEvents.incrementAndGet());
                    }
                }
            });
            int expectedTicks = EXECUTIONS * POLLS;
            Bench.await("the hand-written routes to tick " + POLLS + " times", Duration.ofMinutes(2),
                    () -> ticks.get() >= expectedTicks && stub.requests(Bench.GET_EVENTS) >= expectedTicks);
            Thread.sleep(100);
            handRequests = stub.requests(Bench.GET_EVENTS);
        } finally {
            camel.close();
        }
        Bench.log("handroute: hand-written %d requests / %d events, velt:events %d requests / %d events", handRequests,
                handEvents.get(), oursRequests, oursEvents.get());

        long streamEvents = 0;
        for (int k = 0; k < EXECUTIONS; k++) {
            streamEvents += 10L * (k + 1);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("handroute_requests_ratio", Bench.round((double) handRequests / oursRequests, 3));
        result.put("handroute_requests", handRequests);
        result.put("handroute_velt_requests", oursRequests);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("executions", EXECUTIONS);
        detail.put("polls", POLLS);
        detail.put("period_ms", PERIOD_MS);
        detail.put("stream_events", streamEvents);
        detail.put("handroute_requests", handRequests);
        detail.put("velt_requests", oursRequests);
        detail.put("handroute_events_emitted", handEvents.get());
        detail.put("velt_events_emitted", oursEvents.get());
        result.put("handroute", detail);
        return result;
    }

    private void resetClock(List<String> ids) {
        ids.forEach(id -> clock.put(id, new AtomicInteger()));
    }

    /** The events of {@code id} with seq > since among the first {@code visible} (seq = 1..total, the last terminal). */
    private static byte[] page(String id, int visible, int total, long since, int pageSize) {
        StringBuilder events = new StringBuilder();
        long last = since;
        int n = 0;
        for (long seq = since + 1; seq <= visible && n < pageSize; seq++, n++) {
            if (n > 0) {
                events.append(',');
            }
            String type = seq == 1 ? "execution.dispatched" : seq == total ? "execution.completed" : Bench.middleType(seq);
            events.append(Bench.event(id, seq, type));
            last = seq;
        }
        return StubServer.ok(Bench.eventsPage(id, events, last, last < visible));
    }
}
