package dev.velt.camel.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Velt's webhook delivery through a round-robin load balancer over replicas' HTTP servers: each attempt of a push goes
 * to the next replica in turn; a non-2xx answer (or no answer) is retried as Velt retries, after 2 s, 8 s, 32 s, 2 min
 * and 8 min. Pushes are sent asynchronously, so a slow answer holds back no other push. Counts the answers by status
 * code (0: no answer) and keeps the first body of each non-2xx status.
 */
final class PushBalancer implements AutoCloseable {

    static final long[] RETRY_MS = {2_000, 8_000, 32_000, 120_000, 480_000};

    private final HttpClient http = Bench.jdkHttpClient();
    private final List<Integer> ports;
    private final String path;
    private final AtomicInteger next = new AtomicInteger();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private final Map<Integer, LongAdder> answers = new ConcurrentHashMap<>();
    private final Map<Integer, String> bodies = new ConcurrentHashMap<>();
    private final LongAdder retried = new LongAdder();
    private volatile boolean closed;

    PushBalancer(List<Integer> ports, String path) {
        this.ports = List.copyOf(ports);
        this.path = path;
    }

    /** Pushes the event, signed with {@link PushBenchmark#SECRET}, as Velt does. */
    void push(String definitionId, String executionId, long seq, String type) {
        byte[] body = ("{\"event\":\"" + type + "\",\"executionId\":\"" + executionId + "\",\"definitionId\":\""
                       + definitionId + "\",\"stepId\":null,\"status\":\"running\",\"seq\":" + seq
                       + ",\"timestamp\":\"2026-12-01T10:00:00Z\",\"correlationId\":\"corr_bench\",\"data\":null}")
                .getBytes(StandardCharsets.UTF_8);
        send(body, "evt_" + executionId + "_" + seq, 0);
    }

    private void send(byte[] body, String eventId, int attempt) {
        if (closed) {
            return;
        }
        int port = ports.get(Math.floorMod(next.getAndIncrement(), ports.size()));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("x-velt-signature", PushBenchmark.signature(body))
                .header("x-velt-event-id", eventId)
                .header("x-velt-attempt", String.valueOf(attempt + 1))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            int status = error == null ? response.statusCode() : 0;
            answers.computeIfAbsent(status, s -> new LongAdder()).increment();
            if (status / 100 == 2) {
                return;
            }
            bodies.putIfAbsent(status, error == null ? response.body() : String.valueOf(error));
            if (attempt < RETRY_MS.length && !closed) {
                retried.increment();
                retries.schedule(() -> send(body, eventId, attempt + 1), RETRY_MS[attempt], TimeUnit.MILLISECONDS);
            }
        });
    }

    long answered2xx() {
        return answers.entrySet().stream().filter(e -> e.getKey() / 100 == 2).mapToLong(e -> e.getValue().sum()).sum();
    }

    long answeredOther() {
        return answers.entrySet().stream().filter(e -> e.getKey() / 100 != 2).mapToLong(e -> e.getValue().sum()).sum();
    }

    long retried() {
        return retried.sum();
    }

    /** Answers by status code. */
    Map<Integer, Long> answers() {
        Map<Integer, Long> counts = new TreeMap<>();
        answers.forEach((status, count) -> counts.put(status, count.sum()));
        return counts;
    }

    /** The first body of each non-2xx status. */
    Map<Integer, String> refusals() {
        return new TreeMap<>(bodies);
    }

    /** Stops retrying; what is in flight is let go. */
    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
    }
}
