package dev.velt.camel.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.velt.camel.model.AgentCountQuery;
import dev.velt.camel.model.AgentExecution;
import dev.velt.camel.model.AgentExecutionCounts;
import dev.velt.camel.model.AgentExecutionEnvelope;
import dev.velt.camel.model.AgentExecutionsPage;
import dev.velt.camel.model.AgentExecutionsQuery;
import dev.velt.camel.model.AgentResolutionRequest;
import dev.velt.camel.model.AgentResolutionResult;
import dev.velt.camel.model.AgentRunRequest;
import dev.velt.camel.model.AgentRunStarted;
import dev.velt.camel.model.AgentsEnvelope;
import dev.velt.camel.model.CancelRequest;
import dev.velt.camel.model.CancelResult;
import dev.velt.camel.model.DefinitionView;
import dev.velt.camel.model.DefinitionsPage;
import dev.velt.camel.model.DefinitionsQuery;
import dev.velt.camel.model.DispatchRequest;
import dev.velt.camel.model.DispatchResult;
import dev.velt.camel.model.EventsPage;
import dev.velt.camel.model.EventsQuery;
import dev.velt.camel.model.ExecutionView;
import dev.velt.camel.model.ExecutionsPage;
import dev.velt.camel.model.ExecutionsQuery;
import dev.velt.camel.model.ReviewerDecisionRequest;
import dev.velt.camel.model.ReviewerDecisionResult;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Java client of the Velt REST API: {@code POST {baseUrl}/v2/...} with {@code {"data": {...}}}, answered by
 * {@code {"result": ...}} or {@code {"error": ...}}. Thread-safe. Transient failures are retried per
 * {@link VeltRetryPolicy} where repeating the call is safe: always for reads, and for writes only where Velt recognises
 * a repeat (see each write method); every failure surfaces as a {@link VeltApiException}.
 * <p>
 * The {@link CloseableHttpClient} is shared and owned by the caller (see {@link #createHttpClient(int, SSLContext)}),
 * so many clients with different credentials use one connection pool.
 */
public class VeltClient {

    private static final Logger LOG = LoggerFactory.getLogger(VeltClient.class);
    private static final String DISPATCH = "workflow/executions/dispatch";
    private static final String RUN_AGENT = "agents/execution/run";

    private final VeltClientConfig config;
    private final CloseableHttpClient http;
    private final ObjectMapper mapper;
    private final VeltResponseParser parser;
    private final FailsafeExecutor<Object> retries;
    private final FailsafeExecutor<Object> unsentRetries;
    private final RequestConfig requestConfig;
    private final VeltCallStats stats = new VeltCallStats();

    public VeltClient(VeltClientConfig config, CloseableHttpClient http, ObjectMapper mapper) {
        this.config = config;
        this.http = http;
        this.mapper = mapper;
        this.parser = new VeltResponseParser(mapper);
        this.retries = Failsafe.with(VeltRetryPolicy.create(config, stats::recordRetry));
        this.unsentRetries = Failsafe.with(VeltRetryPolicy.createForUnsent(config, stats::recordRetry));
        this.requestConfig = requestConfig(config);
    }

    @SuppressWarnings("deprecation") // per-request connect timeout: endpoints sharing one pool may set different ones
    private static RequestConfig requestConfig(VeltClientConfig config) {
        return RequestConfig.custom()
                .setConnectTimeout(Timeout.of(config.connectTimeout()))
                .setConnectionRequestTimeout(Timeout.of(config.connectTimeout()))
                .setResponseTimeout(Timeout.of(config.requestTimeout()))
                .setRedirectsEnabled(false)
                .build();
    }

    /**
     * A pooled HTTP client for Velt: no automatic retries of its own (this client decides), no cookies, no redirects.
     *
     * @param maxConnections the pool's total and per-route size
     * @param sslContext the TLS context to trust Velt with, or null for the JVM's default trust store
     */
    public static CloseableHttpClient createHttpClient(int maxConnections, SSLContext sslContext) {
        PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections);
        if (sslContext != null) {
            pool.setTlsSocketStrategy(new DefaultClientTlsStrategy(sslContext));
        }
        HttpClientConnectionManager manager = pool.build();
        return HttpClients.custom()
                .setConnectionManager(manager)
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableRedirectHandling()
                .evictIdleConnections(Timeout.of(30, TimeUnit.SECONDS))
                .build();
    }

    public VeltClientConfig getConfig() {
        return config;
    }

    /** What this client has done so far: calls by path and outcome, retries. */
    public VeltCallStats getStats() {
        return stats;
    }

    /** {@code workflow/executions/get}. */
    public ExecutionView getExecution(String executionId) {
        return call("workflow/executions/get", Map.of("executionId", executionId), ExecutionView.class);
    }

    /** {@code workflow/executions/getEvents}: one page of events with {@code seq > sinceSeq}. */
    public EventsPage getEvents(EventsQuery query) {
        return call("workflow/executions/getEvents", query, EventsPage.class);
    }

    /** {@code workflow/executions/list}: one page, newest first. */
    public ExecutionsPage listExecutions(ExecutionsQuery query) {
        return call("workflow/executions/list", query, ExecutionsPage.class);
    }

    /**
     * {@code agents/execution/get}: the run, with its per-URL results in {@link AgentExecution#getResults()} when
     * {@code includeResults} is true.
     */
    public AgentExecution getAgentExecution(String executionId, boolean includeResults) {
        Map<String, Object> data = includeResults
                ? Map.of("executionId", executionId, "includeResults", true)
                : Map.of("executionId", executionId);
        AgentExecutionEnvelope envelope = call("agents/execution/get", data, AgentExecutionEnvelope.class);
        AgentExecution execution = envelope.getData() == null ? null : envelope.getData().getExecution();
        if (execution == null) {
            throw new VeltApiException("agents/execution/get", VeltStatus.UNKNOWN.name(), 200, "response has no data.execution",
                    null, null);
        }
        if (envelope.getData().getResults() != null) {
            execution.setResults(envelope.getData().getResults());
        } else if (includeResults && execution.getResults() == null) {
            execution.setResults(new ArrayList<>());
        }
        return execution;
    }

    /** {@code agents/execution/list}: one page in whichever envelope the API answers with. */
    public AgentExecutionsPage listAgentExecutions(AgentExecutionsQuery query) {
        return call("agents/execution/list", query, AgentExecutionsPage.class);
    }

    /** All runs matching {@code query}, following page tokens to the end. */
    public List<AgentExecution> listAllAgentExecutions(AgentExecutionsQuery query) {
        List<AgentExecution> all = new ArrayList<>();
        AgentExecutionsQuery next = query;
        while (next != null) {
            AgentExecutionsPage page = listAgentExecutions(next);
            all.addAll(page.getExecutions());
            next = page.hasNextPage() ? next.nextPage(page) : null;
        }
        return all;
    }

    /**
     * {@code workflow/executions/dispatch}: starts an execution. Retried only when the request carries an
     * {@code idempotencyKey}, with which Velt answers a repeat with the same execution ({@code deduplicated: true});
     * without one a repeat could start a second execution, so the request is sent exactly once.
     */
    public DispatchResult dispatch(DispatchRequest request) {
        boolean repeatable = request.idempotencyKey() != null;
        if (!repeatable) {
            LOG.debug("POST /v2/{} of definition {} has no idempotencyKey: sent once and not retried, since a repeat "
                      + "could start a second execution",
                    DISPATCH, request.definitionId());
        }
        return call(DISPATCH, request, DispatchResult.class, repeatable);
    }

    /** {@code workflow/executions/cancel}: always retried, since cancelling twice cancels once. */
    public CancelResult cancel(CancelRequest request) {
        return call("workflow/executions/cancel", request, CancelResult.class, true);
    }

    /**
     * {@code workflow/steps/recordReviewerDecision}: always retried, since Velt answers a replayed decision with
     * {@code recorded: false}.
     */
    public ReviewerDecisionResult recordReviewerDecision(ReviewerDecisionRequest request) {
        return call("workflow/steps/recordReviewerDecision", request, ReviewerDecisionResult.class, true);
    }

    /**
     * {@code workflow/steps/recordAgentResolution}: retried when the request carries its idempotency key
     * ({@code responseId} in the current shape, {@code resolutionId} in the earlier one); sent once without one.
     */
    public AgentResolutionResult recordAgentResolution(AgentResolutionRequest request) {
        return call("workflow/steps/recordAgentResolution", request, AgentResolutionResult.class,
                request.isRepeatable() ? retries : null);
    }

    /**
     * {@code agents/execution/run}: starts a run and returns its id. Velt gives the request no idempotency key, so it is
     * repeated only when it could not be sent at all (a failure to connect); any other failure surfaces at once.
     */
    public AgentRunStarted runAgent(AgentRunRequest request) {
        AgentsEnvelope.Run envelope = call(RUN_AGENT, request, AgentsEnvelope.Run.class, unsentRetries);
        if (envelope.getData() == null || envelope.getData().getExecutionId() == null) {
            throw new VeltApiException(RUN_AGENT, VeltStatus.UNKNOWN.name(), 200, "response has no data.executionId", null,
                    null);
        }
        return envelope.getData();
    }

    /** {@code agents/execution/count}: counts per agent when the query names agents, else the workspace total. */
    public AgentExecutionCounts countAgentExecutions(AgentCountQuery query) {
        AgentsEnvelope.Count envelope = call("agents/execution/count", query, AgentsEnvelope.Count.class);
        if (envelope.getData() == null) {
            throw new VeltApiException("agents/execution/count", VeltStatus.UNKNOWN.name(), 200, "response has no data",
                    null, null);
        }
        return envelope.getData();
    }

    /** {@code workflow/definitions/get}. */
    public DefinitionView getDefinition(String definitionId) {
        return call("workflow/definitions/get", Map.of("definitionId", definitionId), DefinitionView.class);
    }

    /** {@code workflow/definitions/list}: one page, newest {@code updatedAt} first. */
    public DefinitionsPage listDefinitions(DefinitionsQuery query) {
        return call("workflow/definitions/list", query, DefinitionsPage.class);
    }

    private <T> T call(String path, Object data, Class<T> type) {
        return call(path, data, type, retries);
    }

    private <T> T call(String path, Object data, Class<T> type, boolean repeatable) {
        return call(path, data, type, repeatable ? retries : null);
    }

    /**
     * @param policy how transient failures are retried, or null when sending the request twice is not safe; a failure
     *     tells in {@link VeltApiException#getAttempts()} how often the request was sent
     */
    private <T> T call(String path, Object data, Class<T> type, FailsafeExecutor<Object> policy) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(Map.of("data", data));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot write the request of " + path + ": " + e.getMessage(), e);
        }
        AtomicInteger attempts = new AtomicInteger();
        try {
            T value = policy != null ? policy.get(() -> {
                attempts.incrementAndGet();
                return send(path, body, type);
            }) : send(path, body, type);
            stats.recordSuccess(path);
            return value;
        } catch (VeltApiException e) {
            e.setAttempts(Math.max(1, attempts.get()));
            stats.recordFailure(path, e);
            throw e;
        }
    }

    private <T> T send(String path, byte[] body, Class<T> type) {
        HttpPost post = new HttpPost(config.baseUrl() + "/v2/" + path);
        post.setConfig(requestConfig);
        post.setHeader("Accept", "application/json");
        if (config.apiKey() != null) {
            post.setHeader("x-velt-api-key", config.apiKey());
        }
        if (config.authToken() != null) {
            post.setHeader("x-velt-auth-token", config.authToken());
        }
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        long start = System.nanoTime();
        try {
            T result = http.execute(post, response -> parser.parse(path, response, type));
            LOG.debug("POST /v2/{} succeeded in {} ms", path, elapsedMs(start));
            return result;
        } catch (VeltApiException e) {
            LOG.debug("POST /v2/{} failed in {} ms: {}", path, elapsedMs(start), e.getMessage());
            throw e;
        } catch (SocketTimeoutException e) {
            throw transportFailure(path, VeltStatus.DEADLINE_EXCEEDED.name(),
                    "no response within requestTimeout " + config.requestTimeout(), e, start);
        } catch (InterruptedIOException e) {
            throw transportFailure(path, VeltStatus.DEADLINE_EXCEEDED.name(), "timed out: " + e.getMessage(), e, start);
        } catch (IOException e) {
            throw transportFailure(path, VeltStatus.UNAVAILABLE.name(), "connection failed: " + e, e, start);
        }
    }

    private static VeltApiException transportFailure(String path, String status, String message, IOException cause,
            long start) {
        LOG.debug("POST /v2/{} failed in {} ms: {}", path, elapsedMs(start), message);
        return new VeltApiException(path, status, 0, message, null, cause);
    }

    private static long elapsedMs(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
