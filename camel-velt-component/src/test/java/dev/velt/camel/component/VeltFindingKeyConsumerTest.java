package dev.velt.camel.component;

import java.util.List;

import dev.velt.camel.component.agents.VeltFindingKey;
import dev.velt.camel.component.support.VeltTestSupport;
import dev.velt.camel.model.AgentFinding;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code CamelVeltFindingKey} on split findings, end to end: an agent run and its match-and-merge rerun (new run id,
 * renumbered and reworded findings) are consumed over real HTTP, and an idempotent consumer keyed on the header opens
 * one "issue" per problem: the problem found again opens none, the new problem opens one.
 */
class VeltFindingKeyConsumerTest extends VeltTestSupport {

    private static final String RUN = "exec_1711900000000_abc123def456";
    private static final String RERUN = "exec_1711990000000_abc123def456";

    private static final String SPELLING_FIRST = """
            {"id": "finding-1", "title": "Typo in heading", "description": "'Welcom' should be 'Welcome'",
             "severity": "medium", "category": "content", "targetText": "Welcom to Example", "occurrence": 1,
             "htmlSelector": "h1.hero-title", "htmlXpath": "/html/body/main/section[1]/h1", "isPageLevel": false,
             "issueType": "spelling", "confidence": 88}""";
    private static final String FONT = """
            {"id": "finding-2", "title": "Heading uses wrong font", "description": "Arial instead of Inter",
             "severity": "high", "category": "typography", "targetText": "Pricing", "occurrence": 1,
             "htmlSelector": "h2.section", "htmlXpath": "/html/body/main/section[2]/h2", "isPageLevel": false,
             "issueType": "brand-font", "confidence": 92}""";
    /** The spelling problem again, as the rerun words it. */
    private static final String SPELLING_AGAIN = """
            {"id": "finding-5", "title": "Misspelled word in the hero heading", "description": "Welcom -> Welcome",
             "severity": "low", "category": "content", "targetText": "Welcom to Example", "occurrence": 1,
             "htmlSelector": "h1.hero-title", "htmlXpath": "/html/body/main/section[1]/h1", "isPageLevel": false,
             "issueType": "spelling", "confidence": 71, "commentId": "comment_9f2"}""";
    private static final String NEW_CASING = """
            {"id": "finding-6", "title": "Button text casing", "description": "'sign up' should be 'Sign up'",
             "severity": "low", "category": "content", "targetText": "sign up", "occurrence": 2,
             "htmlSelector": "a.cta", "htmlXpath": "/html/body/main/a[2]", "isPageLevel": false,
             "issueType": "casing", "confidence": 80}""";

    @Test
    void aRerunOpensNoSecondIssueForTheSameProblemAndOneForANewProblem() throws Exception {
        VELT.stubFor(veltPost(AGENT_LIST).willReturn(okJson("""
                {"result": {"status": "success", "message": "ok", "data": {"executions": [%s, %s]}}}"""
                .formatted(run(RERUN, 3000, RUN), run(RUN, 1000, null)))));
        stubRunWithResults(RUN, run(RUN, 1000, null), "https://example.com/", SPELLING_FIRST + ", " + FONT);
        stubRunWithResults(RERUN, run(RERUN, 3000, RUN), "https://EXAMPLE.com", SPELLING_AGAIN + ", " + NEW_CASING);
        MockEndpoint findings = getMockEndpoint("mock:findings");
        MockEndpoint issues = getMockEndpoint("mock:issues");
        findings.expectedMessageCount(4);
        issues.expectedMessageCount(3);

        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                from("velt:agentExecutions?agentId=" + AGENT_ID + "&splitFindings=true&sinceTime=0&initialDelay=0&delay=50")
                        .to("mock:findings")
                        .idempotentConsumer(header(VeltConstants.FINDING_KEY),
                                MemoryIdempotentRepository.memoryIdempotentRepository())
                        .to("mock:issues");
            }
        });

        MockEndpoint.assertIsSatisfied(context);
        List<Exchange> delivered = findings.getExchanges();
        assertThat(delivered).extracting(e -> e.getMessage().getBody(AgentFinding.class).getId())
                .containsExactly("finding-1", "finding-2", "finding-5", "finding-6");
        List<String> keys = delivered.stream().map(e -> e.getMessage().getHeader(VeltConstants.FINDING_KEY, String.class))
                .toList();
        assertThat(keys).allMatch(key -> key.matches("[0-9a-f]{64}"));
        assertThat(keys.get(2)).as("the spelling problem found again").isEqualTo(keys.get(0));
        assertThat(keys.subList(0, 2)).doesNotContain(keys.get(3));
        assertThat(keys.get(0)).isNotEqualTo(keys.get(1));
        // the header is the documented derivation, so it is the same after a restart
        assertThat(keys.get(3)).isEqualTo(VeltFindingKey.of(AGENT_ID, "https://example.com",
                delivered.get(3).getMessage().getBody(AgentFinding.class)));
        assertThat(issues.getExchanges()).extracting(e -> e.getMessage().getBody(AgentFinding.class).getId())
                .containsExactly("finding-1", "finding-2", "finding-6");
    }

    private static String run(String id, long startedAt, String previousExecutionId) {
        return """
                {"id": "%s", "agentId": "%s", "status": "failed", "startedAt": %d, "completedAt": %d,
                 "trigger": "standalone", "previousExecutionId": %s,
                 "resultsSummary": {"totalFindings": 2, "matchResult": {"created": 1, "skipped": %d, "resolved": 0}}}"""
                .formatted(id, AGENT_ID, startedAt, startedAt + 500,
                        previousExecutionId == null ? "null" : "\"" + previousExecutionId + "\"",
                        previousExecutionId == null ? 0 : 1);
    }

    private static void stubRunWithResults(String id, String run, String url, String findings) {
        VELT.stubFor(veltPost(AGENT_GET).withRequestBody(matchingJsonPath("$.data.executionId", equalTo(id)))
                .willReturn(okJson("""
                        {"result": {"status": "success", "message": "ok", "data": {"execution": %s,
                         "results": [{"url": "%s", "findings": [%s], "findingCount": 2}]}}}"""
                        .formatted(run, url, findings))));
    }
}
