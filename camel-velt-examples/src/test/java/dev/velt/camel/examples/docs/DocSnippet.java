package dev.velt.camel.examples.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One code block of a Markdown or AsciiDoc page: where it is ({@code file:line} of its first line of code), its
 * language and its text, and whether the page marks it as an excerpt (not run).
 * <p>
 * Markers: in Markdown the line {@code <!-- snippet: excerpt -->} directly above the opening fence; in AsciiDoc the
 * line {@code // snippet: excerpt} directly above the {@code [source,...]} line. Output samples ({@code text}) and
 * shell commands ({@code bash}, {@code sh}, {@code shell}, {@code console}) are excerpts without a marker.
 * <p>
 * A file of a complete application is marked {@code <!-- app: NAME[,NAME...] PATH -->} in Markdown: module
 * camel-velt-readme-apps builds and tests each such application as printed, so it is not run here ({@link #app()} is
 * {@code NAME[,NAME...] PATH}).
 */
record DocSnippet(String file, int line, String language, String code, boolean excerpt, String app) {

    static final String MARKDOWN_MARKER = "<!-- snippet: excerpt -->";
    static final Pattern APP_MARKER = Pattern.compile("<!--\\s*app:\\s*(\\S+\\s+\\S+)\\s*-->");
    static final String ASCIIDOC_MARKER = "// snippet: excerpt";
    static final Set<String> EXCERPT_LANGUAGES = Set.of("text", "bash", "sh", "shell", "console");

    DocSnippet(String file, int line, String language, String code, boolean excerpt) {
        this(file, line, language, code, excerpt, null);
    }

    /** Whether {@code DocSnippetsTest} runs it: neither an excerpt nor a file of an application. */
    boolean runsHere() {
        return !excerpt && app == null;
    }

    /** {@code file:line}, as a failure names the snippet. */
    String where() {
        return file + ":" + line;
    }

    @Override
    public String toString() {
        return where() + " (" + (language.isEmpty() ? "no language" : language) + ")";
    }

    /** The code blocks of a page; {@code file} is the name used in failure messages. */
    static List<DocSnippet> parse(String file, String content) {
        List<String> lines = content.lines().toList();
        return file.endsWith(".adoc") ? parseAsciiDoc(file, lines) : parseMarkdown(file, lines);
    }

    private static List<DocSnippet> parseMarkdown(String file, List<String> lines) {
        List<DocSnippet> snippets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String open = lines.get(i).strip();
            if (!open.startsWith("```")) {
                continue;
            }
            String fence = open.substring(0, open.length() - open.replaceFirst("^`+", "").length());
            String language = open.substring(fence.length()).strip().split("[\\s{]", 2)[0].toLowerCase(Locale.ROOT);
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().equals(fence)) {
                end++;
            }
            if (end == lines.size()) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": code block opened with " + fence
                                                + " is never closed");
            }
            String above = i > 0 ? lines.get(i - 1).strip() : "";
            Matcher app = APP_MARKER.matcher(above);
            snippets.add(snippet(file, i + 2, language, lines.subList(i + 1, end), above.equals(MARKDOWN_MARKER),
                    app.matches() ? app.group(1) : null));
            i = end;
        }
        return snippets;
    }

    private static List<DocSnippet> parseAsciiDoc(String file, List<String> lines) {
        List<DocSnippet> snippets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String attributes = lines.get(i).strip();
            if (!attributes.startsWith("[source")) {
                continue;
            }
            String[] parts = attributes.substring(1, attributes.length() - 1).split(",");
            String language = parts.length > 1 ? parts[1].strip().toLowerCase(Locale.ROOT) : "";
            int open = i + 1;
            if (open >= lines.size() || !lines.get(open).strip().matches("-{4,}")) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": " + attributes
                                                + " must be followed by a ---- delimited block");
            }
            String delimiter = lines.get(open).strip();
            int end = open + 1;
            while (end < lines.size() && !lines.get(end).strip().equals(delimiter)) {
                end++;
            }
            if (end == lines.size()) {
                throw new IllegalStateException(file + ":" + (open + 1) + ": block opened with " + delimiter
                                                + " is never closed");
            }
            boolean marked = i > 0 && lines.get(i - 1).strip().equals(ASCIIDOC_MARKER);
            snippets.add(snippet(file, open + 2, language, lines.subList(open + 1, end), marked, null));
            i = end;
        }
        return snippets;
    }

    private static DocSnippet snippet(String file, int line, String language, List<String> code, boolean marked,
            String app) {
        return new DocSnippet(file, line, language, String.join("\n", code) + "\n",
                marked || EXCERPT_LANGUAGES.contains(language), app);
    }
}
