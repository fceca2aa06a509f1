package dev.velt.camel.state.jdbc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velt.camel.component.state.ShardPushStore;
import org.apache.camel.support.service.ServiceHelper;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The push inbox of a sharded {@code velt:events} on {@link JdbcStateRepository} (H2): the receivers of several
 * replicas, each with its own repository on one table, append to one shard's inbox at once while its owner removes
 * what it read; every event ends up removed by the owner or still stored, none twice.
 */
class ShardPushInboxJdbcTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REPLICAS = 4;
    private static final int EACH = 60;

    private final List<JdbcStateRepository> repositories = new ArrayList<>();

    @AfterEach
    void stop() {
        repositories.forEach(ServiceHelper::stopService);
    }

    private ShardPushStore replica() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:velt_push_inbox;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        JdbcStateRepository repository = new JdbcStateRepository(h2, "push-inbox");
        repository.setTableName("push_inbox_test");
        ServiceHelper.startService(repository);
        repositories.add(repository);
        return new ShardPushStore(repository, "def_race", 4);
    }

    @Test
    void appendsOfSeveralReplicasAndTheOwnerRemovingMeanwhileLoseNothing() throws Exception {
        List<ShardPushStore> receivers = new ArrayList<>();
        for (int i = 0; i < REPLICAS; i++) {
            receivers.add(replica());
        }
        ShardPushStore owner = replica();
        ExecutorService pool = Executors.newFixedThreadPool(REPLICAS + 1);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int r = 0; r < REPLICAS; r++) {
                ShardPushStore receiver = receivers.get(r);
                String executionId = "exec_" + r;
                writers.add(pool.submit((Callable<Void>) () -> {
                    go.await();
                    for (int seq = 1; seq <= EACH; seq++) {
                        ShardPushStore.Appended appended = receiver.append(3, JSON.createObjectNode()
                                .put("executionId", executionId).put("seq", seq), System.nanoTime() + 60_000_000_000L);
                        assertEquals(ShardPushStore.Appended.STORED, appended, executionId + "#" + seq);
                    }
                    return null;
                }));
            }
            Future<List<String>> removing = pool.submit(() -> {
                List<String> removed = new ArrayList<>();
                go.await();
                while (writing.get()) {
                    Set<String> seen = new HashSet<>(keys(owner.read(3)));
                    if (owner.remove(3, e -> seen.contains(key(e)), System.nanoTime() + 60_000_000_000L)) {
                        removed.addAll(seen);
                    }
                }
                return removed;
            });
            go.countDown();
            for (Future<?> writer : writers) {
                writer.get(120, TimeUnit.SECONDS);
            }
            writing.set(false);
            List<String> all = new ArrayList<>(removing.get(120, TimeUnit.SECONDS));
            all.addAll(keys(owner.read(3)));
            assertEquals(REPLICAS * EACH, all.size(), "events removed or stored: " + all);
            assertEquals(REPLICAS * EACH, new HashSet<>(all).size(), "none twice: " + all);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String key(JsonNode event) {
        return ShardPushStore.executionId(event) + "#" + ShardPushStore.seq(event);
    }

    private static List<String> keys(List<JsonNode> events) {
        return events.stream().map(ShardPushInboxJdbcTest::key).toList();
    }
}
