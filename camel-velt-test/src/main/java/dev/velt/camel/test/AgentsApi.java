package dev.velt.camel.test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code agents/execution/get} and {@code agents/execution/list}, answered from the world at one tick. */
final class AgentsApi {

    private static final Set<String> CURRENT_LIST_FIELDS = Set.of("agentId", "organizationId", "documentId",
            "pageSize", "pageToken");

    private final SimWorld world;
    private final SimJson json;
    private final SimulatorOptions options;

    AgentsApi(SimWorld world, SimJson json, SimulatorOptions options) {
        this.world = world;
        this.json = json;
        this.options = options;
    }

    JsonNode get(ApiRequest request, long tick) {
        String id = request.requiredText("executionId");
        SimAgentRun run = world.run(id, tick);
        if (run == null) {
            throw ApiError.notFound("Execution " + id + " not found");
        }
        Map<String, JsonNode> data = new LinkedHashMap<>();
        data.put("execution", json.agentExecution(run, tick));
        if (request.flag("includeResults")) {
            data.put("results", json.results(run, tick, options.findingsShape().of(run.id())));
        }
        return json.agentsEnvelope("Execution fetched successfully", data);
    }

    JsonNode list(ApiRequest request, long tick) {
        return options.legacyAgentList() ? listLegacy(request, tick) : listCurrent(request, tick);
    }

    /** The current contract: {@code agentId}, or {@code organizationId}+{@code documentId}, or all three; newest first. */
    private JsonNode listCurrent(ApiRequest request, long tick) {
        request.rejectUnknownFields(CURRENT_LIST_FIELDS);
        String agentId = request.text("agentId");
        String organizationId = request.text("organizationId");
        String documentId = request.text("documentId");
        if ((organizationId == null) != (documentId == null) || agentId == null && organizationId == null) {
            throw ApiError.invalid("Provide agentId, or organizationId and documentId, or all three");
        }
        int pageSize = (int) request.number("pageSize", 1, 100, 20);
        PageToken.Page<SimAgentRun> page = PageToken.page(matching(tick, agentId, organizationId, documentId, null),
                AgentsApi::key, PageToken.NEWEST_FIRST, request.text("pageToken"), "pageToken", pageSize);
        ArrayNode executions = json.mapper().createArrayNode();
        page.items().forEach(run -> executions.add(json.agentExecution(run, tick)));
        ObjectNode envelope = json.agentsEnvelope("Executions fetched successfully", Map.of("executions", executions));
        if (page.nextToken() != null) {
            ((ObjectNode) envelope.get("data")).put("nextPageToken", page.nextToken());
        }
        return envelope;
    }

    /** The older contract: any mix of filters, {@code status}, {@code orderDirection}, {@code cursor}. */
    private JsonNode listLegacy(ApiRequest request, long tick) {
        String direction = request.text("orderDirection");
        if (direction != null && !direction.equals("asc") && !direction.equals("desc")) {
            throw ApiError.invalid("orderDirection must be asc or desc");
        }
        int pageSize = (int) request.number("pageSize", 1, 100, 20);
        List<SimAgentRun> runs = matching(tick, request.text("agentId"), request.text("organizationId"),
                request.text("documentId"), request.text("status"));
        PageToken.Page<SimAgentRun> page = PageToken.page(runs, AgentsApi::key,
                "asc".equals(direction) ? PageToken.OLDEST_FIRST : PageToken.NEWEST_FIRST, request.text("cursor"),
                "cursor", pageSize);
        ObjectNode result = json.mapper().createObjectNode();
        ArrayNode items = result.putArray("items");
        page.items().forEach(run -> items.add(json.agentExecution(run, tick)));
        return result.put("nextCursor", page.nextToken()).put("hasMore", page.nextToken() != null);
    }

    private List<SimAgentRun> matching(long tick, String agentId, String organizationId, String documentId,
            String status) {
        return world.runs().stream()
                .filter(run -> run.visibleAt(tick))
                .filter(run -> agentId == null || agentId.equals(run.agentId()))
                .filter(run -> organizationId == null || organizationId.equals(run.organizationId()))
                .filter(run -> documentId == null || documentId.equals(run.documentId()))
                .filter(run -> status == null || status.equals(run.statusAt(tick)))
                .toList();
    }

    private static PageToken key(SimAgentRun run) {
        return new PageToken(run.startedAt(), run.id());
    }
}
