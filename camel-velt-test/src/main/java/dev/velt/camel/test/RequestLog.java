package dev.velt.camel.test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every request the simulator received, oldest first: what a route asked, how often, with which key. Counts cover
 * every request; the requests themselves are kept up to the latest {@value #KEPT} (a simulator that runs for days
 * does not grow without bound).
 */
public final class RequestLog {

    /** How many requests are kept for {@link #all()} and {@link #to(String)}. */
    public static final int KEPT = 100_000;

    private final Deque<SimRequest> requests = new ArrayDeque<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private int total;
    private volatile Consumer<SimRequest> listener = request -> {
    };

    /**
     * Calls {@code listener} with every following request as it arrives, before it is answered (one request at a time,
     * under the simulator's lock: keep it short); null removes it.
     */
    public void onRequest(Consumer<SimRequest> listener) {
        this.listener = listener == null ? request -> {
        } : listener;
    }

    void add(SimRequest request) {
        record(request);
        listener.accept(request);
    }

    private synchronized void record(SimRequest request) {
        if (requests.size() == KEPT) {
            requests.removeFirst();
        }
        requests.addLast(request);
        counts.merge(request.path(), 1, Integer::sum);
        total++;
    }

    /** The requests kept, oldest first. */
    public synchronized List<SimRequest> all() {
        return List.copyOf(requests);
    }

    /** The requests kept to one path ({@code "workflow/executions/getEvents"}, with or without {@code /v2/}). */
    public synchronized List<SimRequest> to(String path) {
        String normalized = Paths.normalize(path);
        return requests.stream().filter(r -> r.path().equals(normalized)).toList();
    }

    /** How many requests were received. */
    public synchronized int count() {
        return total;
    }

    /** How many requests to one path were received. */
    public synchronized int count(String path) {
        return counts.getOrDefault(Paths.normalize(path), 0);
    }

    /** Request counts by path, in the order the paths were first asked. */
    public synchronized Map<String, Integer> countsByPath() {
        return new LinkedHashMap<>(counts);
    }

    /** The latest request, or null before any. */
    public synchronized SimRequest last() {
        return requests.peekLast();
    }

    /** Forgets every request so far (counts start again from 0). */
    public synchronized void clear() {
        requests.clear();
        counts.clear();
        total = 0;
    }

    @Override
    public synchronized String toString() {
        return counts.toString();
    }
}
