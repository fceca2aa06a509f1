package dev.velt.camel.component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.velt.camel.component.state.MemoryPositionRepository;
import dev.velt.camel.component.state.VeltPositionStore;
import dev.velt.camel.component.state.VeltPositionStore.DiscoveryState;
import dev.velt.camel.component.state.VeltPositionStore.ExecutionPosition;
import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.Recorder;
import dev.velt.camel.model.AgentFinding;
import dev.velt.camel.test.Fault;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer core's structural rules, each at the situation that broke an earlier core: a pause of any length is read
 * through, an item is known only once its state was read, a stop never waits on I/O, any number of live executions is
 * discovered, route threads never make an agent run repeat, and no late writer moves a position back.
 */
class VeltConsumerCoreRulesTest extends ConsumerTestSupport {

    private static final String LIST = "/v2/workflow/executions/list";
    private static final long MINUTE = 60_000L;

    private final Recorder recorder = new Recorder(
            e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                 + e.getMessage().getHeader(VeltConstants.EVENT_SEQ));
    private final Recorder runs = new Recorder(e -> (String) e.getMessage().getHeader(VeltConstants.EXECUTION_ID));
    private final List<CamelContext> ownContexts = new ArrayList<>();

    @AfterEach
    void stopOwnContexts() {
        ownContexts.forEach(CamelContext::stop);
    }

    @Test
    void aPauseLongerThanTheLookbackLosesNoExecution() throws Exception {
        long t0 = System.currentTimeMillis() - 60 * MINUTE;
        velt.addExecution("exec_t0", "def_pause", "running", t0);
        velt.addEvent("exec_t0", 1, "execution.dispatched");
        MemoryStateRepository repository = persistent();
        String uri = "velt:events?definitionId=def_pause&stateRepository=#positions&" + fast();
        CamelContext first = startRoute(uri, recorder, ctx -> ctx.getRegistry().bind("positions", repository));
        await().until(() -> recorder.processed().contains("exec_t0#1") && firstPassStored(repository, "def_pause"));
        stop(first);

        // 20 minutes of Velt's time pass while the route is stopped: one execution starts 8 minutes after the newest
        // one seen, another 20 minutes after it
        velt.addExecution("exec_8m", "def_pause", "running", t0 + 8 * MINUTE);
        velt.addEvent("exec_8m", 1, "execution.dispatched");
        velt.addExecution("exec_20m", "def_pause", "running", t0 + 20 * MINUTE);
        velt.addEvent("exec_20m", 1, "execution.dispatched");
        startRoute(uri, recorder, ctx -> ctx.getRegistry().bind("positions", repository));

        await().until(() -> recorder.processed().containsAll(List.of("exec_8m#1", "exec_20m#1")));
        assertThat(recorder.processed()).containsExactlyInAnyOrder("exec_t0#1", "exec_8m#1", "exec_20m#1");
    }

    @Test
    void aPauseLongerThanTheLookbackLosesNoAgentRun() throws Exception {
        long t0 = System.currentTimeMillis() - 60 * MINUTE;
        velt.putRun("run_t0", "agent_pause", "running", t0, null);
        MemoryStateRepository repository = persistent();
        String uri = "velt:agentExecutions?agentId=agent_pause&stateRepository=#positions&" + fast();
        CamelContext first = startRoute(uri, runs, ctx -> ctx.getRegistry().bind("positions", repository));
        await().until(() -> stored(repository, "velt.agentExecutions.agentId:agent_pause").contains("\"firstPassDone\":true"));
        stop(first);

        // while the route is stopped, runs start and finish 8 and 20 minutes after the newest one seen
        velt.putRun("run_8m", "agent_pause", "passed", t0 + 8 * MINUTE, t0 + 9 * MINUTE);
        velt.putRun("run_20m", "agent_pause", "passed", t0 + 20 * MINUTE, t0 + 21 * MINUTE);
        velt.putRun("run_t0", "agent_pause", "passed", t0, t0 + 22 * MINUTE);
        startRoute(uri, runs, ctx -> ctx.getRegistry().bind("positions", repository));

        await().until(() -> runs.processed().size() == 3);
        assertThat(runs.processed()).containsExactlyInAnyOrder("run_8m", "run_20m", "run_t0");
    }

