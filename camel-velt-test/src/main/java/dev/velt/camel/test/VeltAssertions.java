package dev.velt.camel.test;

import java.util.List;

/** Assertions on what a route received from the simulator and on what it asked the simulator. */
public final class VeltAssertions {

    private VeltAssertions() {
    }

    /**
     * Asserts that {@code received} (events as {@code executionId#seq}, in the order the route got them) holds every
     * external event of {@code definitionId}'s executions (null: all) that has happened so far, each once, in seq
     * order per execution. Fails too when no such event has happened (there would be nothing to check).
     */
    public static StreamVerdict assertReceivedExactly(VeltSimulator simulator, String definitionId, List<String> received) {
        var expected = simulator.expectedEvents(definitionId);
        if (expected.isEmpty()) {
            throw new AssertionError("no event of " + (definitionId == null ? "any definition" : definitionId)
                                     + " has happened yet: nothing to compare the " + received.size()
                                     + " received events with");
        }
        return StreamVerdict.events(expected, received).assertExact();
    }

    /** Asserts that {@code path} was asked exactly {@code expected} times. */
    public static void assertRequestCount(VeltSimulator simulator, String path, int expected) {
        int actual = simulator.requests().count(path);
        if (actual != expected) {
            throw new AssertionError(path + " was asked " + actual + " times, expected " + expected + "; all: "
                                     + simulator.requests());
        }
    }

    /** Asserts that {@code path} was asked at most {@code max} times. */
    public static void assertAtMostRequests(VeltSimulator simulator, String path, int max) {
        int actual = simulator.requests().count(path);
        if (actual > max) {
            throw new AssertionError(path + " was asked " + actual + " times, at most " + max + " expected; all: "
                                     + simulator.requests());
        }
    }

    /** The event key a route should record for an exchange: {@code executionId#seq}. */
    public static String eventKey(String executionId, long seq) {
        return executionId + "#" + seq;
    }
}
