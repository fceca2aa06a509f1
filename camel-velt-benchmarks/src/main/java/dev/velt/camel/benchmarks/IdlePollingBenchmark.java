package dev.velt.camel.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.velt.camel.component.state.VeltPositionStore;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.processor.state.MemoryStateRepository;

/**
 * Idle polling: {@value #POLLS} polls ({@code repeatCount}) of one {@code velt:events} consumer watching
 * {@value #LIVE} live executions with nothing new and {@value #FINISHED} executions whose terminal event is already
 * committed in the state repository (pre-seeded in the documented {@code VeltPositionStore} format:
 * {@code velt.events.execution.<id>} = {@code {"seq":N,"terminal":...}}). The stub counts requests per execution id.
 * Ideal: one request per live execution per poll, none for finished ones.
 * <p>
 * The consumers in these scenarios keep Camel's default {@code initialDelay} (1 s): with {@code initialDelay=0} the
 * component's first polls run while its {@code doStart} is still filling in the executions to watch, so some of the
 * {@code repeatCount} polls poll nothing (see README.md).
 */
final class IdlePollingBenchmark {

    static final int LIVE = 50;
    static final int FINISHED = 50;
    static final int POLLS = 100;
    static final long LIVE_SEQ = 3;
    static final long FINISHED_SEQ = 4;

    Map<String, Object> run(StubServer stub) throws Exception {
        List<String> live = new ArrayList<>();
        List<String> finished = new ArrayList<>();
        Map<String, LongAdder> requestsById = new HashMap<>();
        Map<String, byte[]> pages = new HashMap<>();
        MemoryStateRepository repository = new MemoryStateRepository();
        for (int i = 0; i < LIVE; i++) {
            String id = String.format("exec_live_%02d", i);
            live.add(id);
            // what the stub holds: dispatched, a step, waiting for approval; the consumer has them all
            StringBuilder events = new StringBuilder();
            events.append(Bench.event(id, 1, "execution.dispatched")).append(',')
                    .append(Bench.event(id, 2, "step.completed")).append(',')
                    .append(Bench.event(id, LIVE_SEQ, "step.awaiting-approval"));
            pages.put(id + "|0", StubServer.ok(Bench.eventsPage(id, events, LIVE_SEQ, false)));
            pages.put(id + "|" + LIVE_SEQ, StubServer.ok(Bench.eventsPage(id, "", LIVE_SEQ, false)));
            repository.setState("velt.events.execution." + id, "{\"seq\":" + LIVE_SEQ + ",\"terminal\":false}");
        }
        for (int i = 0; i < FINISHED; i++) {
            String id = String.format("exec_done_%02d", i);
            finished.add(id);
            StringBuilder events = new StringBuilder();
            events.append(Bench.event(id, 1, "execution.dispatched")).append(',')
                    .append(Bench.event(id, 2, "step.completed")).append(',')
                    .append(Bench.event(id, FINISHED_SEQ, "execution.completed"));
            pages.put(id + "|0", StubServer.ok(Bench.eventsPage(id, events, FINISHED_SEQ, false)));
            pages.put(id + "|" + FINISHED_SEQ, StubServer.ok(Bench.eventsPage(id, "", FINISHED_SEQ, false)));
            repository.setState("velt.events.execution." + id, "{\"seq\":" + FINISHED_SEQ + ",\"terminal\":true}");
        }
        live.forEach(id -> requestsById.put(id, new LongAdder()));
        finished.forEach(id -> requestsById.put(id, new LongAdder()));
        stub.handler((path, body) -> {
            if (!path.equals(Bench.GET_EVENTS)) {
                return StubServer.notFound();
            }
            String id = StubServer.stringField(body, "executionId");
            LongAdder count = requestsById.get(id);
            if (count != null) {
                count.increment();
            }
            byte[] page = pages.get(id + "|" + StubServer.longField(body, "sinceSeq", 0));
            return page != null ? page : StubServer.notFound();
        });

        List<String> all = new ArrayList<>(live);
        all.addAll(finished);
        CamelContext camel = Bench.camel(stub);
        try {
            camel.getRegistry().bind("idlePositions", repository);
            AtomicLong delivered = new AtomicLong();
            camel.addRoutes(new RouteBuilder() {

                @Override
                public void configure() {
                    from("velt:events?executionId=" + String.join(",", all) + "&stateRepository=#idlePositions"
                         + "&repeatCount=" + POLLS + "&delay=5")
                            .routeId("idle")
                            .process(exchange -> delivered.incrementAndGet());
                }
            });
            ScheduledPollConsumer consumer = (ScheduledPollConsumer) camel.getRoute("idle").getConsumer();
            long started = System.nanoTime();
            // the scheduler counts a run beyond repeatCount when it cancels itself
            Bench.await(POLLS + " polls", Duration.ofMinutes(2), () -> consumer.getCounter() > POLLS);
            Thread.sleep(100);
            Bench.log("idle: %d polls of %d executions in %.2f s", POLLS, all.size(), (System.nanoTime() - started) / 1e9);

            long liveRequests = 0;
            long liveMin = Long.MAX_VALUE;
            long liveMax = 0;
            for (String id : live) {
                long n = requestsById.get(id).sum();
                liveRequests += n;
                liveMin = Math.min(liveMin, n);
                liveMax = Math.max(liveMax, n);
            }
            long finishedRequests = finished.stream().mapToLong(id -> requestsById.get(id).sum()).sum();
            long polls = Math.min(POLLS, consumer.getCounter());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("idle_requests_per_live_execution", Bench.round((double) liveRequests / LIVE / polls, 3));
            result.put("idle_requests_finished", finishedRequests);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("polls", polls);
            detail.put("live_executions", LIVE);
            detail.put("finished_executions", FINISHED);
            detail.put("live_requests_total", liveRequests);
            detail.put("live_requests_min_per_execution", liveMin);
            detail.put("live_requests_max_per_execution", liveMax);
            detail.put("finished_requests_total", finishedRequests);
            detail.put("stub_requests_total", stub.requests(Bench.GET_EVENTS));
            detail.put("events_delivered", delivered.get());
            result.put("idle", detail);
            return result;
        } finally {
            camel.close();
        }
    }
}
