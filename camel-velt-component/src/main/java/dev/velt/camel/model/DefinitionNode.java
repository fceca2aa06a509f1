package dev.velt.camel.model;

import java.util.Map;

/** A node of a {@link DefinitionView}: {@code {nodeId, type, config, name?, description?, slaMs?}}. */
public class DefinitionNode extends VeltObject {

    private String nodeId;
    private String type;
    private Map<String, Object> config;
    private String name;
    private String description;
    private Long slaMs;

    public String getNodeId() {
        return nodeId;
    }

    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    /** {@code agent}, {@code human}, {@code notification} or {@code webhook} (any string is kept). */
    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    /** The node's configuration as Velt sent it (an agent's {@code agentId}, a human step's {@code reviewers}, ...). */
    public Map<String, Object> getConfig() {
        return config;
    }

    public void setConfig(Map<String, Object> config) {
        this.config = config;
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

    public Long getSlaMs() {
        return slaMs;
    }

    public void setSlaMs(Long slaMs) {
        this.slaMs = slaMs;
    }

    @Override
    public String toString() {
        return Description.of(this).add("nodeId", nodeId).add("type", type).toString();
    }
}
