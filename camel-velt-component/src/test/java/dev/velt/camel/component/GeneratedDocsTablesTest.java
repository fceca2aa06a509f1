package dev.velt.camel.component;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the option and header tables of {@code src/main/docs/velt-component.adoc} generated from the component's
 * JSON descriptor ({@code velt.json}, written by camel-component-maven-plugin from the javadoc and annotations), so the
 * docs never drift from the code. Regenerate with {@code ./mvnw -B verify -Dvelt.docs.update=true}.
 */
class GeneratedDocsTablesTest {

    private static final Path DOC = Path.of("src/main/docs/velt-component.adoc");
    private static final String START = "// generated tables: START\n";
    private static final String END = "// generated tables: END\n";

    @Test
    void docTablesMatchTheComponentDescriptor() throws Exception {
        JsonNode descriptor;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/dev/velt/camel/component/velt.json")) {
            assertThat(in).as("velt.json on the classpath").isNotNull();
            descriptor = new ObjectMapper().readTree(in);
        }
        String tables = render(descriptor);
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int start = doc.indexOf(START);
        int end = doc.indexOf(END);
        assertThat(start).as("marker " + START.trim()).isNotNegative();
        assertThat(end).as("marker " + END.trim()).isGreaterThan(start);
        String updated = doc.substring(0, start + START.length()) + tables + doc.substring(end);
        if (Boolean.getBoolean("velt.docs.update")) {
            Files.writeString(DOC, updated, StandardCharsets.UTF_8);
        }
        assertThat(doc).as("velt-component.adoc tables are stale: run ./mvnw -B verify -Dvelt.docs.update=true")
                .isEqualTo(updated);
    }

    private static String render(JsonNode descriptor) {
        StringBuilder out = new StringBuilder();
        out.append("== Component options\n\n");
        table(out, descriptor.path("componentProperties"));
        out.append("== Endpoint options\n\n");
        out.append("Syntax: `").append(descriptor.path("component").path("syntax").asText()).append("`\n\n");
        table(out, descriptor.path("properties"));
        out.append("== Message headers\n\n");
        out.append(
                "[width=\"100%\",cols=\"30%,10%,15%,45%\",options=\"header\"]\n|===\n| Header | Kind | Type | Description\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = descriptor.path("headers").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> header = it.next();
            JsonNode h = header.getValue();
            out.append("| `").append(header.getKey()).append("` | ").append(h.path("kind").asText(h.path("label").asText()))
                    .append(" | `").append(shortType(h.path("javaType").asText())).append("` | ")
                    .append(escape(h.path("description").asText())).append('\n');
        }
        out.append("|===\n\n");
        return out.toString();
    }

    private static void table(StringBuilder out, JsonNode properties) {
        out.append("[width=\"100%\",cols=\"20%,12%,13%,10%,45%\",options=\"header\"]\n")
                .append("|===\n| Name | Group | Type | Default | Description\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> option = it.next();
            JsonNode o = option.getValue();
            String name = "`" + option.getKey() + "`" + (o.path("required").asBoolean() ? " (required)" : "")
                          + (o.path("secret").asBoolean() ? " (secret)" : "");
            out.append("| ").append(name).append(" | ").append(o.path("group").asText())
                    .append(" | `").append(shortType(o.path("javaType").asText())).append("` | ")
                    .append(o.hasNonNull("defaultValue") ? "`" + o.path("defaultValue").asText() + "`" : "")
                    .append(" | ").append(escape(o.path("description").asText())).append('\n');
        }
        out.append("|===\n\n");
    }

    private static String shortType(String javaType) {
        return javaType.replaceAll("([a-z0-9_]+\\.)+([A-Z])", "$2");
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
