package dev.velt.camel.examples.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test recipes of docs/testing.md are tests this build runs: the {@code CamelTestSupport} class printed there is
 * {@code MyPushRouteTest} as it is (but its package line), and the lines shown of the Spring Boot one are in
 * {@code VeltSpringBootPushTest}.
 */
class DocsRecipesTest {

    private static final Path ROOT = DocSnippetsTest.root();

    @Test
    void theCamelTestSupportRecipeIsMyPushRouteTest() throws IOException {
        String test = Files.readString(ROOT.resolve(
                "camel-velt-examples/src/test/java/dev/velt/camel/examples/usertest/MyPushRouteTest.java"));
        String withoutPackage = test.substring(test.indexOf('\n') + 1).stripLeading();

        assertThat(javaBlocks()).contains(withoutPackage);
    }

    @Test
    void theSpringBootRecipeLinesAreInVeltSpringBootPushTest() throws IOException {
        String test = Files.readString(ROOT.resolve("camel-velt-examples-spring-boot/src/test/java/dev/velt/camel/"
                                                    + "examples/springboot/VeltSpringBootPushTest.java"));
        String excerpt = javaBlocks().stream().filter(code -> code.startsWith("@SpringBootTest")).findFirst()
                .orElseThrow();

        assertThat(test).contains(excerpt);
    }

    private static List<String> javaBlocks() throws IOException {
        return DocSnippet.parse("docs/testing.md", Files.readString(ROOT.resolve("docs/testing.md"))).stream()
                .filter(s -> s.language().equals("java")).map(DocSnippet::code).toList();
    }
}
