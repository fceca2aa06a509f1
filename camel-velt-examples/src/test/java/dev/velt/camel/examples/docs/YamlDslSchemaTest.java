package dev.velt.camel.examples.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every YAML route a user may copy (the route files of the examples and tests, the Kamelets' templates and every YAML
 * DSL block of the docs) is valid against the YAML DSL schemas of Camel's newest line (4.22, unpacked from
 * camel-yaml-dsl by the build): {@code camelYamlDsl.json}, the one editors and Kaoto check against, and
 * {@code camelYamlDsl-canonical.json}, the canonical notation Camel 4.22 loads without its "YAML DSL compact notation
 * detected" warning. A header set to a number ({@code constant: 200}) or a step written as a string
 * ({@code - to: direct:x}) fails here, naming the file.
 */
class YamlDslSchemaTest {

    private static final Path ROOT = DocSnippetsTest.root();
    private static final Path SCHEMAS = Path.of("target/camel-yaml-dsl-schema/schema");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a file of routes holds at the top level; a block of the docs starting otherwise is a fragment. */
    private static final Set<String> TOP_LEVEL = Set.of("beans", "route", "from", "routeConfiguration", "routeTemplate",
            "templatedRoute", "rest", "errorHandler", "onException", "intercept", "interceptFrom",
            "interceptSendToEndpoint", "onCompletion");

    private static JsonSchema editors;
    private static JsonSchema canonical;

    @BeforeAll
    static void loadSchemas() throws IOException {
        Path dir = Files.exists(SCHEMAS) ? SCHEMAS : ROOT.resolve("camel-velt-examples").resolve(SCHEMAS);
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        editors = factory.getSchema(JSON.readTree(dir.resolve("camelYamlDsl.json").toFile()));
        JsonNode canonicalTree = JSON.readTree(dir.resolve("camelYamlDsl-canonical.json").toFile());
        // camel-yaml-dsl 4.22.0's canonical schema requires every data format at once in unmarshal (a generator bug:
        // marshal, generated from the same model, has no such list), so no unmarshal could ever pass: drop that list
        ((ObjectNode) canonicalTree.path("items").path("definitions").path("org.apache.camel.model.UnmarshalDefinition"))
                .remove("required");
        canonical = factory.getSchema(canonicalTree);
    }

    @TestFactory
    Stream<DynamicTest> everyYamlRouteIsCanonical() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : routeFiles()) {
            String name = ROOT.relativize(file).toString().replace('\\', '/');
            tests.add(DynamicTest.dynamicTest(name, () -> assertCanonical(name, routes(YAML.readTree(file.toFile())))));
        }
        for (DocSnippet snippet : DocSnippetsTest.allSnippets()) {
            if (snippet.language().equals("yaml")) {
                JsonNode tree = YAML.readTree(snippet.code());
                if (isRoutes(tree)) {
                    tests.add(DynamicTest.dynamicTest(snippet.toString(), () -> assertCanonical(snippet.where(), tree)));
                }
            }
        }
        assertThat(tests).as("YAML routes found").hasSizeGreaterThanOrEqualTo(10);
        return tests.stream();
    }

    @Test
    void aHeaderSetToANumberAndAStepWrittenAsAStringAreRefused() throws IOException {
        JsonNode compact = YAML.readTree("""
                - route:
                    from:
                      uri: direct:start
                      steps:
                        - setHeader:
                            name: CamelHttpResponseCode
                            constant: 200
                        - to: direct:next
                """);

        assertThat(editors.validate(compact)).isNotEmpty();
        assertThat(canonical.validate(compact)).isNotEmpty();
        assertThat(canonical.validate(YAML.readTree("""
                - route:
                    from:
                      uri: direct:start
                      steps:
                        - setHeader:
                            name: CamelHttpResponseCode
                            expression:
                              constant:
                                expression: "200"
                        - to:
                            uri: direct:next
                """))).isEmpty();
    }

    private static void assertCanonical(String where, JsonNode routes) {
        Set<ValidationMessage> errors = editors.validate(routes);
        assertThat(errors).as("%s against Camel's YAML DSL schema: %s", where,
                errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; "))).isEmpty();
        errors = canonical.validate(routes);
        assertThat(errors).as("%s against Camel's canonical YAML DSL schema: %s", where,
                errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; "))).isEmpty();
    }

    private static boolean isRoutes(JsonNode tree) {
        if (tree == null || !tree.isArray() || tree.isEmpty()) {
            return false;
        }
        for (JsonNode item : tree) {
            if (!item.isObject() || item.size() != 1 || !TOP_LEVEL.contains(item.fieldNames().next())) {
                return false;
            }
        }
        return true;
    }

    /** A route file as it is; a Kamelet's template as the route it becomes. */
    private static JsonNode routes(JsonNode file) {
        JsonNode template = file.path("spec").path("template");
        if (!file.path("kind").asText().equals("Kamelet") || template.isMissingNode()) {
            return file;
        }
        ArrayNode routes = YAML.createArrayNode();
        if (template.has("beans")) {
            routes.addObject().set("beans", template.get("beans"));
        }
        ObjectNode route = routes.addObject().putObject("route");
        route.set("from", template.get("from"));
        return routes;
    }

    /**
     * The YAML DSL files in the modules' sources: lists of routes and beans, and Kamelets (Pipes and Spring
     * configuration are not YAML DSL).
     */
    private static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> p.toString().replace('\\', '/').contains("/src/"))
                    .filter(p -> !p.toString().replace('\\', '/').contains("/target/"))
                    .filter(YamlDslSchemaTest::isRoutesOrKamelet).sorted().toList();
        }
    }

    private static boolean isRoutesOrKamelet(Path file) {
        try {
            JsonNode tree = YAML.readTree(file.toFile());
            return isRoutes(tree) || tree != null && tree.path("kind").asText().equals("Kamelet");
        } catch (IOException e) {
            throw new IllegalStateException(file + " is not YAML", e);
        }
    }
}
