package dev.velt.camel.test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.velt.camel.test.WorkflowDefinition.AgentNode;
import dev.velt.camel.test.WorkflowDefinition.BlockingAgentNode;
import dev.velt.camel.test.WorkflowDefinition.HumanNode;
import dev.velt.camel.test.WorkflowDefinition.Node;

/**
 * {@code workflow/definitions/get} and {@code list}: the definitions given to {@link VeltSimulator#define}, as
 * {@code DefinitionView}s. Each has a distinct {@code updatedAt} (the time it was defined); the list is newest
 * {@code updatedAt} first and its {@code cursor} is the last item's {@code updatedAt}, an integer.
 */
final class DefinitionsApi {

    private record Entry(WorkflowDefinition definition, long createdAt) {
    }

    private final SimJson json;
    private final Map<String, Entry> definitions = new LinkedHashMap<>();
    private long lastTime;

    DefinitionsApi(SimJson json) {
        this.json = json;
    }

    synchronized void define(WorkflowDefinition definition, long now) {
        lastTime = Math.max(now, lastTime + 1);
        definitions.put(definition.definitionId(), new Entry(definition, lastTime));
    }

    synchronized JsonNode get(ApiRequest request) {
        String id = request.requiredText("definitionId");
        Entry entry = definitions.get(id);
        if (entry == null) {
            throw ApiError.notFound("Definition " + id + " not found");
        }
        return view(entry);
    }

    synchronized JsonNode list(ApiRequest request) {
        int pageSize = (int) request.number("pageSize", 1, 500, 50);
        JsonNode cursor = request.data().get("cursor");
        if (cursor != null && !cursor.isNull() && !cursor.isIntegralNumber()) {
            throw ApiError.invalid("cursor must be an integer");
        }
        List<Entry> newestFirst = new ArrayList<>(definitions.values());
        newestFirst.sort(Comparator.comparingLong(Entry::createdAt).reversed());
        List<Entry> after = newestFirst.stream()
                .filter(e -> cursor == null || cursor.isNull() || e.createdAt() < cursor.asLong()).toList();
        List<Entry> page = after.subList(0, Math.min(pageSize, after.size()));
        ObjectNode result = json.mapper().createObjectNode();
        ArrayNode items = result.putArray("items");
        page.forEach(e -> items.add(view(e)));
        if (after.size() > page.size()) {
            result.put("nextCursor", page.get(page.size() - 1).createdAt());
        } else {
            result.putNull("nextCursor");
        }
        return result;
    }

    private ObjectNode view(Entry entry) {
        WorkflowDefinition definition = entry.definition();
        ObjectNode view = json.mapper().createObjectNode()
                .put("definitionId", definition.definitionId())
                .put("name", "Definition " + definition.definitionId())
                .putNull("description")
                .put("version", definition.version());
        view.putObject("scope").put("level", "workspace").putNull("organizationId").putNull("documentId");
        ArrayNode nodes = view.putArray("nodes");
        definition.nodes().forEach(node -> nodes.add(node(node)));
        ArrayNode edges = view.putArray("edges");
        ObjectNode forward = json.mapper().createObjectNode();
        for (int i = 1; i < definition.nodes().size(); i++) {
            String from = definition.nodes().get(i - 1).nodeId();
            String to = definition.nodes().get(i).nodeId();
            edges.addObject().put("from", from).put("to", to).put("on", "completed");
            forward.putArray(from).add(to);
        }
        view.putArray("groups");
        ObjectNode compiled = view.putObject("compiled");
        compiled.set("forwardEdges", forward);
        compiled.putArray("loops");
        view.putArray("triggers");
        view.putArray("tags");
        view.putNull("custom");
        return view.put("createdAt", entry.createdAt()).put("updatedAt", entry.createdAt()).put("status", "active");
    }

    private ObjectNode node(Node node) {
        ObjectNode out = json.mapper().createObjectNode().put("nodeId", node.nodeId());
        ObjectNode config = json.mapper().createObjectNode();
        if (node instanceof AgentNode agent) {
            out.put("type", "agent");
            config.put("agentId", agent.agentId());
        } else if (node instanceof BlockingAgentNode agent) {
            out.put("type", "agent");
            config.put("agentId", agent.agentId()).put("blocking", true);
            config.putObject("resolutionPolicy").put("type", "minResolved").put("minCount", agent.requiredResolutions());
        } else if (node instanceof HumanNode human) {
            out.put("type", "human");
            ArrayNode reviewers = config.putArray("reviewers");
            human.reviewers().forEach(r -> reviewers.addObject().put("userId", r.userId()).put("mandatory", r.mandatory()));
        }
        out.set("config", config);
        return out.putNull("name").putNull("description").putNull("slaMs");
    }
}
