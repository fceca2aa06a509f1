package dev.velt.camel.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Request of {@code agents/execution/count}; null fields are not sent (no {@code agentIds}: the workspace total). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentCountQuery(List<String> agentIds, String status) {
}
