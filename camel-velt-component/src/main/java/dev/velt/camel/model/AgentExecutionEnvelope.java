package dev.velt.camel.model;

import java.util.List;

/** The {@code result} of {@code agents/execution/get}: {@code {status, message, data: {execution, results}}}. */
public class AgentExecutionEnvelope extends AgentsEnvelope<AgentExecutionEnvelope.Data> {

    /** The envelope's {@code data} object. */
    public static class Data extends VeltObject {

        private AgentExecution execution;
        private List<AgentUrlResult> results;

        public AgentExecution getExecution() {
            return execution;
        }

        public void setExecution(AgentExecution execution) {
            this.execution = execution;
        }

        public List<AgentUrlResult> getResults() {
            return results;
        }

        public void setResults(List<AgentUrlResult> results) {
            this.results = results;
        }

        @Override
        public String toString() {
            return Description.of(this).add("executionId", execution == null ? null : execution.getId())
                    .count("results", results).toString();
        }
    }

    @Override
    public String toString() {
        return describe(this);
    }
}
