package dev.velt.camel.component;

import java.util.function.Consumer;

import dev.velt.camel.component.agents.VeltFindingKey;
import dev.velt.camel.model.AgentFinding;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link VeltFindingKey}: one key per problem on a page, whatever a rerun of the agent rewords or renumbers, and a
 * different key for anything that makes it another problem.
 */
class VeltFindingKeyTest {

    private static final String AGENT = "abc123def456";
    private static final String PAGE = "https://example.com";

    /** The finding of the API's agent execution page. */
    static AgentFinding pageFinding() {
        AgentFinding finding = new AgentFinding();
        finding.setId("finding-1");
        finding.setTitle("Heading uses wrong font");
        finding.setDescription("The h1 element uses 'Arial' instead of brand font 'Inter'");
        finding.setSeverity("high");
        finding.setCategory("typography");
        finding.setTargetText("Welcome to Example");
        finding.setOccurrence(1);
        finding.setSourceUrl("https://example.com");
        finding.setSuggestion("Change font-family to 'Inter' for the h1 element");
        finding.setHtmlSelector("h1.hero-title");
        finding.setHtmlXpath("/html/body/main/section[1]/h1");
        finding.setPageLevel(false);
        finding.setIssueType("brand-font");
        finding.setConfidence(92);
        return finding;
    }

    private static AgentFinding changed(Consumer<AgentFinding> change) {
        AgentFinding finding = pageFinding();
        change.accept(finding);
        return finding;
    }

    private static String key(AgentFinding finding) {
        return VeltFindingKey.of(AGENT, PAGE, finding);
    }

    /**
     * Pinned: a changed derivation would open a second ticket for every finding already filed. The value is the SHA-256
     * of {@code 12:abc123def456;19:https://example.com;20:issueType:brand-font;25:text:Welcome to Example#1;}, as the
     * component docs describe it.
     */
    @Test
    void theKeyOfAKnownFindingNeverChanges() {
        assertThat(key(pageFinding())).isEqualTo("d939d66e10997cbb4441b0297f414c304f15ac0675161cf11250eb7cc37aa94d");
    }

    @Test
    void theKeyIs64LowercaseHexCharacters() {
        assertThat(key(pageFinding())).matches("[0-9a-f]{64}");
    }

    @Test
    void aRerunThatRewordsRenumbersAndReratesTheFindingKeepsTheKey() {
        AgentFinding rerun = changed(f -> {
            f.setId("finding-7");
            f.setTitle("H1 is not in the brand font");
            f.setDescription("Arial is used where Inter is expected");
            f.setSuggestion("Use Inter");
            f.setSeverity("medium");
            f.setConfidence(61);
            f.setCommentId("comment_123");
            f.setHtmlXpath("/html/body/main/section[2]/h1");
            f.setHtmlSnippet("<h1 class=\"hero-title\">Welcome to Example</h1>");
            f.setTargetText("  Welcome\u00A0to \n Example ");
        });

        assertThat(key(rerun)).isEqualTo(key(pageFinding()));
    }

    @Test
    void theSamePageWrittenDifferentlyKeepsTheKey() {
        String expected = key(pageFinding());
        for (String url : new String[]{"https://EXAMPLE.com/", "https://example.com:443", "HTTPS://example.com/#top",
                " https://user@example.com "}) {
            assertThat(VeltFindingKey.of(AGENT, url, pageFinding())).as(url).isEqualTo(expected);
        }
        // without the per-URL result's url, the finding's sourceUrl names the page
        assertThat(VeltFindingKey.of(AGENT, null, pageFinding())).isEqualTo(expected);
        assertThat(VeltFindingKey.of(AGENT, "", pageFinding())).isEqualTo(expected);
    }

    @Test
    void anythingThatMakesItAnotherProblemChangesTheKey() {
        String original = key(pageFinding());

        assertThat(VeltFindingKey.of("another-agent", PAGE, pageFinding())).isNotEqualTo(original);
        assertThat(VeltFindingKey.of(AGENT, "https://example.com/pricing", pageFinding())).isNotEqualTo(original);
        assertThat(VeltFindingKey.of(AGENT, "https://example.com/?lang=de", pageFinding())).isNotEqualTo(original);
        assertThat(VeltFindingKey.of(AGENT, "http://example.com:8080", pageFinding())).isNotEqualTo(original);
        assertThat(key(changed(f -> f.setIssueType("casing")))).isNotEqualTo(original);
        assertThat(key(changed(f -> f.setTargetText("Welcome to example")))).isNotEqualTo(original);
        assertThat(key(changed(f -> f.setOccurrence(2)))).isNotEqualTo(original);
    }

    @Test
    void anAbsentOccurrenceIsTheFirst() {
        assertThat(key(changed(f -> f.setOccurrence(null)))).isEqualTo(key(pageFinding()));
    }

    @Test
    void aPageLevelFindingIsPlacedByItsSelector() {
        AgentFinding layout = changed(f -> {
            f.setPageLevel(true);
            f.setIssueType("layout-overlap");
            f.setTargetText("");
        });
        String key = key(layout);

        assertThat(key(changed(f -> {
            f.setPageLevel(true);
            f.setIssueType("layout-overlap");
            f.setTargetText("");
            f.setTitle("Hero overlaps the navigation");
        }))).isEqualTo(key);
        assertThat(key(changed(f -> {
            f.setPageLevel(true);
            f.setIssueType("layout-overlap");
            f.setTargetText("");
            f.setHtmlSelector("footer");
        }))).isNotEqualTo(key);
        // no selector: the XPath places it
        AgentFinding byXpath = changed(f -> {
            f.setPageLevel(true);
            f.setIssueType("layout-overlap");
            f.setHtmlSelector(null);
        });
        assertThat(key(byXpath)).isNotEqualTo(key)
                .isNotEqualTo(key(changed(f -> {
                    f.setPageLevel(true);
                    f.setIssueType("layout-overlap");
                    f.setHtmlSelector(null);
                    f.setHtmlXpath("/html/body/footer");
                })));
    }

    @Test
    void withoutAnIssueTypeTheCategoryAndTitleNameTheProblem() {
        AgentFinding untyped = changed(f -> f.setIssueType(null));
        String key = key(untyped);

        assertThat(key).isNotEqualTo(key(pageFinding()));
        assertThat(key(changed(f -> {
            f.setIssueType(null);
            f.setTitle("  heading USES wrong   font ");
        }))).isEqualTo(key);
        assertThat(key(changed(f -> {
            f.setIssueType(null);
            f.setTitle("Heading is too small");
        }))).isNotEqualTo(key);
        assertThat(key(changed(f -> {
            f.setIssueType(null);
            f.setCategory("accessibility");
        }))).isNotEqualTo(key);
    }

    @Test
    void aFindingWithNothingButItsWordingStillGetsAKey() {
        AgentFinding bare = new AgentFinding();
        bare.setTitle("Something is off");

        assertThat(VeltFindingKey.of(null, null, bare)).matches("[0-9a-f]{64}");
    }
}
