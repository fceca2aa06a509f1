package dev.velt.camel.test;

import java.io.IOException;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * The WireMock extension that answers every request to the simulator, one at a time: logs it, moves the clock on
 * when asked to ({@link SimulatorOptions#ticksPerRequest(int)}), applies the {@link Faults fault plan}, checks the
 * credentials, reads {@code {"data": {...}}}, hands the call to {@link WorkflowApi}, {@link AgentsApi},
 * {@link AgentRunner}, {@link DefinitionsApi} or the {@link WorkflowEngine write side} and wraps what they return in
 * {@code {"result": ...}}, or any {@link ApiError} in
 * Velt's error envelope.
 */
final class VeltApiHandler implements ResponseDefinitionTransformerV2 {

    static final String NAME = "velt-simulator";

    /** What the handler needs of the simulator around each request. */
    interface Hooks {

        /** Called before each request is answered, under the simulator's lock. */
        void beforeRequest();

        /** Called after each request was answered (a write may have added events to push), under the lock. */
        void afterRequest();
    }

    private final Object lock;
    private final SimWorld world;
    private final SimJson json;
    private final SimulatorOptions options;
    private final WorkflowApi workflows;
    private final AgentsApi agents;
    private final AgentRunner runner;
    private final DefinitionsApi definitions;
    private final WorkflowEngine engine;
    private final Faults faults;
    private final CannedAnswers canned;
    private final RequestLog log;
    private final Hooks hooks;
    /**
     * Only for transient errors: request timing is not deterministic anyway, so this stays out of the scenario's random.
     */
    private final Random transientErrors;

    VeltApiHandler(Object lock, SimWorld world, SimJson json, SimulatorOptions options, WorkflowEngine engine,
            AgentRunner runner, DefinitionsApi definitions, Faults faults, CannedAnswers canned, RequestLog log,
            Hooks hooks) {
        this.lock = lock;
        this.world = world;
        this.json = json;
        this.options = options;
        this.workflows = new WorkflowApi(world, json, options.executionsDefaultPageSize());
        this.agents = new AgentsApi(world, json, options);
        this.engine = engine;
        this.runner = runner;
        this.definitions = definitions;
        this.faults = faults;
        this.canned = canned;
        this.log = log;
        this.hooks = hooks;
        this.transientErrors = new Random(options.seed() + 1);
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
        String path = request.getUrl().split("\\?", 2)[0];
        synchronized (lock) {
            hooks.beforeRequest();
            JsonNode data = dataOrMissing(request);
            Fault fault = faults.decide(path, data);
            log.add(new SimRequest(System.currentTimeMillis(), path, request.getHeader("x-velt-api-key"), data, fault,
                    world.tick()));
            try {
                if (fault != null && !fault.processesRequest()) {
                    return faults.render(fault, null, path, data, json);
                }
                ResponseDefinition answer = answer(request, path, world.tick());
                return fault == null ? answer : faults.render(fault, answer, path, data, json);
            } finally {
                hooks.afterRequest();
            }
        }
    }

    private ResponseDefinition answer(LoggedRequest request, String path, long tick) {
        try {
            if (options.transientErrorRate() > 0 && transientErrors.nextDouble() < options.transientErrorRate()) {
                throw new ApiError("UNAVAILABLE", "The service is temporarily unavailable, retry later");
            }
            authenticate(request);
            if (!"POST".equals(request.getMethod().value())) {
                throw ApiError.notFound("No such endpoint: " + request.getMethod().value() + " " + path);
            }
            Map.Entry<Integer, String> matching = canned.findMatching(path, parse(request).data());
            if (matching != null) {
                return response(matching.getKey(), matching.getValue()).build();
            }
            String fixed = canned.find(path, parse(request).data());
            if (fixed != null) {
                return response(200, fixed).build();
            }
            JsonNode result = switch (path) {
                case Paths.GET_EXECUTION -> workflows.get(parse(request), tick);
                case Paths.GET_EVENTS -> workflows.getEvents(parse(request), tick);
                case Paths.LIST_EXECUTIONS -> workflows.list(parse(request), tick);
                case Paths.DISPATCH -> engine.dispatch(parse(request), tick);
                case Paths.CANCEL -> engine.cancel(parse(request), tick);
                case Paths.RECORD_REVIEWER_DECISION -> engine.recordReviewerDecision(parse(request), tick);
                case Paths.RECORD_AGENT_RESOLUTION -> engine.recordAgentResolution(parse(request), tick);
                case Paths.GET_AGENT_RUN -> agents.get(parse(request), tick);
                case Paths.LIST_AGENT_RUNS -> agents.list(parse(request), tick);
                case Paths.RUN_AGENT -> runner.run(parse(request), tick);
                case Paths.COUNT_AGENT_RUNS -> runner.count(parse(request), tick);
                case Paths.GET_DEFINITION -> definitions.get(parse(request));
                case Paths.LIST_DEFINITIONS -> definitions.list(parse(request));
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
        if (apiKey == null || authToken == null || apiKey.isEmpty() || authToken.isEmpty()) {
            throw new ApiError("PERMISSION_DENIED", "Missing x-velt-api-key or x-velt-auth-token header");
        }
        if (!options.acceptAnyCredentials()
                && (!options.apiKey().equals(apiKey) || !options.authToken().equals(authToken))) {
            throw new ApiError("PERMISSION_DENIED", "Invalid API key or auth token");
        }
    }

    private JsonNode dataOrMissing(LoggedRequest request) {
        try {
            JsonNode body = json.mapper().readTree(request.getBodyAsString());
            JsonNode data = body == null ? null : body.get("data");
            return data == null ? MissingNode.getInstance() : data;
        } catch (IOException e) {
            return MissingNode.getInstance();
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
