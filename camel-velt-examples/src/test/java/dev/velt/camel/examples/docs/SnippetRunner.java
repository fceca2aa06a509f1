package dev.velt.camel.examples.docs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import org.xml.sax.InputSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velt.camel.component.VeltEndpoint;
import dev.velt.camel.test.SimFinding;
import dev.velt.camel.test.SimRequest;
import dev.velt.camel.test.SimUrlResult;
import dev.velt.camel.test.VeltSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.spi.PropertiesFunction;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.awaitility.core.ConditionTimeoutException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.awaitility.Awaitility.await;

/**
 * Runs one docs snippet as a reader would use it, and fails with an {@link AssertionError} that starts with the
 * snippet's {@code file:line} and says what went wrong:
 * <ul>
 * <li>{@code yaml}: a list (routes, beans) or a {@code Pipe} is loaded as a route file on Camel Main against the Velt
 * simulator; every {@code velt:} consumer must deliver at least one exchange and no exchange may fail. A map
 * (application.yaml) is flattened to properties and bound like a properties block.</li>
 * <li>{@code properties}: bound to a Camel Main, which must start (an unknown {@code camel.component.velt.*} option
 * fails).</li>
 * <li>{@code java}: compiled in memory; a class that is a {@link RoutesBuilder} is started on Camel Main as a YAML
 * route
 * file is. Statements (no class) are compiled and run as the body of a {@code RouteBuilder.configure()}. Code that
 * shows no imports gets {@link #DEFAULT_IMPORTS}.</li>
 * <li>{@code xml}: well-formed; a {@code dev.velt.camel} dependency must name a module of this build at its
 * version.</li>
 * <li>{@code json}: one well-formed JSON value.</li>
 * </ul>
 * Every Camel Main gets the component's connection from properties, as the docs show it:
 * {@code camel.component.velt.api-key={{env:VELT_API_KEY}}}, {@code ...auth-token={{env:VELT_AUTH_TOKEN}}},
 * {@code ...webhook-secret={{env:VELT_WEBHOOK_SECRET}}}, the same per Kamelet ({@code camel.kamelet.velt-*.apiKey},
 * ...)
 * and {@code base-url} set to the simulator (a snippet's own properties win); {@code {{env:VELT_API_KEY}}},
 * {@code {{env:VELT_AUTH_TOKEN}}} and {@code {{env:VELT_BASE_URL}}} resolve to the simulator's credentials and URL.
 * Once the Camel Main has started, the simulator starts what the docs' routes follow (see
 * {@link #playTheDocsScenario()}).
 * A snippet with a {@code webhookPath} also gets the HTTP server the docs' push set-up adds. A bean
 * {@code positions} (an in-memory state repository) exists unless the snippet declares its own, and every
 * {@code direct:} or {@code seda:} endpoint a snippet sends to without consuming it ("your processing") gets a route
 * that accepts the exchange. The working directory (target/test-run) stands for the reader's project: relative
 * paths such as {@code data/velt-positions.dat} or {@code file:routes/*.yaml} land there.
 */
final class SnippetRunner {

    static final List<String> DEFAULT_IMPORTS = List.of("java.io.*", "java.util.*", "org.apache.camel.*",
            "org.apache.camel.builder.*", "org.apache.camel.spi.*", "org.apache.camel.support.processor.state.*",
            "dev.velt.camel.component.*", "dev.velt.camel.model.*");

    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(40);
    /** The definition and the agent the docs' routes follow. */
    private static final String DEFINITION_ID = "marketing-copy-approval";
    private static final String AGENT_ID = "brand-checker";
    /** What {@link #playTheDocsScenario()} plays, for failure messages. */
    private static final String SCENARIO = "executions of " + DEFINITION_ID + " that emit execution.dispatched,"
                                           + " step.awaiting-approval, step.completed, execution.completed, step.failed"
                                           + " and execution.failed, and a run of " + AGENT_ID
                                           + " with critical, high and low findings";
    private static final String WEBHOOK_SECRET = "docs-snippets-webhook-secret-0123456789";
    private static final List<String> KAMELETS = List.of("velt-events-source", "velt-agent-findings-source",
            "velt-dispatch-sink");
    private static final Pattern PUBLIC_CLASS = Pattern.compile("public\\s+(?:final\\s+|abstract\\s+)*class\\s+(\\w+)");
    private static final Pattern TYPE_DECLARATION = Pattern.compile("\\b(class|interface|record|enum)\\s+\\w+");

