package dev.velt.camel.test;

import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** The {@code data} object of a request, with the checks the API makes on its fields. */
record ApiRequest(JsonNode data) {

    /** A string field; null when absent, INVALID_ARGUMENT when present but not a non-empty string. */
    String text(String field) {
        JsonNode value = data.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw ApiError.invalid(field + " must be a non-empty string");
        }
        return value.asText();
    }

    String requiredText(String field) {
        String value = text(field);
        if (value == null) {
            throw ApiError.invalid(field + " is required");
        }
        return value;
    }

    /** An integer field within {@code min..max}, or {@code defaultValue} when absent. */
    long number(String field, long min, long max, long defaultValue) {
        JsonNode value = data.get(field);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            throw ApiError.invalid(field + " must be an integer");
        }
        long number = value.asLong();
        if (number < min || number > max) {
            throw ApiError.invalid(field + " must be between " + min + " and " + max + ", was " + number);
        }
        return number;
    }

    boolean flag(String field) {
        JsonNode value = data.get(field);
        return value != null && value.asBoolean(false);
    }

    /** INVALID_ARGUMENT for any field outside {@code allowed}, as the current agents API does. */
    void rejectUnknownFields(Set<String> allowed) {
        for (Iterator<String> names = data.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiError.invalid("Unknown field: " + name);
            }
        }
    }
}
