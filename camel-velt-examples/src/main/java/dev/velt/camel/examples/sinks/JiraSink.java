package dev.velt.camel.examples.sinks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * A local stand-in for Jira's {@code POST /rest/api/2/issue}: checks basic authentication and the required fields as
 * Jira does (401, 400 with Jira's error shape), and answers 201 {@code {"id", "key", "self"}} with keys
 * {@code PROJECT-1, PROJECT-2, ...}. Remembers every issue it created.
 */
public final class JiraSink implements AutoCloseable {

    /** An issue the sink created: its key and the request's JSON. */
    public record CreatedIssue(String key, JsonNode request) {
    }

    private static final String CREATE_ISSUE = "jira-create-issue";

    private final WireMockServer server;
    private final String expectedAuthorization;
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<CreatedIssue> issues = new ArrayList<>();

    private JiraSink(String user, String token) {
        this.expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
                .notifier(new Slf4jNotifier(false)).gzipDisabled(true).disableRequestJournal()
                .extensions(new CreateIssue()));
    }

    /** Starts a sink that accepts basic authentication with {@code user} and {@code token}. */
    public static JiraSink start(String user, String token) {
        JiraSink sink = new JiraSink(user, token);
        sink.server.start();
        sink.server.stubFor(post(urlPathEqualTo("/rest/api/2/issue")).willReturn(aResponse().withTransformers(CREATE_ISSUE)));
        return sink;
    }

    /** The base URL, as {@code JIRA_URL}. */
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The issues created, oldest first. */
    public synchronized List<CreatedIssue> issues() {
        return List.copyOf(issues);
    }

    public void stop() {
        server.stop();
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized String create(JsonNode request) {
        String key = request.path("fields").path("project").path("key").asText() + "-" + (issues.size() + 1);
        issues.add(new CreatedIssue(key, request));
        return key;
    }

    /** Answers one create-issue request. */
    private final class CreateIssue implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return CREATE_ISSUE;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            LoggedRequest request = serveEvent.getRequest();
            if (!expectedAuthorization.equals(request.getHeader("Authorization"))) {
                return respond(401,
                        "{\"errorMessages\":[\"You are not authenticated. Authentication required to perform this operation.\"],\"errors\":{}}");
            }
            JsonNode body;
            try {
                body = mapper.readTree(request.getBodyAsString());
            } catch (IOException e) {
                return respond(400, "{\"errorMessages\":[\"Unexpected character in the request body\"],\"errors\":{}}");
            }
            String missing = missingField(body == null ? mapper.createObjectNode() : body.path("fields"));
            if (missing != null) {
                return respond(400, "{\"errorMessages\":[],\"errors\":{\"" + missing + "\":\"" + missing + " is required.\"}}");
            }
            String key = create(body);
            String id = String.valueOf(10000 + Integer.parseInt(key.substring(key.lastIndexOf('-') + 1)));
            ObjectNode created = mapper.createObjectNode().put("id", id).put("key", key)
                    .put("self", url() + "/rest/api/2/issue/" + id);
            return respond(201, created.toString());
        }

        private String missingField(JsonNode fields) {
            if (fields.path("project").path("key").asText().isEmpty()) {
                return "project";
            }
            if (fields.path("issuetype").path("name").asText().isEmpty()) {
                return "issuetype";
            }
            if (fields.path("summary").asText().isEmpty()) {
                return "summary";
            }
            return null;
        }

        private ResponseDefinition respond(int status, String body) {
            return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                    .withBody(body).build();
        }
    }
}
