package dev.velt.camel.benchmarks;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Runs every scenario against one local stub server and writes {@code target/bench-results.json} (next to
 * {@code benchmarks.jar}; {@code -Dbench.out=path} overrides). See README.md for the command and what each figure
 * means.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("timestamp", Instant.now().toString());
        results.put("machine", machine());
        Map<String, Object> details = new LinkedHashMap<>();
        try (StubServer stub = new StubServer()) {
            Bench.log("stub server on %s", stub.baseUrl());
            if (selected(args, "producer")) {
                collect(results, details, new ProducerLatencyBenchmark().run(stub));
            }
            if (selected(args, "drain")) {
                collect(results, details, new DrainBenchmark().run(stub));
            }
            if (selected(args, "idle")) {
                collect(results, details, new IdlePollingBenchmark().run(stub));
            }
            if (selected(args, "handroute")) {
                collect(results, details, new HandRouteBenchmark().run(stub));
            }
            if (selected(args, "heap")) {
                collect(results, details, new HeapGrowthBenchmark().run(stub));
            }
            if (selected(args, "firststart")) {
                collect(results, details, new FirstStartBenchmark().run(stub));
            }
            if (selected(args, "push")) {
                collect(results, details, new PushBenchmark().run(stub));
            }
            if (selected(args, "pause")) {
                collect(results, details, new PauseCatchUpBenchmark().run(stub));
            }
            if (selected(args, "sharding")) {
                collect(results, details, new ShardingBenchmark().run(stub));
            }
            if (selected(args, "sharding-push")) {
                collect(results, details, new ShardPushBenchmark().run(stub));
            }
        }
        if (args.length == 0) {
            results.put("targets", targets(results));
        }
        results.put("details", details);
        results.put("run_seconds", Bench.round((System.nanoTime() - start) / 1e9, 1));
        ((Map<String, Object>) results.get("machine")).put("load_average_at_end", loadAverage());

        File out = output();
        out.getParentFile().mkdirs();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(out, results);
        System.out.println(json.writeValueAsString(results));
        System.out.print(table(results));
        Bench.log("wrote %s", out.getAbsolutePath());
        System.exit(0); // Camel and HTTP client threads that linger must not keep the JVM up
    }

    /**
     * No arguments: every scenario; otherwise only the named ones (producer, drain, idle, handroute, heap, firststart,
     * push, pause, sharding, sharding-push).
     */
    private static boolean selected(String[] args, String scenario) {
        return args.length == 0 || java.util.Arrays.asList(args).contains(scenario);
    }

    /** Top-level figures go to the top; each scenario's nested map (raw figures) goes under "details". */
    private static void collect(Map<String, Object> results, Map<String, Object> details, Map<String, Object> scenario)
            throws Exception {
        Bench.log("%s", new ObjectMapper().writeValueAsString(scenario));
        scenario.forEach((key, value) -> {
            if (value instanceof Map) {
                details.put(key, value);
            } else {
                results.put(key, value);
            }
        });
    }

    private static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
        machine.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1048576);
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                          + System.getProperty("os.arch"));
        // other processes on the machine skew wall-clock figures; the ratios are interleaved to cancel that out
        machine.put("load_average_at_start", loadAverage());
        return machine;
    }

    private static double loadAverage() {
        return Bench.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2);
    }

    /** Each target and whether this run met it. */
    private static Map<String, Object> targets(Map<String, Object> r) {
        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("producer_ratio_p50 <= 1.15", number(r, "producer_ratio_p50") <= 1.15);
        targets.put("producer_ratio_p99 <= 1.15", number(r, "producer_ratio_p99") <= 1.15);
        targets.put("backlog_requests == backlog_expected_requests",
                number(r, "backlog_requests") == number(r, "backlog_expected_requests"));
        targets.put("drain_ratio >= 0.9", number(r, "drain_ratio") >= 0.9);
        targets.put("idle_requests_per_live_execution == 1.0", number(r, "idle_requests_per_live_execution") == 1.0);
        targets.put("idle_requests_finished == 0", number(r, "idle_requests_finished") == 0);
        targets.put("drain_ratio >= 0.8", number(r, "drain_ratio") >= 0.8);
        targets.put("drain_vs_hand_route_ratio >= 1.0", number(r, "drain_vs_hand_route_ratio") >= 1.0);
        targets.put("drain_vs_hand_route_ratio >= 1.5", number(r, "drain_vs_hand_route_ratio") >= 1.5);
        targets.put("heap_window_mb_10k <= 3", number(r, "heap_window_mb_10k") <= 3);
        targets.put("heap_growth_mb_10k <= 1", number(r, "heap_growth_mb_10k") <= 1);
        targets.put("push_idle_requests_per_reconcile_delay <= 1", number(r, "push_idle_requests_per_reconcile_delay") <= 1);
        targets.put("push_latency_ms_p50 <= 20", number(r, "push_latency_ms_p50") <= 20);
        targets.put("push_chaos_lost == 0", number(r, "push_chaos_lost") == 0);
        targets.put("push_chaos_duplicated == 0", number(r, "push_chaos_duplicated") == 0);
        targets.put("pause_events_lost == 0", number(r, "pause_events_lost") == 0);
        targets.put("pause_events_duplicated == 0", number(r, "pause_events_duplicated") == 0);
        targets.put("sharding_list_requests_ratio <= 1.1", number(r, "sharding_list_requests_ratio") <= 1.1);
        targets.put("sharding_push_latency_ms_p50_sharded <= 20", number(r, "sharding_push_latency_ms_p50_sharded") <= 20);
        return targets;
    }

    /**
     * The results as a plain table: the load average, every top-level figure, then each target and whether it was met.
     */
    @SuppressWarnings("unchecked")
    private static String table(Map<String, Object> results) {
        StringBuilder table = new StringBuilder();
        Map<String, Object> machine = (Map<String, Object>) results.get("machine");
        table.append(String.format("%n== results %s, %s cores, load average %s at start, %s at end, %s s ==%n",
                results.get("timestamp"), machine.get("cores"), machine.get("load_average_at_start"),
                machine.get("load_average_at_end"), results.get("run_seconds")));
        results.forEach((key, value) -> {
            if (!(value instanceof Map) && !key.equals("timestamp") && !key.equals("run_seconds")) {
                table.append(String.format("%-48s %s%n", key, value));
            }
        });
        Object targets = results.get("targets");
        if (targets instanceof Map) {
            table.append(String.format("-- targets --%n"));
            ((Map<String, Object>) targets).forEach((target, met) -> table.append(String.format("%-60s %s%n", target,
                    Boolean.TRUE.equals(met) ? "met" : "NOT MET")));
        }
        return table.toString();
    }

    private static double number(Map<String, Object> results, String key) {
        return ((Number) results.get(key)).doubleValue();
    }

    private static File output() throws URISyntaxException {
        String override = System.getProperty("bench.out");
        if (override != null) {
            return new File(override);
        }
        // target/benchmarks.jar or target/classes -> target/
        File code = new File(BenchmarkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return new File(code.getParentFile(), "bench-results.json");
    }
}
