package dev.velt.camel.component.agents;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.velt.camel.model.AgentFinding;

/**
 * The {@code CamelVeltFindingKey} of a finding: the same for the same problem on the same page whenever the agent runs
 * again (Velt's match-and-merge reruns), different for different problems, and fixed forever (it is what persistent
 * idempotent repositories hold).
 * <p>
 * It is the lowercase hex SHA-256 (64 characters) of, in this order: the agent id; the page (the per-URL result's
 * {@code url}, else the finding's {@code sourceUrl}) with scheme and host in lowercase, the default port, user info,
 * fragment and a trailing slash removed; the kind of problem (the finding's {@code issueType}, Velt's match-and-merge
 * key, or, for a finding without one, its {@code category} and {@code title}); and the place on the page: for a text
 * finding its {@code targetText} and {@code occurrence} (1 when absent), for a page-level finding (or one without text)
 * its {@code htmlSelector}, else its {@code htmlXpath}. Texts are NFC-normalized with runs of whitespace collapsed to
 * one space; titles are also lowercased. Two findings that agree on all of these get the same key, even in one run.
 * The four values are hashed as {@code <length>:<value>;} each, in UTF-8: for the API's example finding that is
 * {@code 12:abc123def456;19:https://example.com;20:issueType:brand-font;25:text:Welcome to Example#1;} (a finding
 * without an issue type has {@code category:<category>;title:<title>} as its kind, a page-level one
 * {@code element:<selector>} as its place).
 * <p>
 * Left out on purpose, because they change from one run to the next: the run id, the finding's {@code id} (numbered
 * per run), its wording ({@code title} when there is an issue type, {@code description}, {@code suggestion}), its
 * {@code severity} and {@code confidence}, its {@code commentId} and the run's {@code previousExecutionId}.
 */
public final class VeltFindingKey {

    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\u00A0]+");

    private VeltFindingKey() {
    }

    /**
     * @param agentId the agent that made the finding (the run's {@code agentId})
     * @param pageUrl the page it was made on (the per-URL result's {@code url}); the finding's {@code sourceUrl} when
     *     null or blank
     */
    public static String of(String agentId, String pageUrl, AgentFinding finding) {
        String page = pageUrl == null || pageUrl.isBlank() ? finding.getSourceUrl() : pageUrl;
        StringBuilder identity = new StringBuilder();
        field(identity, agentId == null ? "" : agentId.trim());
        field(identity, normalizeUrl(page));
        field(identity, kind(finding));
        field(identity, place(finding));
        return sha256(identity.toString());
    }

    private static String kind(AgentFinding finding) {
        if (isSet(finding.getIssueType())) {
            return "issueType:" + text(finding.getIssueType());
        }
        return "category:" + text(finding.getCategory()) + ";title:" + text(finding.getTitle()).toLowerCase(Locale.ROOT);
    }

    private static String place(AgentFinding finding) {
        boolean pageLevel = Boolean.TRUE.equals(finding.getPageLevel());
        if (!pageLevel && isSet(finding.getTargetText())) {
            int occurrence = finding.getOccurrence() == null ? 1 : finding.getOccurrence();
            return "text:" + text(finding.getTargetText()) + "#" + occurrence;
        }
        String element = isSet(finding.getHtmlSelector()) ? finding.getHtmlSelector() : finding.getHtmlXpath();
        return "element:" + text(element);
    }

    /** The URL with what does not change the page it names removed; a string that is not an absolute URL, trimmed. */
    public static String normalizeUrl(String url) {
        if (url == null) {
            return "";
        }
        String trimmed = url.trim();
        try {
            URI uri = new URI(trimmed);
            if (uri.getScheme() == null || uri.getRawAuthority() == null || uri.getHost() == null) {
                return trimmed;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https");
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path
                   + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } catch (URISyntaxException e) {
            return trimmed;
        }
    }

    private static String text(String value) {
        if (value == null) {
            return "";
        }
        return WHITESPACE.matcher(Normalizer.normalize(value, Normalizer.Form.NFC)).replaceAll(" ").trim();
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /** Length-prefixed, so no value can run into the next one. */
    private static void field(StringBuilder identity, String value) {
        identity.append(value.length()).append(':').append(value).append(';');
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
