package dev.velt.camel.benchmarks;

import java.net.http.HttpClient;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.velt.camel.client.VeltClient;
import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.model.ExecutionView;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Latency of {@code velt:getExecution} through a Camel route ({@code direct:get -> velt:getExecution}) against the
 * floor: a raw JDK {@link HttpClient} + Jackson loop sending the same POST with the same headers and reading
 * {@code {"result":...}} into the same {@link ExecutionView}. Also, for the analysis only, a raw Apache HttpClient 5
 * loop
 * on the pool the component itself builds (the same HTTP library, without Camel and the component).
 * <p>
 * All three are warmed up, then measured in interleaved rounds (the order rotates every round) so drift of the machine
 * hits all of them alike. Every call is timed with {@link System#nanoTime()}.
 */
final class ProducerLatencyBenchmark {

    static final int WARMUP_CALLS = 5_000;
    static final int ROUNDS = 20;
    static final int CALLS_PER_ROUND = 1_500;
    private static final String EXECUTION_ID = "exec_1777374504255_xzy43k9q";

    private interface Call {

        ExecutionView call() throws Exception;
    }

    Map<String, Object> run(StubServer stub) throws Exception {
        byte[] answer = StubServer.ok("{\"result\":" + Bench.executionView(EXECUTION_ID, "completed", Bench.T0,
                "marketing-copy-approval", true) + "}");
        stub.handler((path, body) -> path.equals(Bench.GET_EXECUTION) ? answer : StubServer.notFound());

        CamelContext camel = Bench.camel(stub);
        HttpClient jdk = Bench.jdkHttpClient();
        CloseableHttpClient apache = VeltClient.createHttpClient(20, null);
        try {
            camel.addRoutes(new RouteBuilder() {

                @Override
                public void configure() {
                    from("direct:get").to("velt:getExecution");
                }
            });
            ProducerTemplate template = camel.createProducerTemplate();
            Call ours = () -> template.requestBodyAndHeader("direct:get", null, VeltConstants.EXECUTION_ID, EXECUTION_ID,
                    ExecutionView.class);

            ObjectMapper mapper = new ObjectMapper();
            ObjectReader reader = Bench.envelopeReader(mapper, new TypeReference<Bench.Envelope<ExecutionView>>() {
            });
            String baseUrl = stub.baseUrl();
            Call floor = () -> Bench.send(jdk,
                    Bench.post(baseUrl, Bench.GET_EXECUTION, mapper, Map.of("executionId", EXECUTION_ID)), reader);
            Call apacheFloor = () -> {
                HttpPost post = new HttpPost(baseUrl + Bench.GET_EXECUTION);
                post.setHeader("Accept", "application/json");
                post.setHeader("x-velt-api-key", Bench.API_KEY);
                post.setHeader("x-velt-auth-token", Bench.AUTH_TOKEN);
                post.setEntity(
                        new ByteArrayEntity(mapper.writeValueAsBytes(Map.of("data", Map.of("executionId", EXECUTION_ID))),
                                ContentType.APPLICATION_JSON));
                Bench.Envelope<ExecutionView> envelope = apache.execute(post,
                        response -> reader.readValue(EntityUtils.toByteArray(response.getEntity())));
                return envelope.result;
            };

            Call[] calls = {ours, floor, apacheFloor};
            String[] names = {"velt_route", "jdk_floor", "apache_hc5_floor"};
            Bench.log("producer: warm-up, %d calls each", WARMUP_CALLS);
            for (int chunk = 0; chunk < 10; chunk++) {
                for (Call call : calls) {
                    measure(call, WARMUP_CALLS / 10, null, 0);
                }
            }
            long[][] samples = new long[calls.length][ROUNDS * CALLS_PER_ROUND];
            long started = System.nanoTime();
            for (int round = 0; round < ROUNDS; round++) {
                for (int k = 0; k < calls.length; k++) {
                    int which = (round + k) % calls.length; // rotate who goes first
                    measure(calls[which], CALLS_PER_ROUND, samples[which], round * CALLS_PER_ROUND);
                }
            }
            Bench.log("producer: %d rounds x %d calls each in %.1f s", ROUNDS, CALLS_PER_ROUND,
                    (System.nanoTime() - started) / 1e9);

            Map<String, Object> raw = new LinkedHashMap<>();
            for (int k = 0; k < calls.length; k++) {
                Arrays.sort(samples[k]);
                raw.put(names[k], summary(samples[k]));
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("producer_ratio_p50", ratio(samples[0], samples[1], 50));
            result.put("producer_ratio_p99", ratio(samples[0], samples[1], 99));
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("calls_measured_each", ROUNDS * CALLS_PER_ROUND);
            detail.put("warmup_calls_each", WARMUP_CALLS);
            detail.put("rounds", ROUNDS);
            detail.put("latency_us", raw);
            detail.put("ratio_vs_apache_hc5_p50", ratio(samples[0], samples[2], 50));
            detail.put("ratio_vs_apache_hc5_p99", ratio(samples[0], samples[2], 99));
            detail.put("stub_requests", stub.requests(Bench.GET_EXECUTION));
            result.put("producer", detail);
            return result;
        } finally {
            camel.close();
            apache.close();
        }
    }

    private static void measure(Call call, int times, long[] samples, int offset) throws Exception {
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            ExecutionView view = call.call();
            long elapsed = System.nanoTime() - start;
            if (view == null || !EXECUTION_ID.equals(view.getExecutionId())) {
                throw new IllegalStateException("wrong answer: " + view);
            }
            if (samples != null) {
                samples[offset + i] = elapsed;
            }
        }
    }

    private static double ratio(long[] oursSorted, long[] floorSorted, double percentile) {
        return Bench.round((double) Bench.percentile(oursSorted, percentile) / Bench.percentile(floorSorted, percentile), 3);
    }

    private static Map<String, Object> summary(long[] sorted) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("p50", Bench.round(Bench.percentile(sorted, 50) / 1e3, 1));
        summary.put("p90", Bench.round(Bench.percentile(sorted, 90) / 1e3, 1));
        summary.put("p99", Bench.round(Bench.percentile(sorted, 99) / 1e3, 1));
        summary.put("p999", Bench.round(Bench.percentile(sorted, 99.9) / 1e3, 1));
        summary.put("mean", Bench.round(Arrays.stream(sorted).average().orElse(0) / 1e3, 1));
        return summary;
    }
}
