package dev.velt.camel.component.kamelet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of the Apache camel-kamelets catalog, checked on every Kamelet this jar ships: the file is named after the
 * Kamelet, the type label matches the name and title, the definition and every property have a title, description and
 * type, credentials are passwords with the credentials descriptor, every parameter is declared and used, the icon is an
 * SVG data URI, and the dependencies name every component the template uses, at the jar's own version.
 */
class KameletRulesTest {

    static final Path KAMELETS = Path.of("src/main/resources/kamelets");
    private static final Pattern PARAM = Pattern.compile("\\{\\{[?]?([A-Za-z0-9-._]+)(?:[:][^}]*)?}}");
    private static final Pattern SCHEME = Pattern.compile("^([a-z][a-z0-9-]*):");
    private static final Set<String> SMALL_WORDS = Set.of("of", "to", "in", "on", "by", "for", "and", "or", "per");
    private static final Set<String> CREDENTIAL_WORDS = Set.of("key", "token", "secret", "password");

    @Test
    void everyKameletFollowsTheCatalogRules() throws IOException {
        List<Path> files = kameletFiles();
        assertThat(files).extracting(f -> f.getFileName().toString()).containsExactlyInAnyOrder(
                "velt-events-source.kamelet.yaml", "velt-agent-findings-source.kamelet.yaml",
                "velt-dispatch-sink.kamelet.yaml", "velt-run-agent-action.kamelet.yaml");
        List<String> errors = new ArrayList<>();
        Set<String> titles = new HashSet<>();
        Set<String> descriptions = new HashSet<>();
        for (Path file : files) {
            Map<String, Object> kamelet = load(file);
            check(file.getFileName().toString(), kamelet, errors);
            Map<String, Object> definition = map(map(kamelet, "spec"), "definition");
            if (!titles.add(String.valueOf(definition.get("title")))) {
                errors.add(file + ": duplicate title " + definition.get("title"));
            }
            if (!descriptions.add(String.valueOf(definition.get("description")))) {
                errors.add(file + ": duplicate description");
            }
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void theRulesCatchABrokenKamelet() throws IOException {
        Map<String, Object> kamelet = load(KAMELETS.resolve("velt-events-source.kamelet.yaml"));
        Map<String, Object> properties = map(map(map(kamelet, "spec"), "definition"), "properties");
        map(properties, "apiKey").remove("x-descriptors");
        map(properties, "delay").remove("title");
        properties.put("unused", Map.of("title", "Unused", "description", "Never used.", "type", "string"));
        map(map(kamelet, "metadata"), "labels").put("camel.apache.org/kamelet.type", "sink");
        map(kamelet, "spec").put("dependencies", List.of("camel:kamelet"));

        List<String> errors = new ArrayList<>();
        check("velt-events-source.kamelet.yaml", kamelet, errors);

        assertThat(errors).anyMatch(e -> e.contains("apiKey") && e.contains("urn:camel:group:credentials"))
                .anyMatch(e -> e.contains("delay") && e.contains("title"))
                .anyMatch(e -> e.contains("'unused' is declared but never used"))
                .anyMatch(e -> e.contains("does not end with -sink"))
                .anyMatch(e -> e.contains("camel-velt-component"))
                .anyMatch(e -> e.contains("camel:jackson"));
    }

    static List<Path> kameletFiles() throws IOException {
        try (Stream<Path> files = Files.list(KAMELETS)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".kamelet.yaml")).sorted().toList();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path file) throws IOException {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static void check(String fileName, Map<String, Object> kamelet, List<String> errors) throws IOException {
        String name = String.valueOf(map(kamelet, "metadata").get("name"));
        String where = "kamelet " + name + ": ";
        if (!fileName.equals(name + ".kamelet.yaml")) {
            errors.add(where + "file " + fileName + " does not match the name");
        }
        if (!"camel.apache.org/v1".equals(kamelet.get("apiVersion")) || !"Kamelet".equals(kamelet.get("kind"))) {
            errors.add(where + "not a camel.apache.org/v1 Kamelet");
        }
        String type = String.valueOf(map(map(kamelet, "metadata"), "labels").get("camel.apache.org/kamelet.type"));
        if (!Set.of("source", "sink", "action").contains(type)) {
            errors.add(where + "invalid camel.apache.org/kamelet.type label " + type);
        } else if (!name.endsWith("-" + type)) {
            errors.add(where + "name does not end with -" + type);
        }
        Map<String, Object> annotations = map(map(kamelet, "metadata"), "annotations");
        checkIcon(where, String.valueOf(annotations.get("camel.apache.org/kamelet.icon")), errors);
        if (!projectVersion().equals(annotations.get("camel.apache.org/catalog.version"))) {
            errors.add(where + "camel.apache.org/catalog.version is not " + projectVersion());
        }
        if (isBlank(annotations.get("camel.apache.org/provider"))) {
            errors.add(where + "no camel.apache.org/provider annotation");
        }

        Map<String, Object> spec = map(kamelet, "spec");
        Map<String, Object> definition = map(spec, "definition");
        String title = String.valueOf(definition.get("title"));
        if (isBlank(definition.get("title"))) {
            errors.add(where + "no title");
        } else if (type.length() > 1 && !title.endsWith(Character.toUpperCase(type.charAt(0)) + type.substring(1))) {
            errors.add(where + "title '" + title + "' does not end with the type");
        }
        if (isBlank(definition.get("description"))) {
            errors.add(where + "no description");
        }
        if (!"object".equals(definition.get("type"))) {
            errors.add(where + "definition is not of type object");
        }
        Map<String, Object> properties = map(definition, "properties");
        List<?> required = definition.get("required") instanceof List<?> list ? list : List.of();
        if (new HashSet<>(required).size() != required.size()) {
            errors.add(where + "a required property is listed twice");
        }
        required.stream().filter(r -> !properties.containsKey(r))
                .forEach(r -> errors.add(where + "required property '" + r + "' is not defined"));
        properties.forEach((property, value) -> checkProperty(where + "property '" + property + "' ", property,
                (Map<String, Object>) value, errors));

        Set<String> used = new TreeSet<>();
        collectParams(spec.get("template"), used);
        for (String param : used) {
            if (!properties.containsKey(param)) {
                errors.add(where + "parameter '" + param + "' is used but not declared");
            }
        }
        for (String property : properties.keySet()) {
            if (!used.contains(property)) {
                errors.add(where + "parameter '" + property + "' is declared but never used");
            }
        }
        checkDependencies(where, spec, errors);
    }

    private static void checkProperty(String where, String name, Map<String, Object> property, List<String> errors) {
        for (String field : List.of("title", "description", "type")) {
            if (isBlank(property.get(field))) {
                errors.add(where + "has no " + field);
            }
        }
        String title = String.valueOf(property.get("title"));
        if (title.startsWith("The ") || title.startsWith("A ") || title.startsWith("An ")) {
            errors.add(where + "title starts with an article");
        }
        for (String word : title.split(" ")) {
            if (!word.isEmpty() && !SMALL_WORDS.contains(word) && !Character.isUpperCase(word.charAt(0))) {
                errors.add(where + "title has the non-capitalized word '" + word + "'");
            }
        }
        boolean password = "password".equals(property.get("format"));
        List<?> descriptors = property.get("x-descriptors") instanceof List<?> list ? list : List.of();
        if (password && !descriptors.contains("urn:camel:group:credentials")) {
            errors.add(where + "has format password but not the urn:camel:group:credentials descriptor");
        }
        String lower = name.toLowerCase();
        if (CREDENTIAL_WORDS.stream().anyMatch(lower::endsWith) && !lower.contains("idempotency") && !password) {
            errors.add(where + "is a credential without format password");
        }
        if (password && property.containsKey("default")) {
            errors.add(where + "is a credential with a default");
        }
    }

    private static void checkIcon(String where, String icon, List<String> errors) {
        String prefix = "data:image/svg+xml;base64,";
        if (!icon.startsWith(prefix)) {
            errors.add(where + "camel.apache.org/kamelet.icon is not an SVG data URI");
            return;
        }
        String svg = new String(Base64.getDecoder().decode(icon.substring(prefix.length())), StandardCharsets.UTF_8);
        if (!svg.contains("<svg")) {
            errors.add(where + "camel.apache.org/kamelet.icon does not decode to an SVG");
        }
    }

    /** The dependencies Camel K would need for the template: each component scheme, and Jackson for marshal json. */
    private static void checkDependencies(String where, Map<String, Object> spec, List<String> errors) {
        List<?> declared = spec.get("dependencies") instanceof List<?> list ? list : List.of();
        Set<String> needed = new TreeSet<>();
        collectDependencies(spec.get("template"), needed);
        for (String dependency : needed) {
            if (!declared.contains(dependency)) {
                errors.add(where + "needs dependency " + dependency);
            }
        }
        for (Object dependency : declared) {
            if (!needed.contains(dependency)) {
                errors.add(where + "declares dependency " + dependency + " it does not use");
            }
        }
    }

    private static void collectDependencies(Object node, Set<String> needed) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (("uri".equals(key) || "to".equals(key) || "from".equals(key)) && value instanceof String uri) {
                    Matcher scheme = SCHEME.matcher(uri);
                    if (scheme.find()) {
                        needed.add(scheme.group(1).equals("velt")
                                ? "mvn:dev.velt.camel:camel-velt-component:" + projectVersion()
                                : "camel:" + scheme.group(1));
                    }
                }
                if ("json".equals(key) && value instanceof Map<?, ?> json) {
                    needed.add("camel:" + String.valueOf(json.get("library")).toLowerCase());
                }
                collectDependencies(value, needed);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectDependencies(item, needed));
        }
    }

    private static void collectParams(Object node, Set<String> params) {
        if (node instanceof String text) {
            Matcher matcher = PARAM.matcher(text);
            while (matcher.find()) {
                params.add(matcher.group(1));
            }
        } else if (node instanceof Map<?, ?> map) {
            map.values().forEach(value -> collectParams(value, params));
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectParams(item, params));
        }
    }

    /** The version of this jar, as the component's catalog JSON records it. */
    static String projectVersion() {
        try (InputStream in = KameletRulesTest.class.getResourceAsStream("/META-INF/dev/velt/camel/component/velt.json")) {
            return new ObjectMapper().readTree(in).path("component").path("version").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value instanceof Map ? (Map<String, Object>) value : new LinkedHashMap<>();
    }

    private static boolean isBlank(Object value) {
        return value == null || value.toString().isBlank();
    }
}
