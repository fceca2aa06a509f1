package dev.velt.camel.component;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.velt.camel.component.state.MemoryPositionRepository;
import dev.velt.camel.component.state.OrderedStateRepository;
import dev.velt.camel.component.state.RemovableStateRepository;
import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.Recorder;
import org.apache.camel.support.service.ServiceSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer whose scan state a later consumer has written (another replica took over while this one still ran)
 * removes no key: its state writes are refused, and the keys of what ended under it stay for the later consumer to
 * decide on from what it stored. Removing them would move a position back, to nothing.
 */
class VeltDeposedConsumerTest extends ConsumerTestSupport {

    /** Well above any epoch a consumer claims in a test: what a later consumer's writes carry. */
    private static final long LATER_CONSUMER = Long.MAX_VALUE / 2;

    @Test
    void aDeposedEventsConsumerKeepsTheKeyOfAnExecutionThatEndedUnderIt() throws Exception {
        RefusalCounting repository = new RefusalCounting();
        String scanKey = "velt.events.discovery.def_deposed";
        String key = "velt.events.execution.exec_deposed";
        Recorder recorder = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                                              + e.getMessage().getHeader(VeltConstants.EVENT_SEQ));
        velt.addExecution("exec_deposed", "def_deposed", "running", 1_000L);
        velt.addEvent("exec_deposed", 1, "execution.dispatched");
        startOn(repository, "velt:events?definitionId=def_deposed", recorder);
        await().until(() -> recorder.processed().contains("exec_deposed#1") && repository.getState(scanKey) != null);

        repository.setStateIfAhead(scanKey, repository.getState(scanKey), LATER_CONSUMER);
        velt.addEvent("exec_deposed", 2, "execution.completed");
        await().until(() -> "{\"seq\":2,\"terminal\":true}".equals(repository.getState(key)));
        // two refused writes after the end: the flush that would have removed the key has returned
        int refusedAtTheEnd = repository.refused(scanKey);
        await().until(() -> repository.refused(scanKey) >= refusedAtTheEnd + 2);

        assertThat(repository.getState(key)).isEqualTo("{\"seq\":2,\"terminal\":true}");
        assertThat(recorder.processed()).containsExactly("exec_deposed#1", "exec_deposed#2");
    }

    @Test
    void aDeposedAgentRunsConsumerKeepsTheKeyOfARunDeliveredUnderIt() throws Exception {
        RefusalCounting repository = new RefusalCounting();
        String scope = "velt.agentExecutions.agentId:agent_deposed";
        CountDownLatch deposed = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        AtomicInteger delivered = new AtomicInteger();
        long started = System.currentTimeMillis() - 1_000;
        velt.putRun("run_deposed", "agent_deposed", "running", started, null);
        startOn(repository, "velt:agentExecutions?agentId=agent_deposed", exchange -> {
            // the run's exchange waits until another replica has taken over
            entered.countDown();
            assertThat(deposed.await(30, TimeUnit.SECONDS)).isTrue();
            delivered.incrementAndGet();
        });
        await().until(() -> repository.getState(scope) != null);
        velt.putRun("run_deposed", "agent_deposed", "passed", started, System.currentTimeMillis());
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

        // the consumer claimed its epoch at start; a later one writes its runs state
        repository.setStateIfAhead(scope, "{\"pending\":{}}", LATER_CONSUMER);
        int refusedBefore = repository.refused(scope);
        deposed.countDown();
        await().until(() -> delivered.get() == 1 && repository.getState(scope + ".run.run_deposed") != null);
        await().until(() -> repository.refused(scope) > refusedBefore);
        // a list request after the refused write: the flush that would have removed the key has returned
        int lists = requestsTo("agents/execution/list");
        await().until(() -> requestsTo("agents/execution/list") > lists);

        assertThat(repository.getState(scope + ".run.run_deposed")).contains("\"done\":true");
        assertThat(delivered).hasValue(1);
    }

    private void startOn(RefusalCounting repository, String uri, org.apache.camel.Processor processor)
            throws Exception {
        startRoute(uri + "&stateRepository=#positions&" + fast(), processor,
                ctx -> ctx.getRegistry().bind("positions", repository));
    }

    /** The in-memory repository, counting the conditional writes it refused per key. */
    static final class RefusalCounting extends ServiceSupport implements RemovableStateRepository, OrderedStateRepository {

        private final MemoryPositionRepository delegate = new MemoryPositionRepository();
        private final java.util.Map<String, AtomicInteger> refused = new java.util.concurrent.ConcurrentHashMap<>();

        int refused(String key) {
            AtomicInteger count = refused.get(key);
            return count == null ? 0 : count.get();
        }

        @Override
        public boolean setStateIfAhead(String key, String value, long order) {
            boolean stored = delegate.setStateIfAhead(key, value, order);
            if (!stored) {
                refused.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            }
            return stored;
        }

        @Override
        public Long getOrder(String key) {
            return delegate.getOrder(key);
        }

        @Override
        public void setState(String key, String value) {
            delegate.setState(key, value);
        }

        @Override
        public String getState(String key) {
            return delegate.getState(key);
        }

        @Override
        public boolean removeState(String key) {
            return delegate.removeState(key);
        }
    }
}