    @Test
    void aNewExecutionWhoseStateCannotBeReadIsFoundAgainByTheNextScan() throws Exception {
        FlakyRepository repository = new FlakyRepository();
        startRoute("velt:events?definitionId=def_flaky&stateRepository=#positions&" + fast(), recorder,
                ctx -> ctx.getRegistry().bind("positions", repository));
        await().until(() -> requestsTo(LIST) >= 3);

        repository.failNextReadOf = "velt.events.execution.exec_new";
        velt.addExecution("exec_new", "def_flaky", "running", System.currentTimeMillis());
        velt.addEvent("exec_new", 1, "execution.dispatched");
        velt.addEvent("exec_new", 2, "execution.completed");

        await().until(() -> recorder.processed().size() == 2);
        assertThat(repository.failNextReadOf).as("the read failed once").isNull();
        assertThat(recorder.processed()).containsExactly("exec_new#1", "exec_new#2");
    }

    @Test
    void aStopDuringASlowListRequestReturnsWithoutWaitingForIt() throws Exception {
        simulator.faults().slowAnswerMillis(3_000).always(LIST, Fault.SLOW);
        velt.addExecution("exec_s", "def_slow", "running", System.currentTimeMillis());
        velt.addEvent("exec_s", 1, "execution.dispatched");
        CamelContext context = startRoute("velt:events?definitionId=def_slow&" + fast(), recorder);
        // the first pass lists the running, then the pending executions (answered), then reads the list itself (slow):
        // the stop comes during that read
        await().atMost(Duration.ofSeconds(30)).until(() -> requestsTo(LIST) >= 2);

        // the list answer names an execution the window does not know: the poll thread takes it in while the stop runs
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            try {
                context.getRouteController().stopRoute("consumer", 30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stopped.get(20, TimeUnit.SECONDS);
        assertThat(context.getRouteController().getRouteStatus("consumer").isStopped()).isTrue();
    }

    @Test
    void moreLiveExecutionsThanOnePollCanListAreAllDiscovered() throws Exception {
        long now = System.currentTimeMillis();
        // 120 running executions in pages of 2: 60 list pages, more than the half of a poll's budget a scan may use
        List<String> ids = IntStream.range(0, 120).mapToObj(i -> "exec_live" + i).toList();
        for (int i = 0; i < ids.size(); i++) {
            velt.addExecution(ids.get(i), "def_many", "running", now - 60_000 + i);
            velt.addEvent(ids.get(i), 1, "execution.dispatched");
        }
        startRoute("velt:events?definitionId=def_many&pageSize=2&" + fast(), recorder);

        await().atMost(Duration.ofSeconds(60)).until(() -> recorder.processed().size() == 120);
        assertThat(recorder.processed()).containsExactlyInAnyOrderElementsOf(
                ids.stream().map(id -> id + "#1").collect(Collectors.toList()));
    }

    @Test
    void aRunWhoseLastFindingCompletesWhileAPollChecksTheOtherRunsIsNotStartedAgain() throws Exception {
        long now = System.currentTimeMillis();
        String get = "/v2/agents/execution/get";
        // the newest run ended before the first start; 20 runs and run_x still run, below the lookback: each poll
        // checks them one by one with agents/execution/get, run_x last
        velt.putRun("run_top", "agent_r", "passed", now - MINUTE, now - MINUTE / 2);
        for (int i = 0; i < 20; i++) {
            velt.putRun("run_long" + i, "agent_r", "running", now - 30 * MINUTE + i, null);
        }
        velt.putRun("run_x", "agent_r", "running", now - 40 * MINUTE, null);
        startRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from("velt:agentExecutions?agentId=agent_r&splitFindings=true&" + fast()).threads(2).process(e -> {
                    if (e.getMessage().getBody(AgentFinding.class).getId().equals("run_x-finding-0-1")) {
                        // run_x's last finding completes only once the next poll is checking the other runs
                        int before = requestsWith(get, "executionId", "run_long10");
                        await().atMost(Duration.ofSeconds(20))
                                .until(() -> requestsWith(get, "executionId", "run_long10") > before);
                    }
                }).process(findings);
            }
        });
        await().until(() -> requestsWith(get, "executionId", "run_x") >= 1);
        velt.putFindings("run_x", "https://example.com/x", "high", "critical");
        velt.putRun("run_x", "agent_r", "passed", now - 40 * MINUTE, System.currentTimeMillis());

