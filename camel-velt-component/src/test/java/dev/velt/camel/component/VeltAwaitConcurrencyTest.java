package dev.velt.camel.component;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.velt.camel.component.support.SimulatorProducerTestSupport;
import dev.velt.camel.model.AgentExecution;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 100 agent runs awaited at once through one route, sent by a worker pool of 4 threads: the sending threads are free
 * again as soon as each run has been read once, the waits run on the component's scheduler of 2 threads, and the JVM
 * never needs more than a handful of extra threads for all of it.
 */
class VeltAwaitConcurrencyTest extends SimulatorProducerTestSupport {

    private static final int RUNS = 100;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {

            @Override
            public void configure() {
                from("direct:await").routeId("await")
                        .to("velt:getAgentExecution?awaitCompletion=true&awaitInterval=50ms&awaitTimeout=60s")
                        .process(exchange -> exchange.setProperty("finishedOn", Thread.currentThread().getName()));
            }
        };
    }

    @Test
    void hundredConcurrentAwaitsNeedAHandfulOfThreads() throws Exception {
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            String id = "exec_100_run_" + i;
            simulator().addAgentRun(id, "brand-checker");
            runIds.add(id);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        AsyncProducer producer = context.getEndpoint("direct:await").createAsyncProducer();
        producer.start();
        ExecutorService workers = Executors.newFixedThreadPool(4);
        int baseline = threads.getThreadCount();
        threads.resetPeakThreadCount();

        CountDownLatch done = new CountDownLatch(RUNS);
        AtomicInteger returnedBeforeDone = new AtomicInteger();
        Set<String> finishedOn = ConcurrentHashMap.newKeySet();
        List<Exchange> exchanges = new ArrayList<>();
        for (String id : runIds) {
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setHeader(VeltConstants.EXECUTION_ID, id);
            exchanges.add(exchange);
            workers.submit(() -> {
                boolean sync = producer.process(exchange, doneSync -> {
                    finishedOn.add(String.valueOf(exchange.getProperty("finishedOn")));
                    done.countDown();
                });
                if (!sync) {
                    returnedBeforeDone.incrementAndGet();
                }
            });
        }
        // every run has been read once and every sending thread is free again, with all 100 still awaited
        await().atMost(Duration.ofSeconds(20)).until(() -> returnedBeforeDone.get() == RUNS);
        assertThat(done.getCount()).isEqualTo(RUNS);
        await().atMost(Duration.ofSeconds(20)).until(() -> requests("agents/execution/get").size() >= 2 * RUNS);
        int whileAwaiting = threads.getThreadCount() - baseline;

        runIds.forEach(id -> simulator().finishAgentRun(id, "passed", List.of()));
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        int peak = threads.getPeakThreadCount() - baseline;
        workers.shutdownNow();
        producer.stop();

        assertThat(exchanges).allSatisfy(exchange -> {
            assertThat(exchange.getException()).isNull();
            assertThat(exchange.getMessage().getBody(AgentExecution.class).getStatus()).isEqualTo("passed");
        });
        assertThat(finishedOn).allSatisfy(name -> assertThat(name).contains("VeltAwait")).hasSizeLessThanOrEqualTo(2);
        assertThat(whileAwaiting).as("threads added while 100 runs were awaited").isLessThanOrEqualTo(15);
        assertThat(peak).as("peak threads added").isLessThanOrEqualTo(20);
    }
}
