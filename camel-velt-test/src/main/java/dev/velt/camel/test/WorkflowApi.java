package dev.velt.camel.test;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code workflow/executions/get}, {@code getEvents} and {@code list}, answered from the world at one tick. */
final class WorkflowApi {

    private final SimWorld world;
    private final SimJson json;
    private final int defaultListPageSize;

    WorkflowApi(SimWorld world, SimJson json, int defaultListPageSize) {
        this.world = world;
        this.json = json;
        this.defaultListPageSize = defaultListPageSize;
    }

    JsonNode get(ApiRequest request, long tick) {
        return json.executionView(find(request, tick), tick, true);
    }

    /**
     * External events with {@code seq > sinceSeq}, at most {@code pageSize}. {@code nextCursor} is the last returned
     * seq when more follow, else the highest seq so far (internal events included), so the next call skips them.
     */
    JsonNode getEvents(ApiRequest request, long tick) {
        SimExecution execution = find(request, tick);
        long sinceSeq = request.number("sinceSeq", 0, Long.MAX_VALUE, 0);
        int pageSize = (int) request.number("pageSize", 1, 500, 100);
        List<SimEvent> happened = execution.eventsAt(tick);
        List<SimEvent> external = happened.stream().filter(e -> e.seq() > sinceSeq && !e.internal()).toList();
        List<SimEvent> page = external.subList(0, Math.min(pageSize, external.size()));
        boolean hasMore = external.size() > pageSize;
        long lastSeq = happened.isEmpty() ? 0 : happened.get(happened.size() - 1).seq();
        long nextCursor = hasMore ? page.get(page.size() - 1).seq() : Math.max(sinceSeq, lastSeq);
        ObjectNode result = json.mapper().createObjectNode().put("executionId", execution.executionId());
        ArrayNode events = result.putArray("events");
        page.forEach(event -> events.add(json.event(event)));
        return result.put("nextCursor", nextCursor).put("hasMore", hasMore);
    }

    /**
     * Executions newest first, by {@code definitionId} and {@code status} when given; {@code nextCursor} null at the end.
     */
    JsonNode list(ApiRequest request, long tick) {
        String definitionId = request.text("definitionId");
        String status = request.text("status");
        int pageSize = (int) request.number("pageSize", 1, 500, defaultListPageSize);
        List<SimExecution> matching = world.executions().stream()
                .filter(e -> tick >= e.visibleFromTick())
                .filter(e -> definitionId == null || definitionId.equals(e.definitionId()))
                .filter(e -> status == null || status.equals(e.stateAt(tick).status()))
                .toList();
        PageToken.Page<SimExecution> page = PageToken.page(matching, e -> new PageToken(e.startedAt(), e.executionId()),
                PageToken.NEWEST_FIRST, request.text("cursor"), "cursor", pageSize);
        ObjectNode result = json.mapper().createObjectNode();
        ArrayNode items = result.putArray("items");
        page.items().forEach(e -> items.add(json.executionView(e, tick, false)));
        return result.put("nextCursor", page.nextToken());
    }

    private SimExecution find(ApiRequest request, long tick) {
        String id = request.requiredText("executionId");
        SimExecution execution = world.execution(id, tick);
        if (execution == null) {
            throw ApiError.notFound("Execution " + id + " not found");
        }
        return execution;
    }
}
