package dev.velt.camel.component.shards;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.component.events.ExecutionShards;
import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.Recorder;
import dev.velt.camel.model.AgentFinding;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sharded {@code velt:agentExecutions} against the simulator over HTTP: a consumer per shard of one agent's runs
 * from a route template in one CamelContext, sharing one state repository; the runs the tests script, what the routes
 * received, and what is stored.
 */
abstract class AgentShardsTestSupport extends ConsumerTestSupport {

    static final String AGENT = "agent_shards";
    static final String LIST = "/v2/agents/execution/list";
    static final String GET = "/v2/agents/execution/get";
    static final int SHARDS = 3;
    static final String SHARD_KEYS = "velt.agentExecutions.shard.";

    final SharedTestRepository repository = new SharedTestRepository();
    /** Keys {@code <runId>#<findingId or run>@<routeId>} of the exchanges that completed. */
    final Recorder recorder = new Recorder(AgentShardsTestSupport::key).withoutExchanges();
    /** What each run is expected to deliver: {@code <runId>#<findingId or run>}. */
    final Map<String, List<String>> expected = new LinkedHashMap<>();
    final Map<String, Long> startedAt = new LinkedHashMap<>();
    final List<CamelContext> shardContexts = new ArrayList<>();
    boolean split;
    /** The number of shards of the routes {@link #startShards} starts. */
    int shards = SHARDS;
    /** More endpoint options of those routes, each starting with {@code &}. */
    String options = "";

    @AfterEach
    void stopShards() throws Exception {
        for (CamelContext context : shardContexts) {
            context.stop();
        }
    }

    private static String key(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        String item = body instanceof AgentFinding finding ? finding.getId() : "run";
        return exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#" + item + "@" + exchange.getFromRouteId();
    }

    /** {@code count} runs {@code <prefix>_<i>} of the agent, started now and running. */
    void running(String prefix, int count) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            running(prefix + "_" + i, now - 1_000 + i);
        }
    }

    /** One run of the agent, started at {@code started} and running. */
    void running(String id, long started) {
        startedAt.put(id, started);
        velt.putRun(id, AGENT, "running", started, null);
    }

    /** The runs {@code <prefix>_<i>} finish, each with three findings (two on the first page, one on the second). */
    void finish(String prefix, int count) {
        for (int i = 0; i < count; i++) {
            String id = prefix + "_" + i;
            List<String> findings = new ArrayList<>(velt.putFindings(id, "https://example.com/" + i, "high", "low"));
            findings.addAll(velt.putFindings(id, "https://example.com/" + i + "/about", "critical"));
            finish(id, findings);
        }
    }

    /** A running run finishes with the findings put for it, the items it is expected to deliver noted. */
    void finish(String id, List<String> findings) {
        velt.putRun(id, AGENT, "failed", startedAt.get(id), System.currentTimeMillis());
        expected.put(id, split ? findings.stream().map(f -> id + "#" + f).toList() : List.of(id + "#run"));
    }

    /** What happened in the test so far, for a failure's message (nothing unless a test tells). */
    String story() {
        return "";
    }

    /** The state repository bean the routes use: {@link #repository} unless a test wraps it. */
    Object positions() {
        return repository;
    }

    CamelContext startShards() throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("positions", positions());
        configure(context);
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                routeTemplate("velt-agent-shard").templateParameter("shard")
                        .from("velt:agentExecutions?agentId=" + AGENT + "&shards=" + shards
                              + "&shard={{shard}}&stateRepository=#positions&pageSize=50&splitFindings=" + split
                              + options + "&" + fast())
                        .process(recorder);
            }
        });
        for (int shard = 0; shard < shards; shard++) {
            TemplatedRouteBuilder.builder(context, "velt-agent-shard").routeId("shard-" + shard)
                    .parameter("shard", String.valueOf(shard)).add();
        }
        shardContexts.add(context); // stopped after the test even when it fails to start
        context.start();
        assertThat(context.getRoutes()).as("routes %s", context.getRoutes()).hasSize(shards);
        return context;
    }

    void awaitAllDelivered() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(undelivered())
                .as("%s; delivered %s, stored %s", story(), recorder.processed(), repository.contents()).isEmpty());
    }

    /** The expected {@code <runId>#<item>} not delivered yet. */
    List<String> undelivered() {
        List<String> delivered = recorder.processed().stream().map(key -> key.substring(0, key.indexOf('@'))).toList();
        List<String> missing = new ArrayList<>();
        expected.values().forEach(items -> items.stream().filter(key -> !delivered.contains(key)).forEach(missing::add));
        return missing;
    }

    int ownerOf(String key) {
        return ExecutionShards.of(key.substring(0, key.indexOf('#')), shards);
    }

    long deliveredBy(String routeId) {
        return recorder.processed().stream().filter(key -> key.endsWith("@" + routeId)).count();
    }

    /** Each run's items delivered exactly once, in order, each by the route of its run's shard. */
    void assertOnceByOwner() {
        List<String> processed = recorder.processed();
        assertThat(processed).doesNotHaveDuplicates();
        expected.forEach((id, items) -> {
            String owner = "@shard-" + ExecutionShards.of(id, shards);
            assertThat(processed.stream().filter(key -> key.startsWith(id + "#")).toList()).as("items of %s", id)
                    .containsExactlyElementsOf(items.stream().map(item -> item + owner).toList());
        });
        assertThat(processed).hasSize(expected.values().stream().mapToInt(List::size).sum());
    }

    /** The runs on the stored hand-over lists. */
    List<String> handedOver() {
        List<String> runs = new ArrayList<>();
        repository.contents().forEach((key, value) -> {
            if (key.startsWith(SHARD_KEYS)) {
                expected.keySet().stream().filter(id -> value.contains("\"" + id + "\"")).forEach(runs::add);
            }
        });
        return runs;
    }

    /** Every run delivered: the hand-over lists are empty and no run's progress key is left. */
    void awaitNothingLeftBehind() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, String> stored = repository.contents();
            assertThat(stored.keySet()).as("%s; stored %s", story(), stored).noneMatch(key -> key.contains(".run."));
            stored.forEach((key, value) -> {
                if (key.startsWith(SHARD_KEYS)) {
                    assertThat(value).as(key).isIn("", "{\"shards\":" + shards + ",\"live\":[]}");
                }
            });
            assertThat(stored.keySet()).as("stored %s", stored).filteredOn(key -> key.startsWith(SHARD_KEYS))
                    .hasSize(shards - 1);
        });
    }
}
