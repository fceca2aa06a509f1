package dev.velt.camel.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One page of {@code agents/execution/list}, in either envelope the API has used: the older
 * {@code {items, nextCursor, hasMore}} and the current {@code {status, message, data: {executions, nextPageToken}}}.
 * Both are kept as sent; {@link #getExecutions()}, {@link #getNextPageToken()} and {@link #hasNextPage()} read either.
 */
public class AgentExecutionsPage extends AgentsEnvelope<AgentExecutionsPage.Data> {

    private List<AgentExecution> items;
    private String nextCursor;
    private Boolean hasMore;

    /** The current envelope's {@code data} object. */
    public static class Data extends VeltObject {

        private List<AgentExecution> executions;
        private String nextPageToken;

        public List<AgentExecution> getExecutions() {
            return executions;
        }

        public void setExecutions(List<AgentExecution> executions) {
            this.executions = executions;
        }

        public String getNextPageToken() {
            return nextPageToken;
        }

        public void setNextPageToken(String nextPageToken) {
            this.nextPageToken = nextPageToken;
        }

        @Override
        public String toString() {
            return Description.of(this).count("executions", executions).add("nextPageToken", nextPageToken).toString();
        }
    }

    /** The runs on this page, newest first, from whichever envelope the API sent; never null. */
    @JsonIgnore
    public List<AgentExecution> getExecutions() {
        Data data = getData();
        if (data != null && data.getExecutions() != null) {
            return data.getExecutions();
        }
        return items != null ? items : List.of();
    }

    /** The token for the next page, or null on the last page (either envelope). */
    @JsonIgnore
    public String getNextPageToken() {
        if (isLegacyEnvelope()) {
            return Boolean.FALSE.equals(hasMore) ? null : nextCursor;
        }
        return getData() != null ? getData().getNextPageToken() : null;
    }

    @JsonIgnore
    public boolean hasNextPage() {
        return getNextPageToken() != null;
    }

    /**
     * True when the API answered with the older {@code items/nextCursor/hasMore} envelope (request field {@code cursor}).
     */
    @JsonIgnore
    public boolean isLegacyEnvelope() {
        return getData() == null && items != null;
    }

    public List<AgentExecution> getItems() {
        return items;
    }

    public void setItems(List<AgentExecution> items) {
        this.items = items;
    }

    public String getNextCursor() {
        return nextCursor;
    }

    public void setNextCursor(String nextCursor) {
        this.nextCursor = nextCursor;
    }

    public Boolean getHasMore() {
        return hasMore;
    }

    public void setHasMore(Boolean hasMore) {
        this.hasMore = hasMore;
    }

    @Override
    public String toString() {
        return Description.of(this).count("executions", getExecutions()).add("nextPageToken", getNextPageToken())
                .add("hasNextPage", hasNextPage()).add("status", getStatus()).toString();
    }
}