    private final VeltSimulator velt;
    private int runs;
    private final Path workDir;
    private final Set<String> modules;
    private final String projectVersion;

    /**
     * @param velt a running simulator with no scenario of its own and a clock that ticks
     * @param workDir where YAML snippets are written as route files
     * @param modules the artifactIds of this build's modules
     * @param projectVersion this build's version
     */
    SnippetRunner(VeltSimulator velt, Path workDir, Set<String> modules, String projectVersion) {
        this.velt = velt;
        this.workDir = workDir;
        this.modules = modules;
        this.projectVersion = projectVersion;
    }

    void run(DocSnippet snippet) {
        try {
            switch (snippet.language()) {
                case "yaml", "yml" -> runYaml(snippet);
                case "properties" -> runOnMain(snippet, parseProperties(snippet.code()), main -> {
                });
                case "java" -> runJava(snippet);
                case "xml" -> checkXml(snippet);
                case "json" -> new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .readTree(snippet.code());
                default -> throw new SnippetFailure("there is no way to run a ```" + snippet.language()
                                                    + " block: mark it as an excerpt (" + DocSnippet.MARKDOWN_MARKER
                                                    + " in Markdown, " + DocSnippet.ASCIIDOC_MARKER
                                                    + " in AsciiDoc) or use a language the test runs");
            }
        } catch (SnippetFailure e) {
            throw new AssertionError(snippet.where() + ": " + e.getMessage(), e.getCause());
        } catch (Exception | LinkageError e) {
            throw new AssertionError(snippet.where() + ": " + describe(e), e);
        }
    }

    // ------------------------------------------------------------------ YAML

    private void runYaml(DocSnippet snippet) throws Exception {
        List<Object> documents = new ArrayList<>();
        new Load(LoadSettings.builder().build()).loadAllFromString(snippet.code()).forEach(documents::add);
        if (documents.size() == 1 && (documents.get(0) instanceof List
                || documents.get(0) instanceof Map<?, ?> map && "Pipe".equals(map.get("kind")))) {
            Path routes = workDir.resolve(snippet.file().replaceAll("[^A-Za-z0-9-]", "_") + "-" + snippet.line() + ".yaml");
            Files.writeString(routes, snippet.code(), StandardCharsets.UTF_8);
            runOnMain(snippet, Map.of("camel.main.routes-include-pattern", "file:" + routes.toAbsolutePath()), main -> {
            });
        } else if (documents.size() == 1 && documents.get(0) instanceof Map<?, ?> map
                && map.keySet().stream().anyMatch(key -> List.of("camel", "spring", "quarkus").contains(key))) {
            Map<String, String> properties = new LinkedHashMap<>();
            flatten("", map, properties);
            runOnMain(snippet, properties, main -> {
            });
        } else {
            throw new SnippetFailure("YAML that is neither a list of routes and beans, a Pipe nor an application.yaml"
                                     + " (camel:, spring:, quarkus:): mark it as an excerpt if it is not meant to run");
        }
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> into) {
        map.forEach((key, value) -> {
            String name = prefix + key;
            if (value instanceof Map<?, ?> nested) {
                flatten(name + ".", nested, into);
            } else {
                into.put(name, String.valueOf(value));
            }
        });
    }

