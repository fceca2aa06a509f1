package dev.velt.camel.component.state;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hand-over keys of both sharded consumers: their formats, and a list of another number of shards refused. */
class ShardHandOverStoreTest {

    private final MemoryPositionRepository repository = new MemoryPositionRepository();
    private final VeltPositionStore store = new VeltPositionStore(repository);

    @Test
    void theEventsKeyNamesTheEncodedDefinitionAndTheShard() {
        ShardHandOverStore keys = ShardHandOverStore.forEvents(store, "def/1", 3);

        keys.write(2, List.of("exec_1"));

        assertThat(keys.key(2)).isEqualTo("velt.events.shard.def%2F1.2");
        assertThat(repository.getState("velt.events.shard.def%2F1.2")).isEqualTo("{\"shards\":3,\"live\":[\"exec_1\"]}");
        assertThat(keys.read(2)).containsExactly("exec_1");
    }

    @Test
    void theAgentRunsKeyNamesTheFilterScopeAndTheShard() {
        String scope = VeltPositionStore.agentRunsScope("agent/1", null, "doc_1", null);
        ShardHandOverStore keys = ShardHandOverStore.forAgentRuns(store, scope, 3);

        keys.write(1, List.of("run_1", "run_2"));

        assertThat(keys.key(1)).isEqualTo("velt.agentExecutions.shard.agentId:agent%2F1,documentId:doc_1.1");
        assertThat(repository.getState(keys.key(1))).isEqualTo("{\"shards\":3,\"live\":[\"run_1\",\"run_2\"]}");
        assertThat(keys.read(1)).containsExactly("run_1", "run_2");
        assertThat(keys.read(2)).isEmpty();
    }

    @Test
    void aListOfAnotherNumberOfShardsIsRefusedNamingBoth() {
        ShardHandOverStore.forAgentRuns(store, "agentId:a", 2).write(1, List.of("run_1"));

        assertThatThrownBy(() -> ShardHandOverStore.forAgentRuns(store, "agentId:a", 3).read(1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("handed over with shards=2")
                .hasMessageContaining("this consumer has shards=3");
    }
}
