package dev.velt.camel.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every request the simulator received, oldest first: what a route asked, how often, with which key. */
public final class RequestLog {

    private final List<SimRequest> requests = new ArrayList<>();

    synchronized void add(SimRequest request) {
        requests.add(request);
    }

    /** All requests so far, oldest first. */
    public synchronized List<SimRequest> all() {
        return List.copyOf(requests);
    }

    /** The requests to one path ({@code "workflow/executions/getEvents"}, with or without {@code /v2/}). */
    public synchronized List<SimRequest> to(String path) {
        String normalized = Paths.normalize(path);
        return requests.stream().filter(r -> r.path().equals(normalized)).toList();
    }

    public synchronized int count() {
        return requests.size();
    }

    public int count(String path) {
        return to(path).size();
    }

    /** Request counts by path, in the order the paths were first asked. */
    public synchronized Map<String, Integer> countsByPath() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        requests.forEach(r -> counts.merge(r.path(), 1, Integer::sum));
        return counts;
    }

    /** The latest request, or null before any. */
    public synchronized SimRequest last() {
        return requests.isEmpty() ? null : requests.get(requests.size() - 1);
    }

    /** Forgets every request so far (counts start again from 0). */
    public synchronized void clear() {
        requests.clear();
    }

    @Override
    public synchronized String toString() {
        return countsByPath().toString();
    }
}
