package dev.velt.camel.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.velt.camel.model.EventsPage;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * Draining a backlog: one execution with {@value #EVENTS} events (seq with gaps, the last one
 * {@code execution.completed}) served in pages of {@value #PAGE_SIZE}. The consumer at its default options but
 * {@code pageSize=500} ({@code velt:events?executionId=...&pageSize=500}: one page per poll, the next poll at once
 * while there is a backlog) feeds a route that only counts; the floor is a raw JDK HttpClient loop paging through the
 * same stub and reading each page into {@link EventsPage} with Jackson. Third side: the route a user would write by
 * hand for the same backlog (camel-http in a {@code loopDoWhile}, {@code unmarshal().json()}, {@code split} the
 * events).
 * <p>
 * Every page the consumer can ask for (each {@code sinceSeq} that a page ends at) is built before the clock starts, so
 * the stub answers with a map lookup. A run is timed from the first request the stub sees to the last event counted;
 * events/s is compared as the median of interleaved rounds after warm-up rounds.
 */
final class DrainBenchmark {

    static final int EVENTS = 100_000;
    static final int PAGE_SIZE = 500;
    /** Rounds of each side before the measured ones ({@code -Dbench.drain.warmup=...}). */
    static final int WARMUP_ROUNDS = Integer.getInteger("bench.drain.warmup", 3);
    /** Measured rounds of each side ({@code -Dbench.drain.rounds=...}). */
    static final int ROUNDS = Integer.getInteger("bench.drain.rounds", 9);

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * The consumer's options besides executionId and pageSize; {@code -Dbench.drain.options=...} overrides for profiling.
     */
    static final String OPTIONS = System.getProperty("bench.drain.options", "");

    private final Map<Long, byte[]> pages = new HashMap<>();
    private final AtomicLong misses = new AtomicLong();
    /** CPU time of the thread doing the work in the last run: the consumer's scheduler thread, or the floor's loop. */
    private double lastThreadCpuMs;

    Map<String, Object> run(StubServer stub) throws Exception {
        buildPages();
        stub.handler((path, body) -> {
            if (!path.equals(Bench.GET_EVENTS)) {
                return StubServer.notFound();
            }
            long since = StubServer.longField(body, "sinceSeq", 0);
            int pageSize = (int) StubServer.longField(body, "pageSize", 100);
            byte[] page = pageSize == PAGE_SIZE ? pages.get(since) : null;
            if (page == null) {
                // a sinceSeq inside a page: correct, but built now and counted (a consumer that re-asks mid-page)
                misses.incrementAndGet();
                return pageAfter(since, pageSize);
            }
            return page;
        });

        HttpClient jdk = Bench.jdkHttpClient();
        ObjectMapper mapper = new ObjectMapper();
        ObjectReader reader = Bench.envelopeReader(mapper, new TypeReference<Bench.Envelope<EventsPage>>() {
        });
        CamelContext camel = Bench.camel(stub);
        try {
            Bench.log("drain: %d events in pages of %d; warm-up %d rounds each", EVENTS, PAGE_SIZE, WARMUP_ROUNDS);
            int run = 0;
            for (int i = 0; i < WARMUP_ROUNDS; i++) {
                floor(stub, jdk, mapper, reader);
                ours(stub, camel, run++);
                handRoute(stub, camel, run++);
            }
            double[] handRates = new double[ROUNDS];
            long handRequests = 0;
            double[] floorRates = new double[ROUNDS];
            double[] oursRates = new double[ROUNDS];
            double[] floorGc = new double[ROUNDS];
            double[] oursGc = new double[ROUNDS];
            double[] floorCpu = new double[ROUNDS];
            double[] oursCpu = new double[ROUNDS];
            long[] oursRequests = new long[ROUNDS];
            long floorRequests = 0;
            for (int i = 0; i < ROUNDS; i++) {
                // the order of the three sides rotates round by round
                for (int turn = 0; turn < 3; turn++) {
                    int side = (turn + i) % 3;
                    if (side == 2) {
                        handRates[i] = handRoute(stub, camel, run++);
                        handRequests = stub.requests(Bench.GET_EVENTS);
                    } else if (side == 0) {
                        long gc = gcMillis();
                        floorRates[i] = floor(stub, jdk, mapper, reader);
                        floorGc[i] = gcMillis() - gc;
                        floorCpu[i] = lastThreadCpuMs;
                        floorRequests = stub.requests(Bench.GET_EVENTS);
                    } else {
                        long gc = gcMillis();
                        oursRates[i] = ours(stub, camel, run++);
                        oursGc[i] = gcMillis() - gc;
                        oursCpu[i] = lastThreadCpuMs;
                        oursRequests[i] = stub.requests(Bench.GET_EVENTS);
                    }
                }
                Bench.log(
                        "drain round %d: floor %.0f events/s (GC %.0f ms), velt:events %.0f events/s (GC %.0f ms, %d requests),"
                          + " hand route %.0f events/s",
                        i + 1, floorRates[i], floorGc[i], oursRates[i], oursGc[i],
                        oursRequests[i], handRates[i]);
            }
            long requests = 0;
            for (long r : oursRequests) {
                requests = Math.max(requests, r);
            }
            double floorRate = Bench.median(floorRates);
            double oursRate = Bench.median(oursRates);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("backlog_events", EVENTS);
            result.put("backlog_requests", requests);
            result.put("backlog_expected_requests", (EVENTS + PAGE_SIZE - 1) / PAGE_SIZE);
            result.put("drain_ratio", Bench.round(oursRate / floorRate, 3));
            double handRate = Bench.median(handRates);
            result.put("drain_vs_hand_route_ratio", Bench.round(oursRate / handRate, 3));
            result.put("hand_route_requests", handRequests);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("page_size", PAGE_SIZE);
            detail.put("consumer_options", OPTIONS);
            detail.put("velt_events_per_s_median", Math.round(oursRate));
            detail.put("floor_events_per_s_median", Math.round(floorRate));
            detail.put("velt_events_per_s_rounds", rounded(oursRates));
            detail.put("floor_events_per_s_rounds", rounded(floorRates));
            detail.put("velt_gc_ms_rounds", oursGc);
            detail.put("floor_gc_ms_rounds", floorGc);
            // CPU of the one thread doing the work (the floor's JDK client threads and GC threads not included)
            detail.put("velt_consumer_thread_cpu_ms_rounds", rounded(oursCpu));
            detail.put("floor_loop_thread_cpu_ms_rounds", rounded(floorCpu));
            detail.put("floor_requests", floorRequests);
            detail.put("hand_route_events_per_s_median", Math.round(handRate));
            detail.put("hand_route_events_per_s_rounds", rounded(handRates));
            detail.put("warmup_rounds", WARMUP_ROUNDS);
            detail.put("stub_misses", misses.get());
            result.put("drain", detail);
            return result;
        } finally {
            camel.close();
            pages.clear();
        }
    }

    private static long seq(int i) {
        return i * 3L - (i % 2); // gaps, as internal events are filtered out
    }

    private static String event(int i) {
        String type = i == 1 ? "execution.dispatched" : i == EVENTS ? "execution.completed" : Bench.middleType(i);
        return Bench.event("exec_drain", seq(i), type);
    }

    /** The page after any sinceSeq, built on demand (the slow path). */
    private static byte[] pageAfter(long since, int pageSize) {
        int first = 1;
        while (first <= EVENTS && seq(first) <= since) {
            first++;
        }
        int last = Math.min(EVENTS, first + pageSize - 1);
        StringBuilder events = new StringBuilder();
        for (int i = first; i <= last; i++) {
            events.append(i > first ? "," : "").append(event(i));
        }
        return StubServer.ok(Bench.eventsPage("exec_drain", events, last >= first ? seq(last) : since, last < EVENTS));
    }

    private void buildPages() {
        StringBuilder events = new StringBuilder(PAGE_SIZE * 260);
        long since = 0;
        int inPage = 0;
        for (int i = 1; i <= EVENTS; i++) {
            long seq = seq(i);
            if (inPage > 0) {
                events.append(',');
            }
            events.append(event(i));
            if (++inPage == PAGE_SIZE || i == EVENTS) {
                pages.put(since, StubServer.ok(Bench.eventsPage("exec_drain", events, seq, i < EVENTS)));
                since = seq;
                inPage = 0;
                events.setLength(0);
            }
        }
    }

    /** The raw loop: page through with the JDK client, read each page into EventsPage, count. Returns events/s. */
    private double floor(StubServer stub, HttpClient jdk, ObjectMapper mapper, ObjectReader reader) throws Exception {
        System.gc();
        stub.reset();
        long cpu = THREADS.getCurrentThreadCpuTime();
        long count = 0;
        long since = 0;
        while (true) {
            EventsPage page = Bench.send(jdk, Bench.post(stub.baseUrl(), Bench.GET_EVENTS, mapper,
                    Map.of("executionId", "exec_drain", "sinceSeq", since, "pageSize", PAGE_SIZE)), reader);
            count += page.getEvents().size();
            if (!page.isHasMore() || page.getEvents().isEmpty()) {
                break;
            }
            since = page.getNextCursor();
        }
        long elapsed = System.nanoTime() - stub.firstRequestNanos();
        lastThreadCpuMs = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6;
        if (count != EVENTS) {
            throw new IllegalStateException("floor counted " + count + " events");
        }
        return EVENTS / (elapsed / 1e9);
    }

    /** The consumer route into a counter, until every event is counted. Returns events/s. */
    private double ours(StubServer stub, CamelContext camel, int run) throws Exception {
        System.gc();
        stub.reset();
        AtomicLong count = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong cpu = new AtomicLong();
        String routeId = "drain-" + run;
        camel.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                from("velt:events?executionId=exec_drain_" + run + "&pageSize=" + PAGE_SIZE
                     + (OPTIONS.isEmpty() ? "" : "&" + OPTIONS))
                        .routeId(routeId)
                        .process(exchange -> {
                            if (count.incrementAndGet() == EVENTS) {
                                cpu.set(THREADS.getCurrentThreadCpuTime()); // the scheduler thread is new with the route
                                done.set(System.nanoTime());
                            }
                        });
            }
        });
        Bench.await("the consumer to drain " + EVENTS + " events", Duration.ofMinutes(2), () -> done.get() != 0);
        double rate = EVENTS / ((done.get() - stub.firstRequestNanos()) / 1e9);
        lastThreadCpuMs = cpu.get() / 1e6;
        Thread.sleep(100); // let a wrong extra request show up in the count
        camel.getRouteController().stopRoute(routeId);
        camel.removeRoute(routeId);
        if (count.get() != EVENTS) {
            throw new IllegalStateException("consumer counted " + count.get() + " events");
        }
        return rate;
    }

    /**
     * The route a user would write by hand: camel-http in a {@code loopDoWhile} over the pages, {@code unmarshal().json()},
     * {@code split} the events into a counter. It keeps its cursor in an exchange property. Returns events/s.
     */
    private double handRoute(StubServer stub, CamelContext camel, int run) throws Exception {
        System.gc();
        stub.reset();
        AtomicLong count = new AtomicLong();
        AtomicLong done = new AtomicLong();
        String routeId = "hand-drain-" + run;
        String url = stub.baseUrl() + Bench.GET_EVENTS;
        camel.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                from("timer:" + routeId + "?delay=0&repeatCount=1").routeId(routeId)
                        .setProperty("since", constant(0L))
                        .setProperty("more", constant(true))
                        .loopDoWhile(simple("${exchangeProperty.more}"))
                        .process(exchange -> exchange.getMessage().setBody("{\"data\":{\"executionId\":\"exec_drain\","
                                                                           + "\"sinceSeq\":" + exchange.getProperty("since")
                                                                           + ",\"pageSize\":" + PAGE_SIZE + "}}"))
                        .setHeader(org.apache.camel.Exchange.HTTP_METHOD, constant("POST"))
                        .setHeader(org.apache.camel.Exchange.CONTENT_TYPE, constant("application/json"))
                        .setHeader("x-velt-api-key", constant(Bench.API_KEY))
                        .setHeader("x-velt-auth-token", constant(Bench.AUTH_TOKEN))
                        .to(url)
                        .unmarshal().json()
                        .process(exchange -> {
                            Map<?, ?> result = (Map<?, ?>) exchange.getMessage().getBody(Map.class).get("result");
                            exchange.setProperty("more", result.get("hasMore"));
                            exchange.setProperty("since", result.get("nextCursor"));
                        })
                        .split(simple("${body[result][events]}"))
                        .process(exchange -> {
                            if (count.incrementAndGet() == EVENTS) {
                                done.set(System.nanoTime());
                            }
                        })
                        .end()
                        .end();
            }
        });
        Bench.await("the hand-written route to drain " + EVENTS + " events", Duration.ofMinutes(2), () -> done.get() != 0);
        double rate = EVENTS / ((done.get() - stub.firstRequestNanos()) / 1e9);
        camel.getRouteController().stopRoute(routeId);
        camel.removeRoute(routeId);
        return rate;
    }

    /** Total collection time of all collectors so far (pauses, and for concurrent ones their cycles). */
    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static double[] rounded(double[] rates) {
        double[] r = new double[rates.length];
        for (int i = 0; i < rates.length; i++) {
            r[i] = Math.round(rates[i]);
        }
        return r;
    }
}
