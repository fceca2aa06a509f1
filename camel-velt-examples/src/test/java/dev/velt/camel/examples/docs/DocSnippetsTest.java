package dev.velt.camel.examples.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltSimulatorExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every code block of the README, docs/*.md, the example modules' READMEs and the component's AsciiDoc page runs as
 * written (see {@link SnippetRunner} for what "runs" means per language), unless the page marks it as an excerpt or as
 * a file of a complete application, which camel-velt-readme-apps builds and tests (see {@link DocSnippet}). A failure
 * names the block as {@code file:line}. The routes run against the Velt simulator, with
 * no scenario of its own: each run plays what the docs' routes follow (see {@link SnippetRunner}).
 */
class DocSnippetsTest {

    private static final Path ROOT = repositoryRoot();

    @RegisterExtension
    static final VeltSimulatorExtension VELT = new VeltSimulatorExtension(SimulatorOptions.defaults().tickMillis(50)
            .workflowExecutions(0).agentRuns(0));

    private static SnippetRunner runner;

    @BeforeAll
    static void createRunner() throws IOException {
        // the working directory stands for the reader's project, which has a routes/ folder
        Files.createDirectories(Path.of("routes"));
        Path workDir = Files.createDirectories(ROOT.resolve("camel-velt-examples/target/doc-snippets"));
        runner = new SnippetRunner(VELT.simulator(), workDir, modules(), projectVersion());
    }

    @TestFactory
    Stream<DynamicTest> everySnippetRunsAsWritten() throws IOException {
        List<DocSnippet> runnable = allSnippets().stream().filter(DocSnippet::runsHere).toList();
        assertThat(runnable).as("snippets to run in %s", docFiles()).hasSizeGreaterThanOrEqualTo(5);
        return runnable.stream().map(snippet -> DynamicTest.dynamicTest(snippet.toString(), () -> runner.run(snippet)));
    }

    @Test
    void aBrokenRouteIsReportedWithItsFileAndLineAndTheReason() {
        DocSnippet broken = new DocSnippet("docs/broken.md", 12, "yaml", """
                - route:
                    from:
                      uri: velt:events
                      parameters:
                        definitonId: marketing-copy-approval
                      steps:
                        - log: "${body}"
                """, false);

        assertThatThrownBy(() -> runner.run(broken)).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("docs/broken.md:12: does not start on Camel Main: ")
                .hasMessageContaining("Unknown parameters=[{definitonId=marketing-copy-approval}]");
    }

    @Test
    void aJavaSnippetThatDoesNotCompileIsReportedAtTheLineOfTheError() {
        DocSnippet broken = new DocSnippet("README.md", 40, "java", """
                from("velt:events?executionId=exec_1")
                    .log("${body}")
                    .too("direct:next");
                """, false);

        assertThatThrownBy(() -> runner.run(broken)).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("README.md:40: does not compile: README.md:42: cannot find symbol");
    }

    @Test
    void aRouteWhoseExchangesFailIsReportedWithTheRouteAndTheException() {
        DocSnippet broken = new DocSnippet("README.md", 7, "yaml", """
                - route:
                    id: failing
                    from:
                      uri: velt:events?definitionId=marketing-copy-approval
                      steps:
                        - throwException:
                            exceptionType: java.lang.IllegalStateException
                            message: "no Jira today"
                """, false);

        assertThatThrownBy(() -> runner.run(broken)).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("README.md:7: an exchange failed: route failing: IllegalStateException: no Jira today");
    }

    @Test
    void markersAndShellOrOutputBlocksMakeExcerpts() {
        String page = """
                # Title

                ```yaml
                - route: {}
                ```

                <!-- snippet: excerpt -->
                ```java
                from("x")...
                ```

                ```bash
                ./mvnw verify
                ```
                ```text
                output
                ```
                """;

        List<DocSnippet> snippets = DocSnippet.parse("page.md", page);

        assertThat(snippets).extracting(DocSnippet::where).containsExactly("page.md:4", "page.md:9", "page.md:13",
                "page.md:16");
        assertThat(snippets).extracting(DocSnippet::excerpt).containsExactly(false, true, true, true);
        assertThat(snippets.get(0).code()).isEqualTo("- route: {}\n");
    }

