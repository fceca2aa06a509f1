package dev.velt.camel.test;

import java.util.List;
import java.util.Map;

/**
 * A simulated agent run: created with its outcome decided, it shows as {@code running} from its start tick until its
 * end tick, then with its final status, message, results and error. Immutable.
 *
 * @param finalStatus passed, failed or error
 * @param results per-URL results (empty for an error)
 * @param error the API's {@code error} object for an {@code error} run, else null
 * @param summary the API's {@code resultsSummary}, null for an {@code error} run
 * @param previousExecutionId the run this one reruns (match-and-merge), else null
 */
public record SimAgentRun(String id, String agentId, String agentName, int agentVersion, String organizationId,
        String documentId, String seedUrl, boolean crossPage, long startTick, long endTick,
        long startedAt, long completedAt, String finalStatus, String finalMessage,
        List<SimUrlResult> results, Map<String, Object> error, Map<String, Object> summary,
        Map<String, Object> tokenUsage, String previousExecutionId) {

    /** A first run (no previous execution). */
    public SimAgentRun(String id, String agentId, String agentName, int agentVersion, String organizationId,
            String documentId, String seedUrl, boolean crossPage, long startTick, long endTick,
            long startedAt, long completedAt, String finalStatus, String finalMessage,
            List<SimUrlResult> results, Map<String, Object> error, Map<String, Object> summary,
            Map<String, Object> tokenUsage) {
        this(id, agentId, agentName, agentVersion, organizationId, documentId, seedUrl, crossPage, startTick, endTick,
                startedAt, completedAt, finalStatus, finalMessage, results, error, summary, tokenUsage, null);
    }

    public boolean visibleAt(long tick) {
        return tick >= startTick;
    }

    public boolean finishedAt(long tick) {
        return tick >= endTick;
    }

    public String statusAt(long tick) {
        return finishedAt(tick) ? finalStatus : "running";
    }

    /** Every finding of the run, URL by URL, in the order the API lists them. */
    public List<SimFinding> findings() {
        return results.stream().flatMap(result -> result.findings().stream()).toList();
    }
}
