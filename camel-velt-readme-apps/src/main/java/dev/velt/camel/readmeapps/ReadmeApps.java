package dev.velt.camel.readmeapps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The applications the README and docs/*.md print, as a reader copies them: run by this module's build with
 * {@code java ReadmeApps.java} (a source-file program, JDK only), around the Maven builds maven-invoker-plugin runs on
 * them.
 * <ul>
 * <li>{@code extract <repository root> <apps dir> <project version>}: writes every code block marked
 * {@code <!-- app: NAME[,NAME...] PATH -->} (the line directly above its opening fence) to
 * {@code <apps dir>/NAME/PATH}, byte for byte. The text above the marker must name the file as {@code `PATH`}, so a
 * reader knows where it goes; a file printed twice (the README's application is one of docs/getting-started.md's) must
 * be printed the same both times; every application has a {@code pom.xml}; a {@code dev.velt.camel} version in a pom
 * must be this build's.</li>
 * <li>{@code check <apps dir> <built dir> <invoker reports dir> NAME=CAMEL_VERSION...}: after the builds, each of the
 * named applications (and no other) was built from the files as printed and its tests passed (maven-invoker-plugin's
 * report), and every {@code org.apache.camel} jar it resolved (the {@code dependency:list} its build wrote) is of the
 * application's Camel version. For a failed build, the end of its log is printed.</li>
 * </ul>
 */
public final class ReadmeApps {

    static final String DEPENDENCIES = "target/camel-velt-readme-apps-dependencies.txt";
    private static final Pattern MARKER = Pattern.compile("<!--\\s*app:\\s*([\\w.,-]+)\\s+(\\S+)\\s*-->");
    private static final Pattern VELT_VERSION = Pattern.compile(
            "<groupId>dev\\.velt\\.camel</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");
    private static final int LOG_TAIL = 80;

    private ReadmeApps() {
    }

