package dev.velt.camel.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.velt.camel.component.VeltComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * What the scenarios share: Velt JSON fixtures, the raw JDK HttpClient floor, a Camel context on the stub, statistics.
 */
final class Bench {

    static final String API_KEY = "ak_bench_key";
    static final String AUTH_TOKEN = "tok_bench_token";
    static final String GET_EXECUTION = "/v2/workflow/executions/get";
    static final String GET_EVENTS = "/v2/workflow/executions/getEvents";
    static final String LIST_EXECUTIONS = "/v2/workflow/executions/list";
    static final long T0 = 1777374504364L;

    /** {@code {"result": T}}: how the floors read Velt's envelope straight into the model class. */
    public static class Envelope<T> {

        public T result;
    }

    private Bench() {
    }

    // ---------------------------------------------------------------- Camel

    /** A started CamelContext whose {@code velt} component points at the stub, with the component's default options. */
    static CamelContext camel(StubServer stub) {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(5);
        VeltComponent velt = new VeltComponent();
        velt.getConfiguration().setBaseUrl(stub.baseUrl());
        velt.getConfiguration().setApiKey(API_KEY);
        velt.getConfiguration().setAuthToken(AUTH_TOKEN);
        context.addComponent("velt", velt);
        context.start();
        return context;
    }

    // ---------------------------------------------------------------- the raw floor

    static HttpClient jdkHttpClient() {
        // HTTP/1.1 as the component speaks it (the default would first try an h2c upgrade)
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The request the component sends: POST, {@code {"data": ...}} written by Jackson, the same headers. */
    static HttpRequest post(String baseUrl, String path, ObjectMapper mapper, Map<String, Object> data) throws Exception {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("x-velt-api-key", API_KEY)
                .header("x-velt-auth-token", AUTH_TOKEN)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(Map.of("data", data))))
                .build();
    }

    /** Sends and reads {@code result} into {@code T} (one Jackson pass over the bytes). */
    static <T> T send(HttpClient http, HttpRequest request, ObjectReader envelopeReader) throws Exception {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("stub answered " + response.statusCode() + " to " + request.uri());
        }
        Envelope<T> envelope = envelopeReader.readValue(response.body());
        return envelope.result;
    }

    static <T> ObjectReader envelopeReader(ObjectMapper mapper, TypeReference<Envelope<T>> type) {
        return mapper.readerFor(type);
    }

    // ---------------------------------------------------------------- Velt JSON fixtures

    /** An external event as {@code getEvents} returns it, with a {@code data} shaped like the real one of its type. */
    static String event(String executionId, long seq, String type) {
        String stepId = "step_agent-draft_" + seq + "__to__human-legal";
        String data = switch (type) {
            case "execution.dispatched" -> "{\"definitionId\":\"marketing-copy-approval\",\"definitionVersion\":1,"
                                           + "\"rootStepIds\":[\"step_agent-draft\"]}";
            case "step.awaiting-approval" -> "{\"waitingForReviewers\":1,\"mandatoryCount\":1,\"resumeKey\":\"human:"
                                             + executionId + ":" + seq + "\"}";
            case "step.completed" -> seq % 2 == 0 ? "{\"agentId\":\"publish-agent-v1\"}"
                    : "{\"aggregatorStatus\":\"approved\",\"nodeType\":\"human\",\"decision\":\"approve\","
                      + "\"aggregatorBacked\":true}";
            case "loop.iteration-started" -> "{\"loopId\":\"loop_review\",\"iteration\":" + (seq % 5) + ","
                                             + "\"triggeredBy\":\"reviewer-reject\"}";
            default -> "null";
        };
        return "{\"eventId\":\"evt_" + executionId + "_" + seq + "\",\"seq\":" + seq + ",\"type\":\"" + type + "\","
               + "\"stepId\":\"" + stepId + "\",\"timestamp\":" + (T0 + seq) + ",\"correlationId\":\"corr_campaign_42\","
               + "\"data\":" + data + "}";
    }

    /** Non-terminal types the streams cycle through. */
    static String middleType(long i) {
        return switch ((int) (i % 4)) {
            case 0 -> "step.completed";
            case 1 -> "step.awaiting-approval";
            case 2 -> "loop.iteration-started";
            default -> "step.completed";
        };
    }

    /** A {@code getEvents} result page. */
    static String eventsPage(String executionId, CharSequence eventsJson, long nextCursor, boolean hasMore) {
        return "{\"result\":{\"executionId\":\"" + executionId + "\",\"events\":[" + eventsJson + "],\"nextCursor\":"
               + nextCursor + ",\"hasMore\":" + hasMore + "}}";
    }

    /** An {@code ExecutionView} as Velt's API reference shows it. */
    static String executionView(String executionId, String status, long startedAt, String definitionId, boolean withSteps) {
        String steps = !withSteps ? "[]"
                : "[{\"stepId\":\"group_parallel-review__to__agent-publish\",\"nodeId\":\"agent-publish\",\"nodeType\":\"agent\","
                  + "\"status\":\"completed\",\"groupId\":null,\"startedAt\":1777374841756,\"completedAt\":1777374841986,"
                  + "\"output\":{\"agentId\":\"publish-agent-v1\",\"summary\":\"Published the approved copy to the CMS\","
                  + "\"generatedAt\":1777374841939},\"error\":null},"
                  + "{\"stepId\":\"step_agent-draft__to__human-legal\",\"nodeId\":\"human-legal\",\"nodeType\":\"human\","
                  + "\"status\":\"completed\",\"groupId\":\"group_parallel-review\",\"startedAt\":1777374600000,"
                  + "\"completedAt\":1777374800000,\"output\":{\"decision\":\"approve\",\"reviewerId\":\"user_legal_1\"},"
                  + "\"error\":null}]";
        boolean terminal = status.equals("completed");
        return "{\"executionId\":\"" + executionId + "\",\"status\":\"" + status + "\",\"startedAt\":" + startedAt + ","
               + "\"completedAt\":" + (terminal ? String.valueOf(startedAt + 337983) : "null") + ",\"cancelledAt\":null,"
               + "\"definitionId\":\"" + definitionId + "\",\"definitionVersion\":1,\"correlationId\":\"corr_campaign_42\","
               + "\"idempotencyKey\":\"campaign-42-dispatch\",\"failureReason\":null,\"steps\":" + steps + "}";
    }

    // ---------------------------------------------------------------- measuring

    /** The value at {@code percentile} (0..100) of sorted samples, nearest rank. */
    static long percentile(long[] sorted, double percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /**
     * Used heap after full collections, repeated until two readings agree within 256 KiB (at most 12 rounds); the smallest
     * reading of the last rounds.
     */
    static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 12; i++) {
            System.gc();
            Thread.sleep(100);
            long used = memory.getHeapMemoryUsage().getUsed();
            best = Math.min(best, used);
            if (Math.abs(used - previous) < 256 * 1024) {
                break;
            }
            previous = used;
        }
        return best;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    static void log(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
    }
}