    @Test
    void filesOfAnApplicationAreLeftToTheReadmeAppsBuild() {
        String page = """
                `pom.xml`:

                <!-- app: camel-main pom.xml -->
                ```xml
                <project/>
                ```

                <!-- app: spring-boot-4,spring-boot-3 src/main/resources/application.properties -->
                ```properties
                a = b
                ```
                """;

        List<DocSnippet> snippets = DocSnippet.parse("page.md", page);

        assertThat(snippets).extracting(DocSnippet::app).containsExactly("camel-main pom.xml",
                "spring-boot-4,spring-boot-3 src/main/resources/application.properties");
        assertThat(snippets).noneMatch(DocSnippet::runsHere).noneMatch(DocSnippet::excerpt);
    }

    @Test
    void applicationsArePrintedOnlyWhereTheReadmeAppsBuildReadsThem() throws IOException {
        List<DocSnippet> apps = allSnippets().stream().filter(s -> s.app() != null).toList();

        assertThat(apps).as("files of applications").isNotEmpty()
                .allSatisfy(s -> assertThat(s.file()).as(s.where()).matches("README\\.md|docs/[^/]+\\.md"));
    }

    @Test
    void asciiDocSourceBlocksAndTheirMarker() {
        String page = """
                == Section

                [source,properties]
                ----
                a = b
                ----

                // snippet: excerpt
                [source,java]
                ----
                from("x")
                ----

                ----
                velt:operation[?options]
                ----
                """;

        List<DocSnippet> snippets = DocSnippet.parse("velt-component.adoc", page);

        assertThat(snippets).extracting(DocSnippet::toString)
                .containsExactly("velt-component.adoc:5 (properties)", "velt-component.adoc:11 (java)");
        assertThat(snippets).extracting(DocSnippet::excerpt).containsExactly(false, true);
    }

    static List<DocSnippet> allSnippets() throws IOException {
        List<DocSnippet> snippets = new ArrayList<>();
        for (Path file : docFiles()) {
            String name = ROOT.relativize(file).toString().replace('\\', '/');
            snippets.addAll(DocSnippet.parse(name, Files.readString(file)));
        }
        return snippets;
    }

    /** README.md, docs/*.md, every example module's README.md and the component's AsciiDoc pages. */
    private static List<Path> docFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        try (Stream<Path> modules = Files.list(ROOT)) {
            modules.filter(p -> p.getFileName().toString().startsWith("camel-velt-examples"))
                    .map(p -> p.resolve("README.md")).filter(Files::exists).sorted().forEach(files::add);
        }
        try (Stream<Path> adoc = Files.list(ROOT.resolve("camel-velt-component/src/main/docs"))) {
            adoc.filter(p -> p.toString().endsWith(".adoc")).sorted().forEach(files::add);
        }
        return files;
    }

    static Path root() {
        return ROOT;
    }

    private static Path repositoryRoot() {
        Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        Path root = module.getParent();
        if (!Files.exists(root.resolve("camel-velt-component")) && Files.exists(module.resolve("camel-velt-component"))) {
            root = module;
        }
        return root;
    }

    /** The artifactIds of the modules the root pom builds. */
    private static Set<String> modules() throws IOException {
        Set<String> modules = new LinkedHashSet<>();
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (module.find()) {
            String pom = Files.readString(ROOT.resolve(module.group(1)).resolve("pom.xml"));
            Matcher artifact = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>").matcher(pom);
            modules.add(artifact.find() ? artifact.group(1) : module.group(1));
        }
        return modules;
    }

    /** The root pom's {@code revision} property: the version every module has unless a build passes another. */
    private static String projectVersion() throws IOException {
        Matcher version = Pattern.compile("<revision>([^<]+)</revision>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(version.find()).as("the root pom's revision").isTrue();
        return version.group(1);
    }
}
