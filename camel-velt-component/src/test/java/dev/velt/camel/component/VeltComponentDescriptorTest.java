package dev.velt.camel.component;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar lists its component in {@code META-INF/services/org/apache/camel/component.properties}, as Camel's own
 * component jars do: IDE plugins and other tooling read it to discover components and their Maven coordinates.
 */
class VeltComponentDescriptorTest {

    private static final String DESCRIPTOR = "META-INF/services/org/apache/camel/component.properties";

    @Test
    void componentPropertiesNameTheComponentAndItsCoordinates() throws Exception {
        Properties velt = null;
        List<String> found = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources(DESCRIPTOR))) {
            Properties properties = new Properties();
            try (InputStream in = url.openStream()) {
                properties.load(in);
            }
            found.add(url + ": " + properties.getProperty("components"));
            if ("velt".equals(properties.getProperty("components"))) {
                velt = properties;
            }
        }
        JsonNode catalog;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/dev/velt/camel/component/velt.json")) {
            catalog = new ObjectMapper().readTree(in).path("component");
        }

        assertThat(velt).as("a %s with components=velt among %s", DESCRIPTOR, found).isNotNull();
        assertThat(velt.getProperty("groupId")).isEqualTo("dev.velt.camel");
        assertThat(velt.getProperty("artifactId")).isEqualTo("camel-velt-component");
        assertThat(velt.getProperty("version")).isNotBlank().isEqualTo(catalog.path("version").asText());
    }
}