        await().atMost(Duration.ofSeconds(30)).until(() -> findings.processed().size() >= 2);
        // a few more polls: a run started again would show its findings twice
        int polls = requestsWith(get, "executionId", "run_long0");
        await().atMost(Duration.ofSeconds(30)).until(() -> requestsWith(get, "executionId", "run_long0") >= polls + 3);
        assertThat(findings.processed()).containsExactly("run_x-finding-0-0", "run_x-finding-0-1");
    }

    @Test
    void aLateWriteOfAConsumerThatLostItsLeadershipMovesNothingBack() {
        MemoryPositionRepository repository = new MemoryPositionRepository();
        VeltPositionStore deposed = new VeltPositionStore(repository);
        VeltPositionStore leader = new VeltPositionStore(repository);
        DiscoveryState deposedState = deposed.loadDiscovery("def_ha", null);
        assertThat(deposedState).isNull();
        DiscoveryState old = new DiscoveryState();
        old.watermark = 1_000L;
        assertThat(deposed.saveDiscovery("def_ha", null, old)).isTrue();

        DiscoveryState taken = leader.loadDiscovery("def_ha", null);
        taken.watermark = 5_000L;
        assertThat(leader.saveDiscovery("def_ha", null, taken)).isTrue();
        leader.saveExecution("exec_ha", new ExecutionPosition(7, false));

        // the deposed consumer's late writes
        assertThat(deposed.saveDiscovery("def_ha", null, old)).isFalse();
        deposed.saveExecution("exec_ha", new ExecutionPosition(5, false));

        assertThat(leader.loadDiscovery("def_ha", null).watermark).isEqualTo(5_000L);
        assertThat(leader.loadExecution("exec_ha").seq()).isEqualTo(7);
    }

    private final Recorder findings = new Recorder(x -> x.getMessage().getBody(AgentFinding.class).getId());

    /** A repository that outlives the routes: started by its owner (the test), so no consumer stops and clears it. */
    private static MemoryStateRepository persistent() {
        MemoryStateRepository repository = new MemoryStateRepository();
        repository.start();
        return repository;
    }

    private static String stored(MemoryStateRepository repository, String key) {
        String value = repository.getState(key);
        return value == null ? "" : value;
    }

    private static boolean firstPassStored(MemoryStateRepository repository, String definitionId) {
        return stored(repository, "velt.events.discovery." + definitionId).contains("\"firstPassDone\":true");
    }

    private void startRoutes(RouteBuilder routes) throws Exception {
        CamelContext context = new DefaultCamelContext();
        configure(context);
        context.addRoutes(routes);
        context.start();
        ownContexts.add(context);
    }

    /** An in-memory repository whose next read of one key fails, like a database in failover. */
    static final class FlakyRepository extends MemoryStateRepository {

        volatile String failNextReadOf;

        @Override
        public String getState(String key) {
            if (key.equals(failNextReadOf)) {
                failNextReadOf = null;
                throw new IllegalStateException("state database failing over");
            }
            return super.getState(key);
        }
    }
}