    public static void main(String[] args) throws IOException {
        List<String> problems = switch (args.length > 0 ? args[0] : "") {
            case "extract" -> extract(Path.of(args[1]), Path.of(args[2]), args[3]);
            case "check" -> check(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), List.of(args).subList(4, args.length));
            default -> List.of("usage: extract <repository root> <apps dir> <project version>"
                               + " | check <apps dir> <built dir> <invoker reports dir> NAME=CAMEL_VERSION...");
        };
        if (!problems.isEmpty()) {
            problems.forEach(System.err::println);
            System.exit(1);
        }
    }

    /** One printed file of an application: where it is printed and what. */
    private record Printed(String where, String content) {
    }

    static List<String> extract(Path root, Path appsDir, String projectVersion) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Printed>> apps = new TreeMap<>();
        for (Path page : pages(root)) {
            String name = root.relativize(page).toString().replace('\\', '/');
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher marker = MARKER.matcher(lines.get(i).strip());
                if (!marker.matches()) {
                    continue;
                }
                String where = name + ":" + (i + 1);
                String path = marker.group(2);
                if (path.startsWith("/") || path.contains("..") || path.contains("\\")) {
                    problems.add(where + ": " + path + " is not a path inside the application");
                    continue;
                }
                if (!namedAbove(lines, i, path)) {
                    problems.add(where + ": the text above the block does not name `" + path + "`");
                }
                String open = i + 1 < lines.size() ? lines.get(i + 1).strip() : "";
                if (!open.startsWith("```")) {
                    problems.add(where + ": the marker is not directly above a ``` block");
                    continue;
                }
                String fence = open.replaceAll("[^`].*$", "");
                int end = i + 2;
                while (end < lines.size() && !lines.get(end).strip().equals(fence)) {
                    end++;
                }
                if (end == lines.size()) {
                    problems.add(where + ": the block is never closed");
                    continue;
                }
                String content = String.join("\n", lines.subList(i + 2, end)) + "\n";
                for (String app : marker.group(1).split(",")) {
                    Printed before = apps.computeIfAbsent(app, a -> new LinkedHashMap<>()).putIfAbsent(path,
                            new Printed(where, content));
                    if (before != null && !before.content().equals(content)) {
                        problems.add(where + ": " + app + "/" + path + " is printed differently at " + before.where());
                    }
                }
                i = end;
            }
        }
        if (apps.isEmpty()) {
            problems.add("no <!-- app: ... --> block in " + root.resolve("README.md") + " or docs/");
        }
        apps.forEach((app, files) -> {
            Printed pom = files.get("pom.xml");
            if (pom == null) {
                problems.add(app + ": no pom.xml printed (files: " + files.keySet() + ")");
                return;
            }
            Matcher velt = VELT_VERSION.matcher(pom.content());
            while (velt.find()) {
                if (!velt.group(2).equals(projectVersion)) {
                    problems.add(pom.where() + ": dev.velt.camel:" + velt.group(1) + " is at " + projectVersion
                                 + " in this build, the pom says " + velt.group(2));
                }
            }
        });
        if (problems.isEmpty()) {
            deleteRecursively(appsDir);
            for (var app : apps.entrySet()) {
                for (var file : app.getValue().entrySet()) {
                    Path target = appsDir.resolve(app.getKey()).resolve(file.getKey());
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, file.getValue().content());
                }
            }
        }
        return problems;
    }

    /** README.md and docs/*.md. */
    private static List<Path> pages(Path root) throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** Whether the prose above the marker (back to the previous block or heading) names the file. */
    private static boolean namedAbove(List<String> lines, int marker, String path) {
        for (int i = marker - 1; i >= 0 && marker - i <= 8; i--) {
            String line = lines.get(i).strip();
            if (line.startsWith("```") || line.startsWith("#")) {
                return false;
            }
            if (line.contains("`" + path + "`")) {
                return true;
            }
        }
        return false;
    }

    static List<String> check(Path printedDir, Path builtDir, Path reports, List<String> expectations)
            throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, String> camelVersions = new TreeMap<>();
        expectations.forEach(e -> camelVersions.put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1)));
        List<String> printed;
        try (Stream<Path> dirs = Files.list(printedDir)) {
            printed = dirs.map(d -> d.getFileName().toString()).sorted().toList();
        }
        if (!printed.equals(List.copyOf(camelVersions.keySet()))) {
            problems.add("the docs print the applications " + printed + ", the build expects " + camelVersions.keySet());
        }
        for (String app : printed) {
            Path built = builtDir.resolve(app);
            Path report = reports.resolve("BUILD-" + app + ".xml");
            String result = Files.exists(report) ? attribute(Files.readString(report), "result") : "not run";
            if (!"success".equals(result)) {
                problems.add(app + ": " + result + "; the end of " + built.resolve("build.log") + ":");
                problems.add(tail(built.resolve("build.log")));
                continue;
            }
            List<Path> files;
            try (Stream<Path> all = Files.walk(printedDir.resolve(app))) {
                files = all.filter(Files::isRegularFile).toList();
            }
            for (Path file : files) {
                Path copy = built.resolve(printedDir.resolve(app).relativize(file));
                if (!Files.exists(copy) || Files.mismatch(file, copy) != -1) {
                    problems.add(app + ": " + copy + " was built, but differs from the printed " + file);
                }
            }
            String expected = camelVersions.getOrDefault(app, "(none expected)");
            Path dependencies = built.resolve(DEPENDENCIES);
            List<String> camel = Files.readAllLines(dependencies).stream().map(String::strip)
                    .filter(l -> l.startsWith("org.apache.camel:")).toList();
            if (camel.isEmpty()) {
                problems.add(app + ": no org.apache.camel jar in " + dependencies);
            }
            List<String> other = camel.stream().filter(l -> !version(l).equals(expected)).toList();
            if (!other.isEmpty()) {
                problems.add(app + ": Camel jars of another version than " + expected + ": " + other);
            }
        }
        return problems;
    }

    /** The version of a dependency:list line, {@code group:artifact:type[:classifier]:version:scope[ -- module ...]}. */
    private static String version(String line) {
        String[] parts = line.split(" ", 2)[0].split(":");
        return parts[parts.length - 2];
    }

    private static String attribute(String xml, String name) {
        Matcher value = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(xml);
        return value.find() ? value.group(1) : "no " + name;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of("(no log)");
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
