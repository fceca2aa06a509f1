package dev.velt.camel.component.state;

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
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The push inbox of a shard: appends and removals are compare-and-sets on the key's version, so that writers racing
 * on one key (the receivers of several replicas, the owner removing what it delivered) lose nothing.
 */
public class ShardPushStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SECONDS = 1_000_000_000L;

    /** A pushed event as the receiver records it. */
    public static ObjectNode event(String executionId, long seq) {
        return JSON.createObjectNode().put("event", "step.completed").put("executionId", executionId).put("seq", seq);
    }

    @Test
    void appendsKeepTheOrderSkipARetryAndBumpTheVersion() {
        MemoryPositionRepository repository = new MemoryPositionRepository();
        ShardPushStore store = new ShardPushStore(repository, "def 1", 3);

        assertThat(store.append(2, event("e1", 1), deadline())).isEqualTo(ShardPushStore.Appended.STORED);
        assertThat(store.append(2, event("e1", 2), deadline())).isEqualTo(ShardPushStore.Appended.STORED);
        assertThat(store.append(2, event("e1", 1), deadline())).isEqualTo(ShardPushStore.Appended.STORED);

        assertThat(keys(store.read(2))).containsExactly("e1#1", "e1#2");
        assertThat(repository.getOrder("velt.events.push.def+1.2")).isEqualTo(2L);
        assertThat(repository.getState("velt.events.push.def+1.2")).startsWith("{\"shards\":3,\"events\":[{");
        assertThat(store.read(1)).isEmpty();
    }

    @Test
    void aRemovalKeepsWhatItWasNotAskedToRemove() {
        MemoryPositionRepository repository = new MemoryPositionRepository();
        ShardPushStore store = new ShardPushStore(repository, "def", 2);
        store.append(1, event("e1", 1), deadline());
        store.append(1, event("e2", 1), deadline());

        assertThat(store.remove(1, e -> ShardPushStore.executionId(e).equals("e1"), deadline())).isTrue();

        assertThat(keys(store.read(1))).containsExactly("e2#1");
        assertThat(repository.getState("velt.events.push.def.1")).isEqualTo(
                "{\"shards\":2,\"events\":[{\"event\":\"step.completed\",\"executionId\":\"e2\",\"seq\":1}]}");
    }

    @Test
    void aFullInboxRefusesAndAnotherNumberOfShardsIsNamed() {
        MemoryPositionRepository repository = new MemoryPositionRepository();
        ShardPushStore store = new ShardPushStore(repository, "def", 2);
        StringBuilder full = new StringBuilder("{\"shards\":2,\"events\":[");
        for (int i = 0; i < ShardPushStore.MAX_EVENTS; i++) {
            full.append(i == 0 ? "" : ",").append(event("e", i));
        }
        repository.setStateIfAhead(store.key(0), full.append("]}").toString(), 5);

        assertThat(store.append(0, event("f", 1), deadline())).isEqualTo(ShardPushStore.Appended.FULL);
        assertThat(store.append(0, event("e", 3), deadline())).as("there already").isEqualTo(ShardPushStore.Appended.STORED);
        assertThat(new ShardPushStore(repository, "def", 3).append(1, event("f", 1), deadline()))
                .isEqualTo(ShardPushStore.Appended.STORED);
        assertThatThrownBy(() -> new ShardPushStore(repository, "def", 3).read(0))
                .hasMessageContaining("pushes recorded with shards=2").hasMessageContaining("this endpoint has shards=3");
    }

    @Test
    void anInboxRefusesAPushThatWouldMakeItLongerThanItsBound() {
        MemoryPositionRepository repository = new MemoryPositionRepository();
        ShardPushStore store = new ShardPushStore(repository, "def", 2);
        String mebi = "x".repeat(1024 * 1024);
        int stored = 0;
        while (store.append(1, (ObjectNode) event("big", stored + 1).set("data", JSON.createObjectNode().put("s", mebi)),
                deadline()) == ShardPushStore.Appended.STORED) {
            stored++;
        }

        assertThat(stored).isEqualTo(15);
        assertThat(repository.getState(store.key(1)).length()).isLessThanOrEqualTo(ShardPushStore.MAX_CHARS);
        assertThat(store.append(1, event("small", 1), deadline())).isEqualTo(ShardPushStore.Appended.STORED);
    }

    @Test
    void appendsOfSeveralThreadsAndAnOwnerRemovingMeanwhileLoseNothing() throws Exception {
        concurrentAppendsLoseNothing(new MemoryPositionRepository(), 6, 150);
    }

    /**
     * {@code threads} writers append {@code each} events each to one inbox while an owner removes what it reads:
     * every event ends up removed by the owner or still stored, none twice.
     */
    public static void concurrentAppendsLoseNothing(OrderedStateRepository repository, int threads, int each)
            throws Exception {
        ShardPushStore store = new ShardPushStore(repository, "def_race", 4);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String executionId = "exec_" + t;
                writers.add(pool.submit((Callable<Void>) () -> {
                    go.await();
                    for (int seq = 1; seq <= each; seq++) {
                        assertThat(store.append(3, event(executionId, seq), System.nanoTime() + 60 * SECONDS))
                                .isEqualTo(ShardPushStore.Appended.STORED);
                    }
                    return null;
                }));
            }
            Future<List<String>> owner = pool.submit(() -> {
                List<String> removed = new ArrayList<>();
                go.await();
                while (writing.get()) {
                    Set<String> seen = new HashSet<>(keys(store.read(3)));
                    if (store.remove(3, e -> seen.contains(key(e)), System.nanoTime() + 60 * SECONDS)) {
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
            List<String> removed = owner.get(120, TimeUnit.SECONDS);
            List<String> all = new ArrayList<>(removed);
            all.addAll(keys(store.read(3)));
            assertThat(all).doesNotHaveDuplicates().hasSize(threads * each);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long deadline() {
        return System.nanoTime() + 10 * SECONDS;
    }

    private static String key(JsonNode event) {
        return ShardPushStore.executionId(event) + "#" + ShardPushStore.seq(event);
    }

    private static List<String> keys(List<JsonNode> events) {
        return events.stream().map(ShardPushStoreTest::key).toList();
    }
}
