package dev.velt.camel.examples.simulator;

/** A step of a simulated execution: what does not change while it runs. */
public record SimStep(String stepId, String nodeId, String nodeType, String groupId) {
}
