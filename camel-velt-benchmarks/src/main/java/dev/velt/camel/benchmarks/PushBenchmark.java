package dev.velt.camel.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.velt.camel.component.VeltConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.support.processor.state.MemoryStateRepository;

/**
 * Push against polling on the same workloads, both sides in one JVM against the stub:
 * <ul>
 * <li><b>idle</b>: {@value #IDLE} live executions with nothing new for {@value #IDLE_WINDOW_MS} ms; polling at
 * {@code delay=1000} against push ({@code webhookPath}, the same delay, {@code reconcileDelay=}{@value #RECONCILE_MS},
 * each execution had one push): getEvents requests per execution per minute, and per reconcileDelay;</li>
 * <li><b>latency</b>: from the moment an event exists (pushed to the receiver, or shown by the stub's getEvents) to
 * its exchange in the route: {@value #LATENCY_PUSHES} pushes one after another over 10 executions, against
 * {@value #LATENCY_POLLED} events that appear at random moments under polling at {@code delay=1000};</li>
 * <li><b>chaos</b>: {@value #CHAOS_EXECUTIONS} executions of {@value #CHAOS_EVENTS_EACH} events each, pushed by 4
 * threads as Velt would (a non-2xx is retried), with 10% of the pushes dropped, 10% sent twice and 10% held back
 * behind the next; getEvents shows every event once it happened; reconcile and polling pick up what was dropped:
 * events lost, duplicated and out of order.</li>
 * </ul>
 */
final class PushBenchmark {

    static final String SECRET = "bench_webhook_secret_0123";
    static final String PATH = "/velt/bench-push";
    static final int IDLE = 50;
    static final long IDLE_WINDOW_MS = 20_000;
    static final long RECONCILE_MS = 5_000;
    static final int LATENCY_PUSHES = 2_000;
    static final int LATENCY_POLLED = 20;
    static final int CHAOS_EXECUTIONS = 100;
    static final int CHAOS_EVENTS_EACH = 100;

    private final HttpClient http = Bench.jdkHttpClient();

