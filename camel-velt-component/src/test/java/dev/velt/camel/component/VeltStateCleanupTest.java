package dev.velt.camel.component;

import dev.velt.camel.component.state.MemoryPositionRepository;
import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.Recorder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a process killed between two writes leaves stored is removed by the next start: the position key of an execution
 * whose terminal event completed just before the kill (its scan state still lists it as live), and the keys whose
 * removal the kill cut short (the scan state lists them under {@code forget}). Without this, every such kill would
 * leave
 * a key behind for good.
 */
class VeltStateCleanupTest extends ConsumerTestSupport {

    private final Recorder recorder = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                                                        + e.getMessage().getHeader(VeltConstants.EVENT_SEQ));

    @Test
    void anExecutionThatEndedJustBeforeAKillLeavesNoKeyAfterTheRestart() throws Exception {
        MemoryPositionRepository repository = new MemoryPositionRepository();
        // the killed process wrote the terminal position, not yet the discovery state without the execution
        repository.setState("velt.events.discovery.def_kill", "{\"watermark\":1000,\"window\":{\"exec_ended\":1000},"
                                                              + "\"firstStart\":500,\"firstPassDone\":true,\"live\":[\"exec_ended\"]}");
        repository.setState("velt.events.execution.exec_ended", "{\"seq\":3,\"terminal\":true}");
        velt.addExecution("exec_ended", "def_kill", "running", 1_000L);
        velt.addEvent("exec_ended", 1, "execution.dispatched");
        velt.addEvent("exec_ended", 3, "execution.completed");

        startOn(repository, "velt:events?definitionId=def_kill");

        await().until(() -> repository.getState("velt.events.execution.exec_ended") == null);
        assertThat(repository.getState("velt.events.discovery.def_kill")).doesNotContain("\"live\":[\"exec_ended\"]");
        assertThat(recorder.processed()).isEmpty();
    }

    @Test
    void keysWhoseRemovalAKillCutShortAreRemovedAfterTheRestart() throws Exception {
        MemoryPositionRepository repository = new MemoryPositionRepository();
        // the killed process wrote the discovery state (exec_gone no longer live), not yet the removal of its key
        repository.setState("velt.events.discovery.def_cut", "{\"watermark\":1000,\"window\":{\"exec_gone\":1000},"
                                                             + "\"firstStart\":500,\"firstPassDone\":true,\"live\":[],"
                                                             + "\"forget\":[\"exec_gone\"]}");
        repository.setState("velt.events.execution.exec_gone", "{\"seq\":2,\"terminal\":true}");
        velt.addExecution("exec_gone", "def_cut", "running", 1_000L);
        velt.addEvent("exec_gone", 1, "execution.dispatched");
        velt.addEvent("exec_gone", 2, "execution.completed");

        startOn(repository, "velt:events?definitionId=def_cut");

        await().until(() -> repository.getState("velt.events.execution.exec_gone") == null);
        assertThat(recorder.processed()).isEmpty();
    }

    @Test
    void anAgentRunWhoseKeyRemovalAKillCutShortLeavesNoKeyAfterTheRestart() throws Exception {
        MemoryPositionRepository repository = new MemoryPositionRepository();
        String scope = "velt.agentExecutions.agentId:agent_cut";
        repository.setState(scope, "{\"watermark\":1000,\"window\":{\"run_gone\":1000},\"firstStart\":500,"
                                   + "\"firstPassDone\":true,\"pending\":{},\"forget\":[\"run_gone\"]}");
        repository.setState(scope + ".run.run_gone", "{\"findings\":0,\"done\":true}");
        velt.putRun("run_gone", "agent_cut", "passed", 1_000L, 2_000L);

        startOn(repository, "velt:agentExecutions?agentId=agent_cut");

        await().until(() -> repository.getState(scope + ".run.run_gone") == null);
        assertThat(recorder.processed()).isEmpty();
    }

    /** Starts a route from {@code uri} on the repository as the killed process left it. */
    private void startOn(MemoryPositionRepository repository, String uri) throws Exception {
        startRoute(uri + "&stateRepository=#positions&" + fast(), recorder,
                ctx -> ctx.getRegistry().bind("positions", repository));
    }
}
