package dev.velt.camel.model;

import java.util.List;

/** The {@code agentResult} object of a per-URL result, where current API versions put the findings. */
public class AgentResult extends VeltObject {

    private List<AgentFinding> findings;

    public List<AgentFinding> getFindings() {
        return findings;
    }

    public void setFindings(List<AgentFinding> findings) {
        this.findings = findings;
    }

    @Override
    public String toString() {
        return Description.of(this).count("findings", findings).toString();
    }
}
