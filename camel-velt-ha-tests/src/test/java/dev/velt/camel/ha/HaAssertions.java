package dev.velt.camel.ha;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.velt.camel.ha.HaCluster.Term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The checks the HA scenarios make. */
final class HaAssertions {

    /** An API server path: group (none for the core group), namespace, resource, name, subresource, query. */
    private static final Pattern RESOURCE_PATH = Pattern.compile(
            "/(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/([^/]+)/([^/?]+)(/[^/?]+)?(/[^/?]+)?(\\?.*)?");

    private HaAssertions() {
    }

    /**
     * Never two active pollers: WireMock's request log, read as terms of consecutive requests by one incarnation, shows
     * every incarnation in at most one term, and each new term starting only after the test stopped or killed the
     * incarnation of the term before.
     */
    static List<Term> assertOnePollerAtATime(HaCluster cluster) {
        List<Term> terms = cluster.terms();
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < terms.size(); k++) {
            Term term = terms.get(k);
            assertNotNull(term.replica(), "a request without x-velt-api-key: " + terms);
            assertTrue(seen.add(term.replica()),
                    term.replica() + " polled again after another replica had taken over; terms: " + terms);
            if (k > 0) {
                Term previous = terms.get(k - 1);
                Long stoppedAt = cluster.stoppedAt(previous.replica());
                if (stoppedAt == null) {
                    fail(term.replica() + " started polling while " + previous.replica()
                         + " was still running and had not been stopped; terms: " + terms);
                }
                assertTrue(stoppedAt <= term.first(), term.replica() + " polled at " + term.first() + ", before "
                                                      + previous.replica() + " was stopped at " + stoppedAt + "; terms: "
                                                      + terms);
                assertTrue(previous.last() <= term.first(), "overlapping terms: " + previous + " and " + term);
            }
        }
        return terms;
    }

    /** Time from each stop to the first request of the next term, in ms, in order of the stops that moved leadership. */
    static List<Long> handoverTimes(HaCluster cluster, List<Term> terms) {
        List<Long> times = new ArrayList<>();
        for (int k = 1; k < terms.size(); k++) {
            times.add(terms.get(k).first() - cluster.stoppedAt(terms.get(k - 1).replica()));
        }
        return times;
    }

    /**
     * Every expected item processed, nothing else; returns the items processed more than once, with the incarnations
     * that processed them.
     */
    static Map<String, List<String>> assertAllProcessed(HaCluster cluster) throws SQLException {
        Map<String, List<String>> processed = cluster.processed();
        Set<String> expected = new TreeSet<>(cluster.stream().expectedItems());
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(processed.keySet());
        Set<String> unexpected = new TreeSet<>(processed.keySet());
        unexpected.removeAll(expected);
        assertTrue(missing.isEmpty(), "lost items: " + missing);
        assertTrue(unexpected.isEmpty(), "items that do not exist: " + unexpected);
        Map<String, List<String>> duplicates = new LinkedHashMap<>();
        processed.forEach((item, replicas) -> {
            if (replicas.size() > 1) {
                duplicates.put(item, replicas);
            }
        });
        return duplicates;
    }

    /**
     * Repeats are only the items in flight when a leader was stopped or killed: each processed exactly twice, first by
     * an incarnation whose term ended (it was leader and the test stopped it), then by the incarnation of the next
     * term; at most one per consumer (events, runs) per ended term.
     */
    static void assertRepeatsOnlyInFlightAtHandovers(Map<String, List<String>> duplicates, List<Term> terms) {
        Map<String, String> nextTerm = new HashMap<>();
        for (int k = 0; k + 1 < terms.size(); k++) {
            nextTerm.put(terms.get(k).replica(), terms.get(k + 1).replica());
        }
        Map<String, Integer> perEndedTermAndKind = new HashMap<>();
        duplicates.forEach((item, replicas) -> {
            assertEquals(2, replicas.size(), item + " processed " + replicas.size() + " times: " + replicas);
            String first = replicas.get(0);
            assertTrue(nextTerm.containsKey(first),
                    item + " repeated, but " + first + " was not a leader that was stopped: " + replicas + ", " + terms);
            assertEquals(nextTerm.get(first), replicas.get(1),
                    item + " repeated by another than the next leader: " + replicas + ", " + terms);
            String kind = item.substring(0, item.indexOf(':'));
            int count = perEndedTermAndKind.merge(first + "/" + kind, 1, Integer::sum);
            assertTrue(count <= 1, "more than the one " + kind + " in flight repeated after " + first + ": " + duplicates);
        });
    }

    /**
     * Within each execution, events were processed in seq order: a repeat may only follow right after its first
     * processing's handover, never go back to an older seq.
     */
    static void assertEventsInSeqOrder(HaCluster cluster) throws SQLException {
        Map<String, Long> lastSeq = new HashMap<>();
        Set<String> done = new HashSet<>();
        for (String item : cluster.processingOrder()) {
            if (!item.startsWith("event:") || !done.add(item)) {
                continue; // a repeat of an item already processed
            }
            String[] parts = item.split(":");
            long seq = Long.parseLong(parts[2]);
            Long previous = lastSeq.put(parts[1], seq);
            assertTrue(previous == null || seq > previous,
                    "execution " + parts[1] + " processed seq " + seq + " after " + previous);
        }
    }

    /**
     * The shared positions: every execution ended (its key removed once discovery no longer lists it, or terminal at its
     * last seq), and no agent run still owed.
     */
    static void assertFinalPositions(HaCluster cluster, int executions, long lastSeq) throws SQLException {
        Map<String, String> positions = cluster.positions();
        for (int i = 1; i <= executions; i++) {
            String position = positions.get("velt.events.execution." + HaStream.executionId(i));
            assertTrue(position == null || position.equals("{\"seq\":" + lastSeq + ",\"terminal\":true}"),
                    positions.toString());
        }
        String discovery = positions.get("velt.events.discovery." + HaStream.DEFINITION_ID);
        assertNotNull(discovery, positions.toString());
        assertTrue(discovery.contains("\"live\":[]"), discovery);
        String runs = positions.get("velt.agentExecutions.agentId:" + HaStream.AGENT_ID);
        assertNotNull(runs, positions.toString());
        assertTrue(runs.contains("\"pending\":{}"), runs);
    }

    /**
     * Every request the replicas made to the Kubernetes API server is one the documented Role allows: a namespaced
     * resource request of the Role's namespace (the replicas' own) whose verb the Role grants on that resource. Returns
     * what was used, as {@code <resource>.<apiGroup> <verb>}.
     */
    static Set<String> assertAllowedByDocumentedRole(List<KubernetesApi.Request> requests) throws IOException {
        Map<String, Set<String>> role = HaDocs.documentedRole();
        Set<String> used = new TreeSet<>();
        assertFalse(requests.isEmpty(), "the replicas made no request to the API server");
        for (KubernetesApi.Request request : requests) {
            Matcher path = RESOURCE_PATH.matcher(request.path());
            assertTrue(path.matches(), "not a namespaced resource request (a Role cannot allow it): " + request);
            assertEquals(KubernetesApi.NAMESPACE, path.group(2), "a request outside the replicas' namespace: " + request);
            assertNull(path.group(5), "a subresource request: " + request);
            String resource = path.group(3) + "." + (path.group(1) == null ? "" : path.group(1));
            boolean named = path.group(4) != null;
            String query = path.group(6) == null ? "" : path.group(6);
            String verb = switch (request.method()) {
                case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> named ? "delete" : "deletecollection";
                default -> throw new AssertionError("unexpected request " + request);
            };
            assertTrue(role.getOrDefault(resource, Set.of()).contains(verb),
                    "the documented Role " + role + " does not allow " + verb + " on " + resource + ": " + request);
            used.add(resource + " " + verb);
        }
        return used;
    }
}
