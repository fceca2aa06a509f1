package dev.velt.camel.test;

import java.util.List;

/**
 * A workflow definition the simulator plays when it is dispatched: its nodes run one after another. Agent nodes
 * complete at once; a human node waits in {@code waiting} until its mandatory reviewers approve (or one rejects); a
 * blocking agent node waits until it has {@code requiredResolutions} resolutions. A definition that was not
 * {@link VeltSimulator#define(WorkflowDefinition) defined} plays {@link #approval(String)}.
 */
public record WorkflowDefinition(String definitionId, int version, List<Node> nodes) {

    /** A node of the definition. */
    public sealed interface Node permits AgentNode, HumanNode, BlockingAgentNode {

        String nodeId();
    }

    /** An agent step that completes as soon as it starts. */
    public record AgentNode(String nodeId, String agentId) implements Node {
    }

    /** A human step: waits for its reviewers' decisions; at least one is mandatory. */
    public record HumanNode(String nodeId, List<Reviewer> reviewers) implements Node {

        public HumanNode {
            if (reviewers.stream().noneMatch(Reviewer::mandatory)) {
                throw new IllegalArgumentException("a human node needs at least one mandatory reviewer");
            }
            reviewers = List.copyOf(reviewers);
        }
    }

    /** A blocking agent step: waits until {@code requiredResolutions} resolutions were recorded for it. */
    public record BlockingAgentNode(String nodeId, String agentId, int requiredResolutions) implements Node {
    }

    /** A reviewer of a human step. */
    public record Reviewer(String userId, boolean mandatory) {
    }

    public WorkflowDefinition {
        nodes = List.copyOf(nodes);
    }

    /**
     * What an undefined definition plays: an agent drafts ({@code agent-draft}), then a human step
     * ({@code human-approval}) waits for {@code reviewer_legal} (mandatory) and {@code reviewer_brand} (optional).
     */
    public static WorkflowDefinition approval(String definitionId) {
        return new WorkflowDefinition(definitionId, 1, List.of(
                new AgentNode("agent-draft", "draft-agent-v2"),
                new HumanNode("human-approval", List.of(new Reviewer("reviewer_legal", true),
                        new Reviewer("reviewer_brand", false)))));
    }
}
