package dev.velt.camel.component.state;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.velt.camel.component.state.VeltPositionStore.AgentRunsState;
import dev.velt.camel.component.state.VeltPositionStore.DiscoveryState;
import dev.velt.camel.component.state.VeltPositionStore.ExecutionPosition;
import dev.velt.camel.component.state.VeltPositionStore.RunProgress;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * {@link VeltPositionStore}: the documented keys and values, older values, and the epochs and orders that keep
 * positions from moving back.
 */
class VeltPositionStoreTest {

    private static final String SCOPE = "agentId:abc";

    private final MemoryStateRepository plain = new MemoryStateRepository();
    private final MemoryPositionRepository ordered = new MemoryPositionRepository();

    private static DiscoveryState discovery(long watermark, String... live) {
        DiscoveryState state = new DiscoveryState();
        state.watermark = watermark;
        state.window = new LinkedHashMap<>(Map.of("w", watermark));
        state.live = new java.util.ArrayList<>(List.of(live));
        state.firstStart = 1L;
        state.firstPassDone = true;
        return state;
    }

    // keys and values

    @Test
    void anExecutionPositionIsStoredUnderItsEncodedIdAsOneLineJson() {
        VeltPositionStore store = new VeltPositionStore(plain);

        store.saveExecution("exec 1/=\nx", new ExecutionPosition(12, false));

        assertThat(plain.getState("velt.events.execution.exec+1%2F%3D%0Ax")).isEqualTo("{\"seq\":12,\"terminal\":false}");
        assertThat(store.loadExecution("exec 1/=\nx")).isEqualTo(new ExecutionPosition(12, false));
    }

    @Test
    void aTerminalPositionSaysSo() {
        VeltPositionStore store = new VeltPositionStore(plain);

        store.saveExecution("e", new ExecutionPosition(57, true));

        assertThat(plain.getState("velt.events.execution.e")).isEqualTo("{\"seq\":57,\"terminal\":true}");
        assertThat(store.loadExecution("e").terminal()).isTrue();
    }

    @Test
    void anExecutionNeverStoredHasNoPosition() {
        VeltPositionStore store = new VeltPositionStore(plain);
        plain.setState("velt.events.execution.blank", " ");

        assertThat(store.loadExecution("never")).isNull();
        assertThat(store.loadExecution("blank")).isNull();
        assertThat(ExecutionPosition.START).isEqualTo(new ExecutionPosition(0, false));
    }

    @Test
    void fieldsAddedByLaterReleasesAreIgnored() {
        plain.setState("velt.events.execution.e", "{\"seq\":3,\"terminal\":false,\"future\":\"x\"}");

        assertThat(new VeltPositionStore(plain).loadExecution("e")).isEqualTo(new ExecutionPosition(3, false));
    }

