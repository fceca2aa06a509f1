package dev.velt.camel.model;

import java.util.Map;

/**
 * What {@code agents/execution/count} answers in its {@code data}: {@code counts} per agent when agents were named
 * (an unknown agent counts 0; a count that failed is {@code -1}, kept as Velt sent it), else the workspace's
 * {@code total}.
 */
public class AgentExecutionCounts extends VeltObject {

    private Map<String, Long> counts;
    private Long total;

    public Map<String, Long> getCounts() {
        return counts;
    }

    public void setCounts(Map<String, Long> counts) {
        this.counts = counts;
    }

    public Long getTotal() {
        return total;
    }

    public void setTotal(Long total) {
        this.total = total;
    }

    @Override
    public String toString() {
        return Description.of(this).add("counts", counts == null ? null : counts.size()).add("total", total).toString();
    }
}
