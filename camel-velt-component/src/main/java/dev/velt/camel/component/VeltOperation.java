package dev.velt.camel.component;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a {@code velt:} endpoint does: the URI path. Read producers, write producers ({@link #isWrite()}) and the two
 * polling consumers.
 */
public enum VeltOperation {

    getExecution(true), getEvents(true), getAgentExecution(true), listAgentExecutions(true), listExecutions(
            true), countAgentExecutions(true), getDefinition(true), listDefinitions(true), events(
                    false), agentExecutions(false), dispatch(
                            true), cancel(true), recordReviewerDecision(true), recordAgentResolution(true), runAgent(true);

    private final boolean producer;

    VeltOperation(boolean producer) {
        this.producer = producer;
    }

    public boolean isProducer() {
        return producer;
    }

    /** Whether the operation changes something in Velt (see {@link VeltWriteProducer} and {@link VeltAgentRunProducer}). */
    public boolean isWrite() {
        return this == dispatch || this == cancel || this == recordReviewerDecision || this == recordAgentResolution
                || this == runAgent;
    }

    /** The operation named {@code name}, or an error listing the valid ones. */
    public static VeltOperation fromName(String name) {
        for (VeltOperation operation : values()) {
            if (operation.name().equals(name)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("Unknown Velt operation '" + name + "' (option operation); use one of "
                                           + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
