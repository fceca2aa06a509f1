package dev.velt.camel.test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code agents/execution/run} and {@code agents/execution/count}. A run started through the API shows as
 * {@code running} for {@link #outcome(long, String, List) a number of ticks}, then ends with the outcome's status and
 * findings, all on the requested URL. A second run of an agent on a document while one is running is ALREADY_EXISTS
 * naming the running one; with the workspace's AI credits spent, every run is RESOURCE_EXHAUSTED.
 */
final class AgentRunner {

    private static final Set<String> STATUSES = Set.of("running", "passed", "failed", "partial", "error", "skipped");
    private static final Set<String> COUNT_FIELDS = Set.of("agentIds", "status");

    private final SimWorld world;
    private final SimJson json;
    private final SimClock clock;
    private final Random random;
    private long ticks = 3;
    private String status = "failed";
    private List<SimFinding> findings = List.of(
            finding("finding-1", "critical", "Logo uses the retired brand colour"),
            finding("finding-2", "low", "Tagline is not in sentence case"));
    private boolean creditsExhausted;
    private final Set<String> failingCounts = new HashSet<>();

    AgentRunner(SimWorld world, SimJson json, SimClock clock, long seed) {
        this.world = world;
        this.json = json;
        this.clock = clock;
        this.random = new Random(seed);
    }

    /** A finding of the default outcome; its URL is set to the run's when the run starts. */
    static SimFinding finding(String id, String severity, String title) {
        return new SimFinding(id, title, title + ".", severity, "brand", "ACME", 1, null, "Fix: " + title,
                "#hero", "/html/body/div[1]", false, "brand-" + severity, 90);
    }

    synchronized void outcome(long ticks, String status, List<SimFinding> findings) {
        this.ticks = Math.max(0, ticks);
        this.status = status;
        this.findings = List.copyOf(findings);
    }

    synchronized void creditsExhausted(boolean exhausted) {
        this.creditsExhausted = exhausted;
    }

    synchronized void failCount(String agentId) {
        failingCounts.add(agentId);
    }

    synchronized JsonNode run(ApiRequest request, long tick) {
        String agentId = request.requiredText("agentId");
        String url = request.requiredText("url");
        String organizationId = request.requiredText("organizationId");
        String documentId = request.requiredText("documentId");
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            throw ApiError.invalid("url must be a valid URL");
        }
        request.number("maxUrlsToProcess", 1, Integer.MAX_VALUE, 50);
        oneOf(request, "deviceType", Set.of("mobile", "desktop"));
        oneOf(request, "annotationVisibility", Set.of("public", "private"));
        JsonNode userContext = request.data().get("userContext");
        if (userContext != null && !userContext.isNull() && !userContext.isObject()) {
            throw ApiError.invalid("userContext must be an object");
        }
        if (creditsExhausted) {
            throw new ApiError("RESOURCE_EXHAUSTED", "AI credits exhausted for this workspace");
        }
        for (SimAgentRun run : world.runs()) {
            if (run.visibleAt(tick) && !run.finishedAt(tick) && agentId.equals(run.agentId())
                    && documentId.equals(run.documentId())) {
                throw new ApiError("ALREADY_EXISTS", "An execution is already running for agent " + agentId
                                                     + " and document " + documentId + ": " + run.id());
            }
        }
        String id = "exec_" + clock.timeOf(tick) + "_" + Ids.alnum(random, 12);
        List<SimFinding> onPage = new ArrayList<>();
        for (SimFinding f : findings) {
            onPage.add(new SimFinding(f.id(), f.title(), f.description(), f.severity(), f.category(), f.targetText(),
                    f.occurrence(), url, f.suggestion(), f.htmlSelector(), f.htmlXpath(), f.pageLevel(), f.issueType(),
                    f.confidence()));
        }
        List<SimUrlResult> results = "error".equals(status) ? List.of()
                : List.of(new SimUrlResult(url, List.copyOf(onPage), onPage.size(), clock.timeOf(tick + ticks)));
        world.add(AgentRunScenario.started(id, agentId, organizationId, documentId, url,
                request.flag("crossPageExecute"), clock, tick, tick + ticks, status, results));
        return json.agentsEnvelope("Execution started successfully",
                Map.of("executionId", json.mapper().getNodeFactory().textNode(id)));
    }

    synchronized JsonNode count(ApiRequest request, long tick) {
        request.rejectUnknownFields(COUNT_FIELDS);
        String wanted = oneOf(request, "status", STATUSES);
        JsonNode agentIds = request.data().get("agentIds");
        List<SimAgentRun> visible = world.runs().stream().filter(run -> run.visibleAt(tick))
                .filter(run -> wanted == null || wanted.equals(run.statusAt(tick))).toList();
        if (agentIds == null || agentIds.isNull()) {
            return json.agentsEnvelope("Count fetched successfully",
                    Map.of("total", json.mapper().getNodeFactory().numberNode((long) visible.size())));
        }
        List<String> ids = new ArrayList<>();
        if (agentIds.isTextual()) {
            ids.add(agentIds.asText());
        } else if (agentIds.isArray()) {
            agentIds.forEach(id -> ids.add(id.asText()));
        } else {
            throw ApiError.invalid("agentIds must be a string or an array of strings");
        }
        if (ids.isEmpty() || ids.size() > 200) {
            throw ApiError.invalid("agentIds must name 1 to 200 agents");
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String id : ids) {
            counts.put(id, failingCounts.contains(id) ? -1L
                    : visible.stream().filter(run -> id.equals(run.agentId())).count());
        }
        ObjectNode countsNode = json.mapper().valueToTree(counts);
        return json.agentsEnvelope("Count fetched successfully", Map.of("counts", countsNode));
    }

    private static String oneOf(ApiRequest request, String field, Set<String> allowed) {
        String value = request.text(field);
        if (value != null && !allowed.contains(value)) {
            throw ApiError.invalid(field + " must be one of " + allowed);
        }
        return value;
    }
}
