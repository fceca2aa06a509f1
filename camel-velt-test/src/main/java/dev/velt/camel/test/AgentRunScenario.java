package dev.velt.camel.test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.velt.camel.test.WorkflowScenario.map;

/**
 * Creates agent runs: which agent checks which document, how long it runs, and how it ends: {@code passed} (at most
 * a few low or info findings), {@code failed} (it found issues, of several severities) or {@code error} (it broke).
 */
final class AgentRunScenario {

    /** An agent and the kinds of issue it finds. */
    record Agent(String id, String name, int version, List<Template> templates) {
    }

    /** A kind of finding. */
    record Template(String title, String description, String category, String issueType, String selector,
            String xpath, String targetText, String suggestion, boolean pageLevel) {
    }

    static final Agent BRAND = new Agent("brand-consistency", "Brand Consistency Checker", 3, List.of(
            new Template("Heading uses wrong font", "The h1 element uses 'Arial' instead of the brand font 'Inter'",
                    "typography", "brand-font", "h1.hero-title", "/html/body/main/section[1]/h1", "Welcome to Acme",
                    "Change font-family to 'Inter' for the h1 element", false),
            new Template("Product name in wrong casing", "'acme cloud' should be written 'Acme Cloud'", "content",
                    "casing", "p.intro", "/html/body/main/section[1]/p[1]", "acme cloud",
                    "Write the product name as 'Acme Cloud'", false),
            new Template("Off-brand button colour", "The primary button uses #FF5733; the brand primary is #0052CC",
                    "visual", "brand-color", "a.btn-primary", "/html/body/main/section[1]/a", "Start free trial",
                    "Use the brand primary colour #0052CC", false),
            new Template("Outdated logo", "The header shows the 2023 logo", "visual", "logo-usage", "header img.logo",
                    "/html/body/header/img", "", "Replace it with the 2025 logo from the brand kit", true),
            new Template("Tone does not match the brand voice", "The call to action uses pressure-selling language",
                    "content", "brand-voice", "section.cta p", "/html/body/main/section[3]/p", "Buy now or miss out!",
                    "Rephrase: 'Start your free trial today'", false),
            new Template("Spelling mistake", "'recieve' should be 'receive'", "content", "spelling", "p.terms",
                    "/html/body/footer/p[2]", "recieve", "Correct the spelling to 'receive'", false),
            new Template("Personal data in page copy", "A testimonial quotes a customer's full email address",
                    "compliance", "pii", "blockquote.testimonial", "/html/body/main/section[4]/blockquote",
                    "jane.doe@example.com", "Remove the email address or anonymise the quote", false)));

    static final Agent ACCESSIBILITY = new Agent("accessibility-audit", "Accessibility Auditor", 1, List.of(
            new Template("Image without alt text", "The hero image has no alt attribute", "accessibility",
                    "missing-alt", "img.hero", "/html/body/main/section[1]/img", "",
                    "Add an alt text describing the image", true),
            new Template("Insufficient colour contrast", "Footer links have a contrast ratio of 2.9:1 (minimum 4.5:1)",
                    "accessibility", "color-contrast", "footer a", "/html/body/footer/a[1]", "Privacy policy",
                    "Darken the link colour to at least #595959", false),
            new Template("Skipped heading level", "An h4 follows an h2 with no h3 between", "accessibility",
                    "heading-order", "h4.card-title", "/html/body/main/section[2]/h4", "Pricing",
                    "Use an h3 for the card titles", false),
            new Template("Button without accessible name", "The search button has an icon and no label",
                    "accessibility", "aria-label", "button.icon-search", "/html/body/header/button", "",
                    "Add aria-label=\"Search\"", true)));

