package dev.velt.camel.component;

import java.util.Arrays;
import java.util.List;

/** The {@code agentIds} option of {@code countAgentExecutions}: 1 to 200 comma-separated agent ids. */
final class AgentIds {

    static final int MAX = 200;

    private AgentIds() {
    }

    /** The ids, trimmed; null when the option is unset; an error naming the option when empty or over 200. */
    static List<String> parse(String value) {
        if (value == null) {
            return null;
        }
        List<String> ids = Arrays.stream(value.split(",")).map(String::trim).filter(id -> !id.isEmpty()).toList();
        if (ids.isEmpty() || ids.size() > MAX) {
            throw new IllegalArgumentException("agentIds must name 1 to " + MAX + " agents, comma-separated, was "
                                               + ids.size());
        }
        return ids;
    }
}
