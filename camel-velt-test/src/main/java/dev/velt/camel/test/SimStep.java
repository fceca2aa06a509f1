package dev.velt.camel.test;

/** A step of a simulated execution: what does not change while it runs. */
public record SimStep(String stepId, String nodeId, String nodeType, String groupId) {
}
