package dev.velt.camel.model;

import java.util.ArrayList;
import java.util.List;

/** One page of {@code workflow/executions/list}: newest first; a null or absent {@code nextCursor} ends the list. */
public class ExecutionsPage extends VeltObject {

    private List<ExecutionView> items = new ArrayList<>();
    private String nextCursor;
    private Boolean hasMore;

    public List<ExecutionView> getItems() {
        return items;
    }

    public void setItems(List<ExecutionView> items) {
        this.items = items == null ? new ArrayList<>() : items;
    }

    public String getNextCursor() {
        return nextCursor;
    }

    public void setNextCursor(String nextCursor) {
        this.nextCursor = nextCursor;
    }

    /** Shown by some versions of the docs only; paging relies on {@link #getNextCursor()}. */
    public Boolean getHasMore() {
        return hasMore;
    }

    public void setHasMore(Boolean hasMore) {
        this.hasMore = hasMore;
    }

    @Override
    public String toString() {
        return Description.of(this).count("items", items).add("nextCursor", nextCursor).add("hasMore", hasMore).toString();
    }
}
