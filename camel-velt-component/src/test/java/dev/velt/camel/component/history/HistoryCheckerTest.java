package dev.velt.camel.component.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.velt.camel.component.VeltComponent;
import dev.velt.camel.component.consumer.VeltPollingConsumer;
import dev.velt.camel.test.SimulatorOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history checker: seeded random {@link History histories} played by the Velt simulator against real routes in
 * a real CamelContext (one per simulator), each checked against the delivery invariant ({@link HistoryVerdict}) when it
 * ends.
 * <p>
 * A history ({@link HistoryGenerator}) draws executions of one definition (or agent runs of one agent, with or without
 * {@code splitFindings}) starting in bursts (equal {@code startedAt}) and at random ticks, pending or listed late,
 * with seq gaps, empty pages that have more, a {@code status} filter, finishing in any order; a route with or without
 * {@code pageSize} / {@code maxMessagesPerPoll}, handing its exchanges to {@code threads()} or {@code seda:}, failing
 * or rolling back some attempts; and up to five steps: runs polled every 1 s to 1 h of list time, stops, kills,
 * suspensions with pauses from 0 to 24 h of list time, state-repository outages on read or on write. The clock is the
 * simulator's (a tick is a simulated second) and moves only when the player moves it; most histories are polled by
 * the player ({@link ManualScheduler}), some by Camel's scheduler every few ms.
 * <p>
 * {@code -Dvelt.history.count=N} plays N histories (default 1000), seeds {@code velt.history.firstSeed} (default 1)
 * onwards; {@code -Dvelt.history.seed=S} replays the one history of seed S (or several: {@code S1,S2});
 * {@code -Dvelt.history.threads=T} plays on T simulators at once (default 2); {@code -Dvelt.history.log=DEBUG} logs
 * each step's timing, {@code -Dvelt.history.componentLog=DEBUG} the consumers' own lines. A failure logs, and says in
 * its message, each failing seed with its history. The consumers' clock (their first start) is the system's unless
 * {@code -Dvelt.history.clock=simulator}: then it is the simulator's, and a consumer's first start is the history's, so
 * the rules of the first start are checked too. The {@code histories} profile plays 100,000 on the simulator's clock:
 * {@code ./mvnw -B -pl camel-velt-test,camel-velt-component -am verify -Phistories}.
 */
