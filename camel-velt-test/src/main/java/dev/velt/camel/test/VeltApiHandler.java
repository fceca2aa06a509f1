package dev.velt.camel.test;

import java.io.IOException;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * The WireMock extension that answers every request to the simulator: checks the credentials, reads
 * {@code {"data": {...}}}, hands the call to {@link WorkflowApi} or {@link AgentsApi} and wraps what they return in
 * {@code {"result": ...}}, or any {@link ApiError} in Velt's error envelope.
 */
final class VeltApiHandler implements ResponseDefinitionTransformerV2 {

    static final String NAME = "velt-simulator";

    private final SimWorld world;
    private final SimJson json;
    private final SimulatorOptions options;
    private final WorkflowApi workflows;
    private final AgentsApi agents;
    /** Only for transient errors: request timing is not deterministic anyway, so this stays out of the scenario's random. */
    private final Random faults;

    VeltApiHandler(SimWorld world, SimJson json, SimulatorOptions options) {
        this.world = world;
        this.json = json;
        this.options = options;
        this.workflows = new WorkflowApi(world, json);
        this.agents = new AgentsApi(world, json, options);
        this.faults = new Random(options.seed() + 1);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        LoggedRequest request = serveEvent.getRequest();
        long tick = world.tick();
        try {
            if (options.transientErrorRate() > 0 && faults.nextDouble() < options.transientErrorRate()) {
                throw new ApiError("UNAVAILABLE", "The service is temporarily unavailable, retry later");
            }
            authenticate(request);
            String path = request.getUrl().split("\\?", 2)[0];
            if (!"POST".equals(request.getMethod().value())) {
                throw ApiError.notFound("No such endpoint: " + request.getMethod().value() + " " + path);
            }
            JsonNode result = switch (path) {
                case "/v2/workflow/executions/get" -> workflows.get(parse(request), tick);
                case "/v2/workflow/executions/getEvents" -> workflows.getEvents(parse(request), tick);
                case "/v2/workflow/executions/list" -> workflows.list(parse(request), tick);
                case "/v2/agents/execution/get" -> agents.get(parse(request), tick);
                case "/v2/agents/execution/list" -> agents.list(parse(request), tick);
                default -> throw ApiError.notFound("No such endpoint: POST " + path);
            };
            return response(200, json.result(result)).build();
        } catch (ApiError e) {
            ResponseDefinitionBuilder response = response(e.httpCode(), json.error(e.status(), e.getMessage()));
            if ("UNAVAILABLE".equals(e.status())) {
                response.withHeader("Retry-After", "1");
            }
            return response.build();
        }
    }

    private void authenticate(LoggedRequest request) {
        String apiKey = request.getHeader("x-velt-api-key");
        String authToken = request.getHeader("x-velt-auth-token");
        if (!options.apiKey().equals(apiKey) || !options.authToken().equals(authToken)) {
            throw new ApiError("PERMISSION_DENIED", apiKey == null || authToken == null
                    ? "Missing x-velt-api-key or x-velt-auth-token header"
                    : "Invalid API key or auth token");
        }
    }

    private ApiRequest parse(LoggedRequest request) {
        JsonNode body;
        try {
            body = json.mapper().readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw ApiError.invalid("Request body is not JSON");
        }
        JsonNode data = body == null ? null : body.get("data");
        if (data == null || !data.isObject()) {
            throw ApiError.invalid("Request body must be {\"data\": {...}}");
        }
        return new ApiRequest(data);
    }

    private static ResponseDefinitionBuilder response(int status, String body) {
        return new ResponseDefinitionBuilder()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }
}