    @Test
    void anUnreadableValueNamesItsKey() {
        plain.setState("velt.events.execution.e", "not json");

        assertThatThrownBy(() -> new VeltPositionStore(plain).loadExecution("e"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'velt.events.execution.e'");
    }

    @Test
    void theDiscoveryStateIsStoredPerDefinitionAndStatus() {
        VeltPositionStore store = new VeltPositionStore(plain);

        store.saveDiscovery("def 1", null, discovery(100, "e1"));
        store.saveDiscovery("def 1", "", discovery(200));
        store.saveDiscovery("def 1", "failed", discovery(300));

        assertThat(plain.getState("velt.events.discovery.def+1"))
                .isEqualTo("{\"watermark\":200,\"window\":{\"w\":200},\"firstStart\":1,\"firstPassDone\":true,\"live\":[]}");
        assertThat(store.loadDiscovery("def 1", "failed").watermark).isEqualTo(300L);
        assertThat(store.loadDiscovery("def 1", null).watermark).isEqualTo(200L);
    }

    @Test
    void theDiscoveryStateReadsBackWhatWasWritten() {
        VeltPositionStore store = new VeltPositionStore(plain);
        DiscoveryState state = discovery(100, "e1", "e2");
        state.open = Map.of("e1", 90L);

        store.saveDiscovery("d", "running", state);
        DiscoveryState read = store.loadDiscovery("d", "running");

        assertThat(read.watermark).isEqualTo(100L);
        assertThat(read.window).containsExactly(entry("w", 100L));
        assertThat(read.live).containsExactly("e1", "e2");
        assertThat(read.open).containsExactly(entry("e1", 90L));
        assertThat(read.firstStart).isEqualTo(1L);
        assertThat(read.firstPassDone).isTrue();
    }

    @Test
    void noDiscoveryStateStoredReadsAsNone() {
        assertThat(new VeltPositionStore(plain).loadDiscovery("d", null)).isNull();
        assertThat(new VeltPositionStore(ordered).loadDiscovery("d", null)).isNull();
        assertThat(new VeltPositionStore(plain).loadAgentRuns(SCOPE)).isNull();
    }

    @Test
    void anOlderValueWithSeenIdsIsReadAsAWindowAtTheWatermark() {
        plain.setState("velt.events.discovery.d", "{\"watermark\":100,\"seen\":[\"a\",\"b\"],\"live\":[\"a\"]}");

        DiscoveryState read = new VeltPositionStore(plain).loadDiscovery("d", null);

        assertThat(read.window).containsExactly(entry("a", 100L), entry("b", 100L));
        assertThat(read.seen).isNull();
        assertThat(read.firstPassDone).as("an older value had read the list").isTrue();
        assertThat(read.live).containsExactly("a");
    }

    @Test
    void anOlderValueWithSeenIdsButNoWatermarkHasAnEmptyWindow() {
        plain.setState("velt.events.discovery.d", "{\"seen\":[\"a\"]}");

        DiscoveryState read = new VeltPositionStore(plain).loadDiscovery("d", null);

        assertThat(read.window).isEmpty();
        assertThat(read.firstPassDone).isTrue();
    }

    @Test
    void anOlderValueWithOnlyAWatermarkHadItsFirstPass() {
        plain.setState("velt.events.discovery.d", "{\"watermark\":100}");

        DiscoveryState read = new VeltPositionStore(plain).loadDiscovery("d", null);

        assertThat(read.window).isEmpty();
        assertThat(read.firstPassDone).isTrue();
    }

    @Test
    void anOlderValueThatSaysWhetherItsFirstPassEndedKeepsIt() {
        plain.setState("velt.events.discovery.d", "{\"watermark\":100,\"seen\":[\"a\"],\"firstPassDone\":false}");

        DiscoveryState read = new VeltPositionStore(plain).loadDiscovery("d", null);

        assertThat(read.firstPassDone).isFalse();
        assertThat(read.window).containsExactly(entry("a", 100L));
    }

    @Test
    void anOlderEmptyValueHadNoFirstPass() {
        plain.setState("velt.events.discovery.d", "{\"live\":null}");

        DiscoveryState read = new VeltPositionStore(plain).loadDiscovery("d", null);

        assertThat(read.firstPassDone).isFalse();
        assertThat(read.live).isEmpty();
        assertThat(read.window).isEmpty();
    }

    @Test
    void aCurrentValueWithoutFirstPassDoneHadNoFirstPass() {
        plain.setState("velt.events.discovery.d", "{\"watermark\":100,\"window\":{\"a\":100}}");

        DiscoveryState read = new VeltPositionStore(plain).loadDiscovery("d", null);

        assertThat(read.firstPassDone).isFalse();
        assertThat(read.window).containsExactly(entry("a", 100L));
    }

    @Test
    void aMigratedValueIsRewrittenInTheCurrentForm() {
        plain.setState("velt.events.discovery.d", "{\"watermark\":100,\"seen\":[\"a\"]}");
        VeltPositionStore store = new VeltPositionStore(plain);

        store.saveDiscovery("d", null, store.loadDiscovery("d", null));

        assertThat(plain.getState("velt.events.discovery.d"))
                .isEqualTo("{\"watermark\":100,\"window\":{\"a\":100},\"firstPassDone\":true,\"live\":[]}");
    }

    @Test
    void theAgentRunsStateIsStoredPerFilterScope() {
        VeltPositionStore store = new VeltPositionStore(plain);
        AgentRunsState state = new AgentRunsState();
        state.watermark = 5L;
        state.pending.put("run 1", 2);

        store.saveAgentRuns(SCOPE, state);

        assertThat(plain.getState("velt.agentExecutions.agentId:abc"))
                .isEqualTo("{\"watermark\":5,\"pending\":{\"run 1\":2}}");
        AgentRunsState read = store.loadAgentRuns(SCOPE);
        assertThat(read.pending).containsExactly(entry("run 1", 2));
        assertThat(read.window).isEmpty();
    }

    @Test
    void anAgentRunsValueWithoutPendingReadsAsNonePending() {
        plain.setState("velt.agentExecutions.agentId:abc", "{\"watermark\":5,\"pending\":null}");

        assertThat(new VeltPositionStore(plain).loadAgentRuns(SCOPE).pending).isEmpty();
    }

    @Test
    void theFilterScopeListsTheSetFiltersInAFixedOrderEncoded() {
        assertThat(VeltPositionStore.agentRunsScope("abc", "org 1", "doc,1", "failed"))
                .isEqualTo("agentId:abc,organizationId:org+1,documentId:doc%2C1,status:failed");
        assertThat(VeltPositionStore.agentRunsScope(null, "", "doc_1", null)).isEqualTo("documentId:doc_1");
        assertThat(VeltPositionStore.agentRunsScope(null, null, null, null)).isEmpty();
    }

    @Test
    void aRunsProgressHasAKeyOfItsOwnUnderTheScope() {
        VeltPositionStore store = new VeltPositionStore(plain);

        store.saveAgentRun(SCOPE, "run/1", new RunProgress(3, false));

        assertThat(plain.getState("velt.agentExecutions.agentId:abc.run.run%2F1")).isEqualTo("{\"findings\":3,\"done\":false}");
        assertThat(store.loadAgentRun(SCOPE, "run/1")).isEqualTo(new RunProgress(3, false));
        assertThat(store.loadAgentRun(SCOPE, "other")).isNull();
    }

    @Test
    void aRunsProgressNeverMovesBackOnAnOrderedRepository() {
        VeltPositionStore store = new VeltPositionStore(ordered);
        store.saveAgentRun(SCOPE, "r", new RunProgress(3, false));

        store.saveAgentRun(SCOPE, "r", new RunProgress(2, true));
        assertThat(store.loadAgentRun(SCOPE, "r")).isEqualTo(new RunProgress(3, false));

        store.saveAgentRun(SCOPE, "r", new RunProgress(3, true));
        assertThat(store.loadAgentRun(SCOPE, "r")).isEqualTo(new RunProgress(3, true));
        store.saveAgentRun(SCOPE, "r", new RunProgress(3, false));
        assertThat(store.loadAgentRun(SCOPE, "r")).as("done stays done").isEqualTo(new RunProgress(3, true));
    }

    @Test
    void aRunsProgressIsOverwrittenOnAPlainRepository() {
        VeltPositionStore store = new VeltPositionStore(plain);
        store.saveAgentRun(SCOPE, "r", new RunProgress(3, false));

        store.saveAgentRun(SCOPE, "r", new RunProgress(2, false));

        assertThat(store.loadAgentRun(SCOPE, "r")).isEqualTo(new RunProgress(2, false));
    }

    @Test
    void aRunsStartIsWrittenOnlyWhenNoProgressIsStored() {
        for (StateRepository<String, String> repository : List.of(plain, ordered)) {
            VeltPositionStore store = new VeltPositionStore(repository);
            store.startAgentRun(SCOPE, "new");
            store.saveAgentRun(SCOPE, "on", new RunProgress(2, false));
            store.saveAgentRun(SCOPE, "over", new RunProgress(0, true));

            store.startAgentRun(SCOPE, "on");
            store.startAgentRun(SCOPE, "over");

            assertThat(repository.getState("velt.agentExecutions.agentId:abc.run.new"))
                    .isEqualTo("{\"findings\":0,\"done\":false}");
            assertThat(store.loadAgentRun(SCOPE, "on")).isEqualTo(new RunProgress(2, false));
            assertThat(store.loadAgentRun(SCOPE, "over")).isEqualTo(new RunProgress(0, true));
        }
    }

    @Test
    void aDeliveredRunsProgressKeyIsForgotten() {
        VeltPositionStore store = new VeltPositionStore(ordered);
        store.saveAgentRun(SCOPE, "r", new RunProgress(3, true));

        store.forgetAgentRun(SCOPE, "r");

        assertThat(store.loadAgentRun(SCOPE, "r")).isNull();
    }

    // executions never move back

    @Test
    void anExecutionPositionNeverMovesBackOnAnOrderedRepository() {
        VeltPositionStore store = new VeltPositionStore(ordered);
        store.saveExecution("e", new ExecutionPosition(5, false));

        store.saveExecution("e", new ExecutionPosition(3, false));
        store.saveExecution("e", new ExecutionPosition(4, true));

        assertThat(store.loadExecution("e")).isEqualTo(new ExecutionPosition(5, false));
    }

    @Test
    void theTerminalMarkerAtTheSameSeqIsAheadOfTheSeqAloneAndStays() {
        VeltPositionStore store = new VeltPositionStore(ordered);
        store.saveExecution("e", new ExecutionPosition(5, false));

        store.saveExecution("e", new ExecutionPosition(5, true));
        assertThat(store.loadExecution("e")).isEqualTo(new ExecutionPosition(5, true));

        store.saveExecution("e", new ExecutionPosition(5, false));
        assertThat(store.loadExecution("e")).isEqualTo(new ExecutionPosition(5, true));
        assertThat(ordered.getOrder("velt.events.execution.e")).isEqualTo(11L);
    }

    @Test
    void aPlainRepositoryTakesTheLastWrite() {
        VeltPositionStore store = new VeltPositionStore(plain);
        store.saveExecution("e", new ExecutionPosition(5, false));

        store.saveExecution("e", new ExecutionPosition(3, false));

        assertThat(store.loadExecution("e")).isEqualTo(new ExecutionPosition(3, false));
    }

    @Test
    void anEndedExecutionsKeyIsForgottenWhereTheRepositoryCanRemoveKeys() {
        VeltPositionStore store = new VeltPositionStore(ordered);
        store.saveExecution("e 1", new ExecutionPosition(5, true));

        store.forgetExecution("e 1");

        assertThat(ordered.getState("velt.events.execution.e+1")).isNull();
    }

    @Test
    void anEndedExecutionsKeyLeavesTheCacheOfAFileRepository(@TempDir Path dir) {
        File file = dir.resolve("positions.dat").toFile();
        FileStateRepository repository = FileStateRepository.fileStateRepository(file);
        ServiceHelper.startService(repository);
        try {
            VeltPositionStore store = new VeltPositionStore(repository);
            store.saveExecution("e", new ExecutionPosition(5, true));
            store.saveExecution("other", new ExecutionPosition(1, false));

            store.forgetExecution("e");

            assertThat(repository.getState("velt.events.execution.e")).isNull();
            assertThat(repository.getState("velt.events.execution.other")).isNotNull();
        } finally {
            ServiceHelper.stopService(repository);
        }
    }

    @Test
    void aRepositoryThatCannotRemoveKeysKeepsTheTerminalMarker() {
        VeltPositionStore store = new VeltPositionStore(plain);
        store.saveExecution("e", new ExecutionPosition(5, true));

        store.forgetExecution("e");
        store.forgetAgentRun(SCOPE, "r");

        assertThat(store.loadExecution("e")).isEqualTo(new ExecutionPosition(5, true));
    }

    // epochs

    @Test
    void aLaterLoadDiscoveryClaimsAHigherEpochSoTheEarlierStoresSaveIsRefused() {
        VeltPositionStore earlier = new VeltPositionStore(ordered);
        earlier.loadDiscovery("d", null);
        assertThat(earlier.saveDiscovery("d", null, discovery(100))).isTrue();

        VeltPositionStore later = new VeltPositionStore(ordered);
        assertThat(later.loadDiscovery("d", null).watermark).as("the claim keeps the value").isEqualTo(100L);

        assertThat(earlier.saveDiscovery("d", null, discovery(150))).isFalse();
        assertThat(later.saveDiscovery("d", null, discovery(120))).isTrue();
        assertThat(earlier.saveDiscovery("d", null, discovery(160))).isFalse();
        assertThat(later.loadDiscovery("d", null).watermark).isEqualTo(120L);
    }

    @Test
    void everyWriteWithinAnEpochIsStored() {
        VeltPositionStore store = new VeltPositionStore(ordered);
        store.loadDiscovery("d", null);

        for (long w = 1; w <= 5; w++) {
            assertThat(store.saveDiscovery("d", null, discovery(w))).isTrue();
        }

        assertThat(ordered.getOrder("velt.events.discovery.d")).isEqualTo((1L << 32) | 5);
    }

    @Test
    void eachLoadTakesTheNextEpoch() {
        VeltPositionStore store = new VeltPositionStore(ordered);
        store.loadDiscovery("d", null);
        store.saveDiscovery("d", null, discovery(1));

        new VeltPositionStore(ordered).loadDiscovery("d", null);
        new VeltPositionStore(ordered).loadDiscovery("d", null);

        assertThat(ordered.getOrder("velt.events.discovery.d") >>> 32).isEqualTo(3L);
    }

    @Test
    void epochsAreClaimedPerKey() {
        VeltPositionStore first = new VeltPositionStore(ordered);
        first.loadDiscovery("d", null);
        first.saveDiscovery("d", null, discovery(1));
        first.loadDiscovery("d", "failed");
        first.saveDiscovery("d", "failed", discovery(1));

        new VeltPositionStore(ordered).loadDiscovery("d", "failed");

        assertThat(first.saveDiscovery("d", null, discovery(2))).isTrue();
        assertThat(first.saveDiscovery("d", "failed", discovery(2))).isFalse();
    }

    @Test
    void aLaterLoadAgentRunsClaimsAHigherEpochSoTheEarlierStoresSaveIsRefused() {
        VeltPositionStore earlier = new VeltPositionStore(ordered);
        earlier.loadAgentRuns(SCOPE);
        assertThat(earlier.saveAgentRuns(SCOPE, new AgentRunsState())).isTrue();

        VeltPositionStore later = new VeltPositionStore(ordered);
        later.loadAgentRuns(SCOPE);

        assertThat(earlier.saveAgentRuns(SCOPE, new AgentRunsState())).isFalse();
        assertThat(later.saveAgentRuns(SCOPE, new AgentRunsState())).isTrue();
    }

    @Test
    void aStoreThatNeverLoadedWritesUnconditionallyOnAPlainRepository() {
        VeltPositionStore first = new VeltPositionStore(plain);
        VeltPositionStore second = new VeltPositionStore(plain);
        first.loadDiscovery("d", null);
        second.loadDiscovery("d", null);

        assertThat(first.saveDiscovery("d", null, discovery(1))).isTrue();
        assertThat(second.saveDiscovery("d", null, discovery(2))).isTrue();
        assertThat(first.saveDiscovery("d", null, discovery(3))).as("no epochs without conditional writes").isTrue();
    }

    @Test
    void aLaterLoadDiscoveryClaimsAHigherEpochEvenWhenNothingWasStoredYet() {
        VeltPositionStore earlier = new VeltPositionStore(ordered);
        earlier.loadDiscovery("d", null);
        VeltPositionStore later = new VeltPositionStore(ordered);
        later.loadDiscovery("d", null);

        assertThat(earlier.saveDiscovery("d", null, discovery(100))).isFalse();
        assertThat(later.saveDiscovery("d", null, discovery(120))).isTrue();
    }
}