    private static final String SITE = "https://www.acme.example";
    private static final List<String> PAGES = List.of("/", "/pricing", "/blog/launch-week", "/about", "/careers");
    private static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "info");
    private static final int[] SEVERITY_WEIGHTS = {10, 25, 30, 25, 10};
    private static final List<String[]> ERRORS = List.of(
            new String[]{"TIMEOUT", "The agent did not finish within 300 s", "true"},
            new String[]{"LLM_RATE_LIMITED", "The model provider rate-limited the run", "true"},
            new String[]{"CRAWLER_ERROR", "The seed URL answered 503 Service Unavailable", "true"},
            new String[]{"CONTEXT_GATHERING_ERROR", "Could not read the document's knowledge base", "false"});

    private final Random random;
    private final SimClock clock;

    AgentRunScenario(Random random, SimClock clock) {
        this.random = random;
        this.clock = clock;
    }

    SimAgentRun create(long startTick) {
        Agent agent = random.nextInt(10) < 6 ? BRAND : ACCESSIBILITY;
        boolean site = random.nextBoolean();
        String documentId = site ? "doc_website" : "doc_launch_post";
        String seedUrl = site ? SITE + "/" : SITE + "/blog/launch-week";
        long endTick = startTick + 5 + random.nextInt(36);
        long startedAt = clock.timeOf(startTick);
        long completedAt = clock.timeOf(endTick);
        String id = "exec_" + startedAt + "_" + Ids.alnum(random, 12);
        int roll = random.nextInt(100);
        Map<String, Object> tokenUsage = tokenUsage();
        if (roll < 15) {
            String[] error = ERRORS.get(random.nextInt(ERRORS.size()));
            Map<String, Object> errorObject = map("code", error[0], "message", error[1],
                    "retryable", Boolean.parseBoolean(error[2]), "occurredAt", completedAt);
            return new SimAgentRun(id, agent.id(), agent.name(), agent.version(), "org_acme", documentId, seedUrl,
                    site, startTick, endTick, startedAt, completedAt, "error", "Execution failed: " + error[1],
                    List.of(), errorObject, null, tokenUsage);
        }
        boolean passed = roll < 50;
        List<String> urls = site ? pickPages() : List.of(seedUrl);
        List<SimUrlResult> results = results(agent, urls, passed, startTick, endTick);
        int total = results.stream().mapToInt(r -> r.findings().size()).sum();
        int annotations = results.stream().mapToInt(SimUrlResult::annotationsCreated).sum();
        long withFindings = results.stream().filter(r -> !r.findings().isEmpty()).count();
        String message = total == 0 ? "No issues found across " + urls.size() + " pages."
                : "Found " + total + " issues across " + urls.size() + " pages. " + annotations + " annotations created.";
        Map<String, Object> summary = map("totalFindings", total, "totalAnnotationsCreated", annotations,
                "urlsProcessed", urls.size(), "urlsWithFindings", withFindings, "issuesCreated", total,
                "summary", message, "matchResult", map("created", annotations, "skipped", total - annotations, "resolved", 0));
        return new SimAgentRun(id, agent.id(), agent.name(), agent.version(), "org_acme", documentId, seedUrl, site,
                startTick, endTick, startedAt, completedAt, passed ? "passed" : "failed", message, results, null,
                summary, tokenUsage);
    }

    private List<String> pickPages() {
        List<String> pages = new ArrayList<>(PAGES);
        int count = 1 + random.nextInt(3);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            urls.add(SITE + pages.remove(random.nextInt(pages.size())));
        }
        return urls;
    }

    /**
     * A passed run finds at most two low or info issues; a failed one one to six (no kind twice), the first medium or
     * worse.
     */
    private List<SimUrlResult> results(Agent agent, List<String> urls, boolean passed, long startTick, long endTick) {
        List<Template> kinds = new ArrayList<>(agent.templates());
        int count = Math.min(kinds.size(), passed ? random.nextInt(3) : 1 + random.nextInt(6));
        List<List<SimFinding>> perUrl = new ArrayList<>();
        urls.forEach(url -> perUrl.add(new ArrayList<>()));
        for (int n = 1; n <= count; n++) {
            int urlIndex = random.nextInt(urls.size());
            String severity = passed ? (random.nextBoolean() ? "low" : "info") : severity(n == 1);
            Template kind = kinds.remove(random.nextInt(kinds.size()));
            perUrl.get(urlIndex).add(finding(kind, n, severity, urls.get(urlIndex)));
        }
        List<SimUrlResult> results = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            List<SimFinding> findings = List.copyOf(perUrl.get(i));
            int annotations = findings.isEmpty() ? 0 : findings.size() - random.nextInt(Math.min(2, findings.size()));
            long processedAt = clock.timeOf(startTick + (endTick - startTick) * (i + 1) / (urls.size() + 1));
            results.add(new SimUrlResult(urls.get(i), findings, annotations, processedAt));
        }
        return results;
    }

    private String severity(boolean atLeastMedium) {
        int bound = atLeastMedium ? SEVERITY_WEIGHTS[0] + SEVERITY_WEIGHTS[1] + SEVERITY_WEIGHTS[2] : 100;
        int roll = random.nextInt(bound);
        for (int i = 0; i < SEVERITIES.size(); i++) {
            roll -= SEVERITY_WEIGHTS[i];
            if (roll < 0) {
                return SEVERITIES.get(i);
            }
        }
        return "info";
    }

    private SimFinding finding(Template t, int n, String severity, String url) {
        return new SimFinding("finding-" + n, t.title(), t.description(), severity, t.category(), t.targetText(), 1,
                url, t.suggestion(), t.selector(), t.xpath(), t.pageLevel(), t.issueType(), 50 + random.nextInt(50));
    }

    private Map<String, Object> tokenUsage() {
        int prompt = 5000 + random.nextInt(10000);
        int completion = 1000 + random.nextInt(3000);
        return map("promptTokens", prompt, "completionTokens", completion, "thoughtsTokens", 0,
                "totalTokens", prompt + completion);
    }

    /** A run a test wrote: its summary is computed from its results. */
    static SimAgentRun scripted(String id, String agentId, SimClock clock, long startTick, long endTick, String status,
            List<SimUrlResult> results, String previousExecutionId) {
        return withResults(id, agentId, agentId, 1, "org_sim", "doc_sim", "https://www.acme.example/", false, clock,
                startTick, endTick, status, results, null, previousExecutionId, 0, 0);
    }

    /** A run started through {@code agents/execution/run}: on the request's page, document and organization. */
    static SimAgentRun started(String id, String agentId, String organizationId, String documentId, String url,
            boolean crossPage, SimClock clock, long startTick, long endTick, String status, List<SimUrlResult> results) {
        return withResults(id, agentId, agentId, 1, organizationId, documentId, url, crossPage, clock, startTick, endTick,
                status, results, null, null, 0, 0);
    }

    /** The match-and-merge rerun of {@code original}: its problems again, but the last, plus {@code newFindings}. */
    static SimAgentRun rerun(SimAgentRun original, String id, long startTick, SimClock clock, List<SimFinding> newFindings) {
        long duration = original.endTick() == Long.MAX_VALUE ? 10 : original.endTick() - original.startTick();
        long endTick = startTick + Math.max(1, duration);
        List<SimFinding> all = original.findings();
        int kept = Math.max(0, all.size() - 1);
        int resolved = all.size() - kept;
        List<SimFinding> keep = all.subList(0, kept);
        List<SimUrlResult> results = new ArrayList<>();
        int n = 0;
        for (SimUrlResult result : original.results()) {
            List<SimFinding> findings = new ArrayList<>();
            for (SimFinding f : result.findings()) {
                if (keep.contains(f)) {
                    n++;
                    findings.add(new SimFinding("finding-" + n, f.title(), f.description(), f.severity(), f.category(),
                            f.targetText(), f.occurrence(), f.sourceUrl(), f.suggestion(), f.htmlSelector(),
                            f.htmlXpath(), f.pageLevel(), f.issueType(), f.confidence()));
                }
            }
            for (SimFinding f : newFindings) {
                if (result.url().equals(f.sourceUrl()) || f.sourceUrl() == null && results.isEmpty()) {
                    findings.add(f);
                }
            }
            results.add(new SimUrlResult(result.url(), List.copyOf(findings), findings.size(),
                    clock.timeOf(endTick)));
        }
        String status = results.stream().allMatch(r -> r.findings().isEmpty()) ? "passed" : "failed";
        return withResults(id, original.agentId(), original.agentName(), original.agentVersion(),
                original.organizationId(), original.documentId(), original.seedUrl(), original.crossPage(), clock,
                startTick, endTick, status, results, null, original.id(), kept, resolved);
    }

    private static SimAgentRun withResults(String id, String agentId, String agentName, int version, String org,
            String doc, String seedUrl, boolean crossPage, SimClock clock,
            long startTick, long endTick, String status, List<SimUrlResult> results,
            Map<String, Object> error, String previousExecutionId, int skipped,
            int resolved) {
        int total = results.stream().mapToInt(r -> r.findings().size()).sum();
        long withFindings = results.stream().filter(r -> !r.findings().isEmpty()).count();
        String message = "Found " + total + " issues across " + results.size() + " pages.";
        Map<String, Object> summary = map("totalFindings", total, "totalAnnotationsCreated", total - skipped,
                "urlsProcessed", results.size(), "urlsWithFindings", withFindings, "issuesCreated", total - skipped,
                "summary", message, "matchResult", map("created", total - skipped, "skipped", skipped,
                        "resolved", resolved));
        Map<String, Object> runError = "error".equals(status) && error == null
                ? map("code", "INTERNAL", "message", "The agent broke", "retryable", true, "occurredAt",
                        clock.timeOf(endTick))
                : error;
        return new SimAgentRun(id, agentId, agentName, version, org, doc, seedUrl, crossPage, startTick, endTick,
                clock.timeOf(startTick), clock.timeOf(endTick), status, message, List.copyOf(results), runError,
                runError == null ? summary : null, map("promptTokens", 0, "completionTokens", 0, "thoughtsTokens", 0,
                        "totalTokens", 0),
                previousExecutionId);
    }

    /** The MD5 of a URL, as the API's {@code urlHash}. */
    static String urlHash(String url) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(url.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