class HistoryCheckerTest {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryCheckerTest.class);
    /** Failing histories logged in full; the others by seed only. */
    private static final int REPORTED = 10;

    @BeforeAll
    static void quietLogsFirst() {
        quietLogs();
    }

    @AfterAll
    static void restoreLogLevels() {
        restoreLogs();
    }

    /**
     * The histories make the consumers and Camel warn on purpose (failing routes, repository outages, forced stops):
     * thousands of stack traces would hide the verdicts, so only errors are logged while they play.
     */
    static void quietLogs() {
        Configurator.setLevel("dev.velt.camel.component",
                Level.toLevel(System.getProperty("velt.history.componentLog", "ERROR")));
        Configurator.setLevel("org.apache.camel", Level.ERROR);
        Configurator.setLevel("dev.velt.camel.component.history",
                Level.toLevel(System.getProperty("velt.history.log", "INFO")));
    }

    static void restoreLogs() {
        Configurator.setLevel("dev.velt.camel.component.history", (Level) null);
        Configurator.setLevel("dev.velt.camel.component", Level.toLevel(System.getProperty("velt.log.level", "INFO")));
        Configurator.setLevel("org.apache.camel", (Level) null);
    }

    static CamelContext startedContext() {
        CamelContext camel = new DefaultCamelContext();
        camel.disableJMX();
        SimulatorOptions defaults = SimulatorOptions.defaults();
        VeltComponent velt = camel.getComponent("velt", VeltComponent.class);
        velt.getConfiguration().setApiKey(defaults.apiKey());
        velt.getConfiguration().setAuthToken(defaults.authToken());
        camel.getShutdownStrategy().setTimeout(10);
        camel.getShutdownStrategy().setSuppressLoggingOnTimeout(true);
        camel.getManagementStrategy().addEventNotifier(new ServiceFailureJournal());
        camel.start();
        return camel;
    }

    /**
     * Notes in a history's journal when Camel fails to start, stop or suspend its consumer: Camel logs those at WARN,
     * which the histories silence.
     */
    static final class ServiceFailureJournal extends SimpleEventNotifierSupport {

        @Override
        public void notify(CamelEvent event) {
            Object service = event instanceof CamelEvent.ServiceEvent serviceEvent ? serviceEvent.getService() : null;
            if (service instanceof VeltPollingConsumer consumer
                    && consumer.config().getStateRepository() instanceof FlakyStateRepository repository) {
                Throwable cause = ((CamelEvent.FailureEvent) event).getCause();
                repository.note(event.getType() + " of the consumer: " + cause);
            }
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.ServiceStopFailureEvent
                    || event instanceof CamelEvent.ServiceStartupFailureEvent;
        }
    }

    @Test
    void randomHistoriesKeepTheDeliveryInvariant() throws Exception {
        List<Long> seeds = seeds();
        int threads = Math.max(1, Math.min(Integer.getInteger("velt.history.threads", 2), seeds.size()));
        List<HistoryVerdict> failures = Collections.synchronizedList(new ArrayList<>());
        Map<History.Kind, AtomicLong> kinds = new EnumMap<>(History.Kind.class);
        for (History.Kind kind : History.Kind.values()) {
            kinds.put(kind, new AtomicLong());
        }
        AtomicLong next = new AtomicLong();
        List<String> slowest = Collections.synchronizedList(new ArrayList<>());
        AtomicLong completions = new AtomicLong();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    // a CamelContext per simulator, as each stands for an application of its own: Camel's shutdown
                    // strategy keeps the route stop under way in fields of its own, so stops from several threads of
                    // one context interfere (a timed-out stop cancels another's, or ends its wait for in-flight exchanges)
                    CamelContext context = startedContext();
                    try (context; HistoryPlayer player = new HistoryPlayer(context)) {
                        for (long i = next.getAndIncrement(); i < seeds.size(); i = next.getAndIncrement()) {
                            History history = HistoryGenerator.generate(seeds.get((int) i));
                            kinds.get(history.kind()).incrementAndGet();
                            long began = System.nanoTime();
                            HistoryVerdict verdict = player.play(history);
                            long took = (System.nanoTime() - began) / 1_000_000;
                            slowest.add(took + " ms seed " + history.seed());
                            completions.addAndGet(verdict.completions());
                            if (!verdict.ok()) {
                                failures.add(verdict);
                                if (failures.size() <= REPORTED) {
                                    LOG.error("{}its journal (the state repository, the player's steps and polls, the "
                                              + "completed exchanges):\n{}",
                                            verdict.report(), player.lastJournal());
                                } else {
                                    LOG.error("history seed {} broke the delivery invariant: {}", history.seed(),
                                            verdict.violations());
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("history checker: {} histories ({}) on {} simulators in {} ms, {} exchanges completed, {} failed",
                seeds.size(), kinds, threads, millis, completions.get(), failures.size());
        List<String> slow = new ArrayList<>(slowest);
        slow.sort((a, b) -> Long.compare(Long.parseLong(b.split(" ")[0]), Long.parseLong(a.split(" ")[0])));
        LOG.info("slowest histories: {}", slow.subList(0, Math.min(8, slow.size())));
        List<HistoryVerdict> sorted = new ArrayList<>(failures);
        sorted.sort((a, b) -> Long.compare(a.history().seed(), b.history().seed()));
        assertThat(sorted).as(() -> failureMessage(sorted)).isEmpty();
    }

    private static String failureMessage(List<HistoryVerdict> failures) {
        StringBuilder text = new StringBuilder();
        text.append(failures.size()).append(" histories broke the delivery invariant; seeds ")
                .append(failures.stream().map(f -> f.history().seed()).toList()).append('\n');
        failures.stream().limit(3).forEach(f -> text.append(f.report()));
        return text.toString();
    }

    private static List<Long> seeds() {
        String one = System.getProperty("velt.history.seed");
        if (one != null && !one.isBlank()) {
            return java.util.Arrays.stream(one.split(",")).map(String::trim).map(Long::parseLong).toList();
        }
        long first = Long.getLong("velt.history.firstSeed", 1);
        int count = Integer.getInteger("velt.history.count", 1000);
        List<Long> seeds = new ArrayList<>();
        for (long s = first; s < first + count; s++) {
            seeds.add(s);
        }
        return seeds;
    }
}
