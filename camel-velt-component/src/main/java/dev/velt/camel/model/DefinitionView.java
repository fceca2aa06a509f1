package dev.velt.camel.model;

import java.util.List;
import java.util.Map;

/**
 * A workflow definition as {@code workflow/definitions/get} and {@code list} answer it. Fields this model does not
 * name ({@code groups}, {@code compiled}, {@code triggers}, ...) and fields Velt adds later are kept in
 * {@link #getAdditionalProperties()} and written back out unchanged.
 */
public class DefinitionView extends VeltObject {

    private String definitionId;
    private String name;
    private String description;
    private Integer version;
    private String status;
    private Map<String, Object> scope;
    private List<DefinitionNode> nodes;
    private List<DefinitionEdge> edges;
    private List<Object> tags;
    private Long createdAt;
    private Long updatedAt;

    public String getDefinitionId() {
        return definitionId;
    }

    public void setDefinitionId(String definitionId) {
        this.definitionId = definitionId;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public Integer getVersion() {
        return version;
    }

    public void setVersion(Integer version) {
        this.version = version;
    }

    /** {@code active} for the definitions the list returns. */
    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    /** {@code {level, organizationId, documentId}}. */
    public Map<String, Object> getScope() {
        return scope;
    }

    public void setScope(Map<String, Object> scope) {
        this.scope = scope;
    }

    public List<DefinitionNode> getNodes() {
        return nodes;
    }

    public void setNodes(List<DefinitionNode> nodes) {
        this.nodes = nodes;
    }

    public List<DefinitionEdge> getEdges() {
        return edges;
    }

    public void setEdges(List<DefinitionEdge> edges) {
        this.edges = edges;
    }

    public List<Object> getTags() {
        return tags;
    }

    public void setTags(List<Object> tags) {
        this.tags = tags;
    }

    /** Epoch milliseconds. */
    public Long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Long createdAt) {
        this.createdAt = createdAt;
    }

    /** Epoch milliseconds; the list's order and cursor. */
    public Long getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(Long updatedAt) {
        this.updatedAt = updatedAt;
    }

    /** Its id, version, status and how many nodes and edges: never the nodes' configuration. */
    @Override
    public String toString() {
        return Description.of(this).add("definitionId", definitionId).text("name", name).add("version", version)
                .add("status", status).count("nodes", nodes).count("edges", edges).toString();
    }
}
