package dev.velt.camel.component.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import static org.awaitility.Awaitility.await;

/**
 * Records what a route processed successfully, as keys derived from each exchange; can be told to fail chosen
 * exchanges a number of times, to test redelivery.
 */
public class Recorder implements Processor {

    private final Function<Exchange, String> key;
    private final List<String> attempts = Collections.synchronizedList(new ArrayList<>());
    private final List<String> processed = Collections.synchronizedList(new ArrayList<>());
    private final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();
    private volatile Predicate<String> failing = k -> false;
    private volatile boolean keepExchanges = true;

    public Recorder(Function<Exchange, String> key) {
        this.key = key;
    }

    /** Fails the exchange with this key {@code times} times before letting it through. */
    public Recorder failTimes(String itemKey, int times) {
        failuresLeft.put(itemKey, times);
        return this;
    }

    /**
     * Fails a random share of {@code keys} once or twice each (chosen by {@code random}); returns the number of failures
     * planned.
     */
    public int failSome(Iterable<String> keys, Random random, double share) {
        int planned = 0;
        for (String key : keys) {
            if (random.nextDouble() < share) {
                int times = 1 + random.nextInt(2);
                failTimes(key, times);
                planned += times;
            }
        }
        return planned;
    }

    /** Keeps only the keys, not copies of the exchanges (for long streams). */
    public Recorder withoutExchanges() {
        this.keepExchanges = false;
        return this;
    }

    /** Fails every exchange whose key matches, until changed. */
    public Recorder failWhile(Predicate<String> predicate) {
        this.failing = predicate;
        return this;
    }

    @Override
    public void process(Exchange exchange) {
        String k = key.apply(exchange);
        attempts.add(k);
        if (failing.test(k) || failuresLeft.merge(k, -1, Integer::sum) >= 0) {
            throw new IllegalStateException("test failure on " + k);
        }
        failuresLeft.remove(k);
        processed.add(k);
        if (keepExchanges) {
            exchanges.add(exchange.copy());
        }
    }

    /** Waits until nothing more is processed for {@code quiet}. */
    public void awaitQuiet(Duration quiet) {
        AtomicInteger last = new AtomicInteger(-1);
        await().pollInterval(Duration.ofMillis(50)).during(quiet).atMost(quiet.multipliedBy(10))
                .until(() -> processed.size() == last.getAndSet(processed.size()));
    }

    public List<String> processed() {
        synchronized (processed) {
            return new ArrayList<>(processed);
        }
    }

    public List<String> attempts() {
        synchronized (attempts) {
            return new ArrayList<>(attempts);
        }
    }

    public List<Exchange> exchanges() {
        synchronized (exchanges) {
            return new ArrayList<>(exchanges);
        }
    }
}