    Map<String, Object> run(StubServer stub) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Object> detail = new LinkedHashMap<>();
        idle(stub, result, detail);
        latency(stub, result, detail);
        chaos(stub, result, detail);
        result.put("push", detail);
        return result;
    }

    // ---------------------------------------------------------------- idle

    private void idle(StubServer stub, Map<String, Object> result, Map<String, Object> detail) throws Exception {
        Map<String, LongAdder> requestsById = new ConcurrentHashMap<>();
        List<String> pushed = ids("exec_idle_push_", IDLE);
        List<String> polled = ids("exec_idle_poll_", IDLE);
        MemoryStateRepository repository = new MemoryStateRepository();
        for (String id : concat(pushed, polled)) {
            repository.setState("velt.events.execution." + id, "{\"seq\":3,\"terminal\":false}");
            requestsById.put(id, new LongAdder());
        }
        stub.handler((path, body) -> {
            String id = StubServer.stringField(body, "executionId");
            LongAdder count = requestsById.get(id);
            if (count == null) {
                return StubServer.notFound();
            }
            count.increment();
            return StubServer.ok(Bench.eventsPage(id, "", 3, false));
        });
        int port = freePort();
        CamelContext camel = pushCamel(stub, port);
        try {
            camel.getRegistry().bind("idlePositions", repository);
            camel.addRoutes(new RouteBuilder() {

                @Override
                public void configure() {
                    from("velt:events?executionId=" + String.join(",", polled)
                         + "&stateRepository=#idlePositions&delay=1000").routeId("idle-poll").process(exchange -> {
                         });
                    from("velt:events?executionId=" + String.join(",", pushed) + "&stateRepository=#idlePositions"
                         + "&delay=1000&reconcileDelay=" + RECONCILE_MS + "&webhookPath=" + PATH + "&webhookSecret=" + SECRET)
                            .routeId("idle-push").process(exchange -> {
                            });
                }
            });
            // each pushed execution had one push (its last event again: a duplicate, answered at once)
            for (String id : pushed) {
                int status = push(port, id, 3, "step.awaiting-approval");
                if (status != 200) {
                    throw new IllegalStateException("push answered " + status);
                }
            }
            requestsById.values().forEach(LongAdder::reset);
            long started = System.nanoTime();
            Thread.sleep(IDLE_WINDOW_MS);
            double minutes = (System.nanoTime() - started) / 60e9;
            double pollPerMinute = sum(requestsById, polled) / (double) IDLE / minutes;
            double pushPerMinute = sum(requestsById, pushed) / (double) IDLE / minutes;
            result.put("push_idle_requests_per_execution_minute", Bench.round(pushPerMinute, 2));
            result.put("poll_idle_requests_per_execution_minute", Bench.round(pollPerMinute, 2));
            result.put("push_idle_requests_per_reconcile_delay", Bench.round(pushPerMinute * RECONCILE_MS / 60_000.0, 2));
            detail.put("idle_window_ms", IDLE_WINDOW_MS);
            detail.put("idle_delay_ms", 1000);
            detail.put("idle_reconcile_delay_ms", RECONCILE_MS);
            detail.put("idle_executions_per_side", IDLE);
            Bench.log("push idle: %.2f requests per execution per minute (polling: %.2f)", pushPerMinute, pollPerMinute);
        } finally {
            camel.close();
        }
    }

    // ---------------------------------------------------------------- latency

    private void latency(StubServer stub, Map<String, Object> result, Map<String, Object> detail) throws Exception {
        // pushes: getEvents shows nothing, every push is the next event of its execution
        List<String> ids = ids("exec_lat_push_", 10);
        stub.handler((path, body) -> StubServer.ok(Bench.eventsPage(StubServer.stringField(body, "executionId"), "",
                StubServer.longField(body, "sinceSeq", 0), false)));
        int port = freePort();
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        CamelContext camel = pushCamel(stub, port);
        long[] pushLatency = new long[LATENCY_PUSHES];
        try {
            camel.addRoutes(new RouteBuilder() {

                @Override
                public void configure() {
                    from("velt:events?executionId=" + String.join(",", ids) + "&initialDelay=0&delay=1000"
                         + "&webhookPath=" + PATH + "&webhookSecret=" + SECRET).routeId("latency-push")
                            .process(exchange -> arrived.put(exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID)
                                                             + "#" + exchange.getMessage().getHeader(VeltConstants.EVENT_SEQ),
                                    System.nanoTime()));
                }
            });
            Thread.sleep(500);
            int warmup = 500;
            for (int i = 0; i < warmup + LATENCY_PUSHES; i++) {
                String id = ids.get(i % ids.size());
                long seq = i / ids.size() + 1;
                long sent = System.nanoTime();
                int status = push(port, id, seq, "step.completed");
                if (status != 200) {
                    throw new IllegalStateException("push answered " + status);
                }
                Long at = arrived.get(id + "#" + seq);
                if (i >= warmup) {
                    pushLatency[i - warmup] = at - sent;
                }
            }
        } finally {
            camel.close();
        }

        // polling: an event appears at a random moment; the poll picks it up
        String id = "exec_lat_poll";
        AtomicLong visibleSeq = new AtomicLong();
        Map<Long, Long> visibleAt = new ConcurrentHashMap<>();
        stub.handler((path, body) -> {
            long since = StubServer.longField(body, "sinceSeq", 0);
            long seq = visibleSeq.get();
            String events = seq > since ? Bench.event(id, seq, "step.completed") : "";
            return StubServer.ok(Bench.eventsPage(id, events, Math.max(since, seq), false));
        });
        Map<Long, Long> polledArrival = new ConcurrentHashMap<>();
        camel = Bench.camel(stub);
        long[] pollLatency = new long[LATENCY_POLLED];
        try {
            camel.addRoutes(new RouteBuilder() {

                @Override
                public void configure() {
                    from("velt:events?executionId=" + id + "&initialDelay=0&delay=1000").routeId("latency-poll")
                            .process(exchange -> polledArrival.put(
                                    exchange.getMessage().getHeader(VeltConstants.EVENT_SEQ, Long.class), System.nanoTime()));
                }
            });
            Random random = new Random(42);
            for (int i = 1; i <= LATENCY_POLLED; i++) {
                Thread.sleep(200 + random.nextInt(1000));
                long seq = i;
                visibleAt.put(seq, System.nanoTime());
                visibleSeq.set(seq);
                Bench.await("polled event " + seq, Duration.ofSeconds(30), () -> polledArrival.containsKey(seq));
                pollLatency[i - 1] = polledArrival.get(seq) - visibleAt.get(seq);
            }
        } finally {
            camel.close();
        }
        Arrays.sort(pushLatency);
        Arrays.sort(pollLatency);
        result.put("push_latency_ms_p50", Bench.round(Bench.percentile(pushLatency, 50) / 1e6, 2));
        result.put("push_latency_ms_p99", Bench.round(Bench.percentile(pushLatency, 99) / 1e6, 2));
        result.put("poll_latency_ms_p50", Bench.round(Bench.percentile(pollLatency, 50) / 1e6, 1));
        result.put("poll_latency_ms_p99", Bench.round(Bench.percentile(pollLatency, 99) / 1e6, 1));
        detail.put("latency_pushes", LATENCY_PUSHES);
        detail.put("latency_polled_events", LATENCY_POLLED);
        detail.put("latency_poll_delay_ms", 1000);
        Bench.log("push latency p50 %.2f ms p99 %.2f ms; polling (delay=1000) p50 %.1f ms p99 %.1f ms",
                Bench.percentile(pushLatency, 50) / 1e6, Bench.percentile(pushLatency, 99) / 1e6,
                Bench.percentile(pollLatency, 50) / 1e6, Bench.percentile(pollLatency, 99) / 1e6);
    }

    // ---------------------------------------------------------------- chaos

    private void chaos(StubServer stub, Map<String, Object> result, Map<String, Object> detail) throws Exception {
        List<String> ids = ids("exec_chaos_", CHAOS_EXECUTIONS);
        Map<String, AtomicLong> happened = new HashMap<>();
        ids.forEach(id -> happened.put(id, new AtomicLong()));
        stub.handler((path, body) -> {
            String id = StubServer.stringField(body, "executionId");
            AtomicLong upTo = happened.get(id);
            if (upTo == null) {
                return StubServer.notFound();
            }
            long since = StubServer.longField(body, "sinceSeq", 0);
            long last = upTo.get();
            StringBuilder events = new StringBuilder();
            for (long seq = since + 1; seq <= last; seq++) {
                events.append(events.length() == 0 ? "" : ",").append(Bench.event(id, seq, type(seq)));
            }
            return StubServer.ok(Bench.eventsPage(id, events, Math.max(since, last), false));
        });
        int port = freePort();
        Map<String, List<Long>> received = new ConcurrentHashMap<>();
        LongAdder byPush = new LongAdder();
        CamelContext camel = pushCamel(stub, port);
        LongAdder pushes = new LongAdder();
        LongAdder refused = new LongAdder();
        Stats stats = new Stats();
        long started;
        try {
            camel.addRoutes(new RouteBuilder() {

                @Override
                public void configure() {
                    from("velt:events?executionId=" + String.join(",", ids) + "&initialDelay=0&delay=200"
                         + "&reconcileDelay=2000&webhookPath=" + PATH + "&webhookSecret=" + SECRET).routeId("chaos")
                            .process(exchange -> {
                                String id = exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID, String.class);
                                received.computeIfAbsent(id, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                                        .add(exchange.getMessage().getHeader(VeltConstants.EVENT_SEQ, Long.class));
                                if ("push".equals(exchange.getMessage().getHeader(VeltConstants.DELIVERED_BY))) {
                                    byPush.increment();
                                }
                            });
                }
            });
            Thread.sleep(300);
            started = System.nanoTime();
            ExecutorService senders = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(senders.submit(() -> {
                    Random random = new Random(7 + thread);
                    long[] held = null;
                    for (int seq = 1; seq <= CHAOS_EVENTS_EACH; seq++) {
                        for (int e = thread; e < CHAOS_EXECUTIONS; e += 4) {
                            String id = ids.get(e);
                            happened.get(id).set(seq);
                            double draw = random.nextDouble();
                            if (draw < 0.1) {
                                stats.dropped.increment();
                                continue;
                            }
                            if (draw < 0.2 && held == null) {
                                stats.reordered.increment();
                                held = new long[]{e, seq};
                                continue;
                            }
                            int copies = draw < 0.3 ? 2 : 1;
                            if (copies == 2) {
                                stats.duplicated.increment();
                            }
                            for (int c = 0; c < copies; c++) {
                                sendWithRetries(port, id, seq, pushes, refused);
                            }
                            if (held != null) {
                                sendWithRetries(port, ids.get((int) held[0]), held[1], pushes, refused);
                                held = null;
                            }
                        }
                    }
                    if (held != null) {
                        sendWithRetries(port, ids.get((int) held[0]), held[1], pushes, refused);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            senders.shutdown();
            long pushedIn = System.nanoTime() - started;
            int total = CHAOS_EXECUTIONS * CHAOS_EVENTS_EACH;
            Bench.await("all chaos events", Duration.ofMinutes(3),
                    () -> received.values().stream().mapToInt(List::size).sum() >= total);
            Thread.sleep(2500); // a reconcile round more: nothing else may arrive
            long lost = 0;
            long duplicated = 0;
            long outOfOrder = 0;
            for (String id : ids) {
                List<Long> seqs = received.getOrDefault(id, List.of());
                lost += CHAOS_EVENTS_EACH - seqs.stream().distinct().count();
                duplicated += seqs.size() - seqs.stream().distinct().count();
                for (int i = 1; i < seqs.size(); i++) {
                    if (seqs.get(i) <= seqs.get(i - 1)) {
                        outOfOrder++;
                    }
                }
            }
            result.put("push_chaos_events", total);
            result.put("push_chaos_lost", lost);
            result.put("push_chaos_duplicated", duplicated);
            result.put("push_chaos_out_of_order", outOfOrder);
            detail.put("chaos_pushes_sent", pushes.sum());
            detail.put("chaos_pushes_answered_non_2xx", refused.sum());
            detail.put("chaos_dropped", stats.dropped.sum());
            detail.put("chaos_duplicated", stats.duplicated.sum());
            detail.put("chaos_reordered", stats.reordered.sum());
            detail.put("chaos_delivered_by_push", byPush.sum());
            detail.put("chaos_get_events_requests", stub.requests(Bench.GET_EVENTS));
            detail.put("chaos_push_seconds", Bench.round(pushedIn / 1e9, 2));
            Bench.log("push chaos: %d events, lost %d, duplicated %d, out of order %d (%d by push, %d getEvents)", total,
                    lost, duplicated, outOfOrder, byPush.sum(), stub.requests(Bench.GET_EVENTS));
        } finally {
            camel.close();
        }
    }

    private static final class Stats {

        final LongAdder dropped = new LongAdder();
        final LongAdder duplicated = new LongAdder();
        final LongAdder reordered = new LongAdder();
    }

    private static String type(long seq) {
        return seq == 1 ? "execution.dispatched" : seq == CHAOS_EVENTS_EACH ? "execution.completed" : Bench.middleType(seq);
    }

    /** As Velt: a non-2xx answer is retried (after 20 ms, 80 ms, ... here), up to 5 times; then it is given up. */
    private void sendWithRetries(int port, String id, long seq, LongAdder pushes, LongAdder refused) {
        long wait = 20;
        for (int attempt = 0; attempt < 6; attempt++) {
            pushes.increment();
            try {
                if (push(port, id, seq, type(seq)) / 100 == 2) {
                    return;
                }
            } catch (Exception e) {
                // counted as refused, retried
            }
            refused.increment();
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            wait *= 4;
        }
    }

    // ---------------------------------------------------------------- helpers

    private CamelContext pushCamel(StubServer stub, int port) throws Exception {
        CamelContext camel = Bench.camel(stub);
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindPort(port);
        camel.addService(new VertxPlatformHttpServer(server), true, true);
        return camel;
    }

    private int push(int port, String executionId, long seq, String type) throws Exception {
        byte[] body = ("{\"event\":\"" + type + "\",\"executionId\":\"" + executionId + "\",\"definitionId\":\"def_bench\","
                       + "\"stepId\":null,\"status\":\"running\",\"seq\":" + seq + ",\"timestamp\":\"2026-12-01T10:00:00Z\","
                       + "\"correlationId\":\"corr_bench\",\"data\":null}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("x-velt-signature", signature(body))
                .header("x-velt-event-id", "evt_" + executionId + "_" + seq)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String signature(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<String> ids(String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(String.format("%s%03d", prefix, i));
        }
        return ids;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static long sum(Map<String, LongAdder> counts, List<String> ids) {
        return ids.stream().mapToLong(id -> counts.get(id).sum()).sum();
    }
}
