package dev.velt.camel.model;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Base of every Velt response type: JSON fields this version of the model does not know are kept here and written back
 * out on serialization, so a round trip through {@code marshal().json()} drops nothing the API sent. Fields the API
 * left out (or sent as null) are left out when written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class VeltObject {

    private final Map<String, Object> additionalProperties = new LinkedHashMap<>();

    @JsonAnyGetter
    public Map<String, Object> getAdditionalProperties() {
        return additionalProperties;
    }

    @JsonAnySetter
    public void setAdditionalProperty(String name, Object value) {
        additionalProperties.put(name, value);
    }
}
