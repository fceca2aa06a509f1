package dev.velt.camel.model;

import java.util.Collection;

/**
 * Builds the {@code toString()} of a model type: {@code Type{name=value, ...}} with its ids, status or type and
 * position, leaving out what is null. Lists appear as their size, free text is cut short, payload maps never appear.
 */
final class Description {

    static final int MAX_TEXT = 80;

    private final StringBuilder text;
    private boolean empty = true;

    private Description(String type) {
        text = new StringBuilder(type).append('{');
    }

    static Description of(Object target) {
        return new Description(target.getClass().getSimpleName());
    }

    Description add(String name, Object value) {
        if (value != null) {
            text.append(empty ? "" : ", ").append(name).append('=').append(value);
            empty = false;
        }
        return this;
    }

    /** A list as its size. */
    Description count(String name, Collection<?> values) {
        return add(name, values == null ? null : values.size());
    }

    /** Free text (a title, a message), cut to {@value #MAX_TEXT} characters and quoted. */
    Description text(String name, String value) {
        if (value == null) {
            return this;
        }
        String shown = value.length() <= MAX_TEXT ? value : value.substring(0, MAX_TEXT - 3) + "...";
        return add(name, "'" + shown + "'");
    }

    @Override
    public String toString() {
        return text + "}";
    }
}
