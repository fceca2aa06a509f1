package dev.velt.camel.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One page of {@code workflow/definitions/list}: active definitions, newest {@code updatedAt} first; a null or absent
 * {@code nextCursor} ends the list.
 */
public class DefinitionsPage extends VeltObject {

    private List<DefinitionView> items = new ArrayList<>();
    private Object nextCursor;

    public List<DefinitionView> getItems() {
        return items;
    }

    public void setItems(List<DefinitionView> items) {
        this.items = items == null ? new ArrayList<>() : items;
    }

    /** The cursor of the next page as Velt sent it (a number today), or null on the last page. */
    public Object getNextCursor() {
        return nextCursor;
    }

    public void setNextCursor(Object nextCursor) {
        this.nextCursor = nextCursor;
    }

    @Override
    public String toString() {
        return Description.of(this).count("items", items).add("nextCursor", nextCursor).toString();
    }
}
