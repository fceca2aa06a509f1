package dev.velt.camel.component;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a {@code velt:} endpoint does: the URI path. The first four are producers, the last two polling consumers. */
public enum VeltOperation {
    getExecution(true),
    getEvents(true),
    getAgentExecution(true),
    listAgentExecutions(true),
    events(false),
    agentExecutions(false);

    private final boolean producer;

    VeltOperation(boolean producer) {
        this.producer = producer;
    }

    public boolean isProducer() {
        return producer;
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