    private static Map<String, String> parseProperties(String code) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(code));
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    // ------------------------------------------------------------------ Java

    private void runJava(DocSnippet snippet) throws Exception {
        String code = snippet.code();
        boolean fragment = !TYPE_DECLARATION.matcher(code).find();
        boolean hasImports = Pattern.compile("(?m)^\\s*import\\s").matcher(code).find();
        StringBuilder source = new StringBuilder();
        if (!hasImports) {
            DEFAULT_IMPORTS.forEach(i -> source.append("import ").append(i).append(";\n"));
        }
        String className;
        if (fragment) {
            className = "DocSnippetRoutes";
            source.append("public class DocSnippetRoutes extends RouteBuilder {\n")
                    .append("@Override public void configure() throws Exception {\n");
        } else {
            Matcher name = PUBLIC_CLASS.matcher(code);
            className = name.find() ? name.group(1) : "DocSnippet";
        }
        int prefixLines = (int) source.chars().filter(c -> c == '\n').count();
        source.append(code);
        if (fragment) {
            source.append("}\n}\n");
        }
        Map<String, Class<?>> classes = compile(snippet, className, source.toString(), prefixLines);
        Class<?> main = classes.get(className);
        if (main != null && RoutesBuilder.class.isAssignableFrom(main)) {
            RoutesBuilder routes = (RoutesBuilder) main.getConstructor().newInstance();
            runOnMain(snippet, Map.of(), m -> m.configure().addRoutesBuilder(routes));
        }
    }

    private static Map<String, Class<?>> compile(DocSnippet snippet, String className, String source, int prefixLines)
            throws ClassNotFoundException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> output = new HashMap<>();
        StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
        JavaFileManager files = new ForwardingJavaFileManager<>(standard) {

            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String name, JavaFileObject.Kind kind,
                    FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + kind.extension), kind) {

                    @Override
                    public OutputStream openOutputStream() {
                        return output.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"),
                JavaFileObject.Kind.SOURCE) {

            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> options = List.of("--release", "17", "-proc:none", "-classpath", classpath);
        boolean ok = compiler.getTask(null, files, diagnostics, options, null, List.of(unit)).call();
        if (!ok) {
            String errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> snippet.file() + ":" + (snippet.line() + d.getLineNumber() - prefixLines - 1) + ": "
                              + d.getMessage(null).lines().map(String::strip).collect(Collectors.joining(" ")))
                    .collect(Collectors.joining("; "));
            throw new SnippetFailure("does not compile: " + errors);
        }
        ClassLoader loader = new ClassLoader(SnippetRunner.class.getClassLoader()) {

            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream bytes = output.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] code = bytes.toByteArray();
                return defineClass(name, code, 0, code.length);
            }
        };
        Map<String, Class<?>> classes = new HashMap<>();
        for (String name : output.keySet()) {
            classes.put(name, loader.loadClass(name));
        }
        return classes;
    }

    // ------------------------------------------------------------------ XML

    private void checkXml(DocSnippet snippet) throws Exception {
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader("<snippet>" + snippet.code() + "</snippet>")))
                .getDocumentElement();
        NodeList dependencies = root.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (!"dev.velt.camel".equals(text(dependency, "groupId"))) {
                continue;
            }
            String artifactId = text(dependency, "artifactId");
            if (!modules.contains(artifactId)) {
                throw new SnippetFailure("dev.velt.camel:" + artifactId + " is not a module of this build " + modules);
            }
            String version = text(dependency, "version");
            if (version != null && !version.equals(projectVersion) && !version.startsWith("${")) {
                throw new SnippetFailure("dev.velt.camel:" + artifactId + " is at version " + projectVersion
                                         + ", the snippet says " + version);
            }
        }
    }

    private static String text(Element parent, String child) {
        NodeList nodes = parent.getElementsByTagName(child);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }

    // ------------------------------------------------------------------ Camel Main

    private void runOnMain(DocSnippet snippet, Map<String, String> snippetProperties, Consumer<Main> routes)
            throws Exception {
        velt.requests().clear();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("camel.main.name", "docs-snippet");
        properties.put("camel.component.velt.api-key", "{{env:VELT_API_KEY}}");
        properties.put("camel.component.velt.auth-token", "{{env:VELT_AUTH_TOKEN}}");
        properties.put("camel.component.velt.webhook-secret", "{{env:VELT_WEBHOOK_SECRET}}");
        properties.put("camel.component.velt.base-url", velt.baseUrl());
        for (String kamelet : KAMELETS) {
            properties.put("camel.kamelet." + kamelet + ".apiKey", "{{env:VELT_API_KEY}}");
            properties.put("camel.kamelet." + kamelet + ".authToken", "{{env:VELT_AUTH_TOKEN}}");
            properties.put("camel.kamelet." + kamelet + ".baseUrl", velt.baseUrl());
        }
        if (snippet.code().contains("webhookPath")) {
            properties.put("camel.server.enabled", "true");
            properties.put("camel.server.port", "0");
        }
        properties.putAll(snippetProperties);

        Main main = new Main();
        // only what the snippet says: not the examples' own application.properties
        main.setDefaultPropertyPlaceholderLocation("false");
        properties.forEach(main::addInitialProperty);
        routes.accept(main);
        Deliveries deliveries = new Deliveries();
        main.addMainListener(new MainListenerSupport() {

            @Override
            public void beforeConfigure(BaseMainSupport support) {
                CamelContext context = support.getCamelContext();
                context.getPropertiesComponent().addPropertiesFunction(new SnippetEnvironment(velt));
                context.getRegistry().bind("positions", new MemoryStateRepository());
                context.addRoutePolicyFactory((camel, routeId, route) -> deliveries);
            }

            @Override
            public void afterConfigure(BaseMainSupport support) {
                acceptUnconsumedEndpoints(support.getCamelContext());
            }
        });
        try {
            try {
                main.start();
            } catch (Exception e) {
                throw new SnippetFailure("does not start on Camel Main: " + describe(e), e);
            }
            playTheDocsScenario();
            CamelContext context = main.getCamelContext();
            List<String> veltRoutes = context.getRoutes().stream()
                    .filter(route -> route.getEndpoint() instanceof VeltEndpoint)
                    .map(Route::getRouteId).toList();
            if (!veltRoutes.isEmpty()) {
                try {
                    await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofMillis(100))
                            .until(() -> !deliveries.failures.isEmpty() || refusedRequest() != null
                                    || veltRoutes.stream().allMatch(id -> deliveries.completed.containsKey(id)));
                } catch (ConditionTimeoutException e) {
                    // reported below, with what did not arrive
                }
            }
            if (!deliveries.failures.isEmpty()) {
                throw new SnippetFailure("an exchange failed: " + deliveries.failures.get(0));
            }
            SimRequest refused = refusedRequest();
            if (refused != null) {
                throw new SnippetFailure("Velt was called with an API key other than {{env:VELT_API_KEY}}: "
                                         + refused.path() + " " + refused.data());
            }
            List<String> silent = veltRoutes.stream().filter(id -> !deliveries.completed.containsKey(id)).toList();
            if (!silent.isEmpty()) {
                throw new SnippetFailure("route(s) " + silent + " delivered nothing within " + DELIVERY_TIMEOUT.toSeconds()
                                         + " s from a Velt with " + SCENARIO + " (requests by path: "
                                         + velt.requests().countsByPath() + ")");
            }
        } finally {
            main.stop();
        }
    }

    /**
     * Starts, on the simulator, what the docs' routes follow: two executions of {@value #DEFINITION_ID} (one waits
     * for an approval and completes, one fails) and a run of {@value #AGENT_ID} that finishes with a critical, a high
     * and a low finding. They start after the snippet's consumers, so every consumer sees them whatever it remembers
     * of earlier runs; their ids carry the simulated time, so a position file from an earlier build never covers them.
     */
    private void playTheDocsScenario() {
        velt.atomically(() -> {
            long now = velt.tick();
            String id = velt.timeOf(now) + "_docs" + ++runs;
            String review = "step_human-review_" + runs;
            velt.addExecution("exec_" + id + "a", DEFINITION_ID)
                    .event(1, "execution.dispatched", null, Map.of("definitionId", DEFINITION_ID))
                    .internal(2)
                    .event(3, "step.awaiting-approval", review, Map.of("waitingForReviewers", 1, "mandatoryCount", 1))
                    .eventAt(now + 20, 5, "step.completed", review, Map.of("decision", "approve"))
                    .eventAt(now + 21, 6, "execution.completed", null, null);
            velt.addExecution("exec_" + id + "b", DEFINITION_ID)
                    .event(1, "execution.dispatched", null, Map.of("definitionId", DEFINITION_ID))
                    .eventAt(now + 5, 3, "step.failed", "step_agent-publish_" + runs, Map.of("attempt", 2))
                    .eventAt(now + 5, 4, "execution.failed", null, Map.of("failureReason",
                            Map.of("code", "STEP_FAILED", "message", "CMS answered 502 Bad Gateway")));
            String url = "https://www.example.com/pricing";
            List<SimFinding> findings = List.of(finding(1, "critical", "Outdated logo", url),
                    finding(2, "high", "Tone does not match the brand", url), finding(3, "low", "Double space", url));
            velt.addAgentRun("exec_" + id + "r", AGENT_ID, now, now + 3, "failed",
                    List.of(new SimUrlResult(url, findings, findings.size(), velt.timeOf(now + 3))));
        });
    }

    private static SimFinding finding(int n, String severity, String title, String url) {
        return new SimFinding("finding-" + n, title, title + " on the pricing page", severity, "content", title, 1, url,
                "Fix: " + title, "main p", "/html/body/main/p[" + n + "]", false, "brand-" + n, 90);
    }

    /** The first request with credentials other than the simulator's, or null. */
    private SimRequest refusedRequest() {
        return velt.requests().all().stream().filter(r -> !velt.apiKey().equals(r.apiKey())).findFirst().orElse(null);
    }

    /** Adds a route that accepts the exchanges sent to each direct: or seda: endpoint no route of the snippet consumes. */
    private static void acceptUnconsumedEndpoints(CamelContext context) {
        Collection<RouteDefinition> definitions = ((ModelCamelContext) context).getRouteDefinitions();
        Set<String> consumed = definitions.stream().map(r -> base(r.getInput().getEndpointUri()))
                .collect(Collectors.toSet());
        Set<String> unconsumed = new LinkedHashSet<>();
        for (RouteDefinition definition : definitions) {
            for (SendDefinition<?> send : ProcessorDefinitionHelper.filterTypeInOutputs(definition.getOutputs(),
                    SendDefinition.class)) {
                String uri = base(send.getEndpointUri());
                if ((uri.startsWith("direct:") || uri.startsWith("seda:")) && !consumed.contains(uri)) {
                    unconsumed.add(uri);
                }
            }
        }
        if (unconsumed.isEmpty()) {
            return;
        }
        try {
            context.addRoutes(new RouteBuilder() {

                @Override
                public void configure() {
                    for (String uri : unconsumed) {
                        from(uri).routeId("docs-accepts-" + uri.replace(':', '-')).log(LoggingLevel.DEBUG, "accepted");
                    }
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base(String uri) {
        String noQuery = uri == null ? "" : uri.split("\\?", 2)[0];
        return noQuery.replaceFirst("^(\\w+)://", "$1:");
    }

    static String describe(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null && messages.size() < 6; t = t.getCause()) {
            String message = t.getClass().getSimpleName() + ": " + t.getMessage();
            if (messages.isEmpty() || !messages.get(messages.size() - 1).contains(String.valueOf(t.getMessage()))) {
                messages.add(message);
            }
        }
        return String.join(" <- caused by ", messages);
    }

    /** Exchanges completed per route, and failed ones, of the snippet's Camel Main. */
    private static final class Deliveries extends RoutePolicySupport {

        final Map<String, Integer> completed = new ConcurrentHashMap<>();
        final List<String> failures = new CopyOnWriteArrayList<>();

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            if (exchange.isFailed()) {
                failures.add("route " + route.getRouteId() + ": " + describe(exchange.getException()));
            } else {
                completed.merge(route.getRouteId(), 1, Integer::sum);
            }
        }
    }

    /** {@code {{env:...}}} as a reader who followed the docs has it: the Velt variables point at the simulator. */
    private static final class SnippetEnvironment implements PropertiesFunction {

        private final Map<String, String> variables;

        SnippetEnvironment(VeltSimulator velt) {
            variables = Map.of("VELT_API_KEY", velt.apiKey(), "VELT_AUTH_TOKEN", velt.authToken(),
                    "VELT_BASE_URL", velt.baseUrl(), "VELT_WEBHOOK_SECRET", WEBHOOK_SECRET);
        }

        @Override
        public String getName() {
            return "env";
        }

        @Override
        public String apply(String remainder) {
            String name = remainder;
            String defaultValue = null;
            int colon = remainder.indexOf(':');
            if (colon >= 0) {
                name = remainder.substring(0, colon);
                defaultValue = remainder.substring(colon + 1);
            }
            String value = variables.getOrDefault(name, System.getenv(name));
            return value != null ? value : defaultValue;
        }
    }

    /** A failure whose message already says what is wrong with the snippet. */
    static final class SnippetFailure extends RuntimeException {

        SnippetFailure(String message) {
            super(message);
        }

        SnippetFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
