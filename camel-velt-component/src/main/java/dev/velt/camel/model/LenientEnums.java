package dev.velt.camel.model;

import java.util.Locale;

/** Reads the API's lower-case status strings into enums, mapping values the API added later to a fallback. */
final class LenientEnums {

    private LenientEnums() {
    }

    static <E extends Enum<E>> E valueOf(Class<E> type, String value, E fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
