package dev.velt.camel.component;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The options of a {@code velt:} endpoint. The component holds one instance whose values are the defaults of every
 * endpoint; each endpoint works on its own {@link #copy()}.
 */
@UriParams
public class VeltConfiguration implements Cloneable {

    @UriParam(label = "security", secret = true)
    private String apiKey;
    @UriParam(label = "security", secret = true)
    private String authToken;
    @UriParam(label = "common", defaultValue = "https://api.velt.dev")
    private String baseUrl = "https://api.velt.dev";
    @UriParam(label = "common")
    private String executionId;
    @UriParam(label = "producer", defaultValue = "0")
    private long sinceSeq = 0;
    @UriParam(label = "common")
    private Integer pageSize;
    @UriParam(label = "producer", defaultValue = "false")
    private boolean fetchAllPages;
    @UriParam(label = "common", defaultValue = "false")
    private boolean includeResults;
    @UriParam(label = "producer")
    private String pageToken;
    @UriParam(label = "common")
    private String agentId;
    @UriParam(label = "common")
    private String organizationId;
    @UriParam(label = "common")
    private String documentId;
    @UriParam(label = "common")
    private String status;
    @UriParam(label = "producer")
    private String orderDirection;
    @UriParam(label = "common")
    private String definitionId;
    @UriParam(label = "consumer")
    private String types;
    @UriParam(label = "consumer")
    private String sinceTime;
    @UriParam(label = "consumer", defaultValue = "false")
    private boolean splitFindings;
    @UriParam(label = "consumer")
    private StateRepository<String, String> stateRepository;
    @UriParam(label = "consumer", defaultValue = "100")
    private int maxMessagesPerPoll = 100;
    @UriParam(label = "advanced", defaultValue = "3")
    private int maxRetries = 3;
    @UriParam(label = "advanced", defaultValue = "500", javaType = "java.time.Duration")
    private long retryDelay = 500;
    @UriParam(label = "advanced", defaultValue = "30000", javaType = "java.time.Duration")
    private long retryMaxDelay = 30000;
    @UriParam(label = "advanced", defaultValue = "10000", javaType = "java.time.Duration")
    private long connectTimeout = 10000;
    @UriParam(label = "advanced", defaultValue = "30000", javaType = "java.time.Duration")
    private long requestTimeout = 30000;
    @UriParam(label = "security")
    private SSLContextParameters sslContextParameters;
    @UriParam(label = "producer")
    private String idempotencyKey;
    @UriParam(label = "producer")
    private String correlationId;
    @UriParam(label = "producer")
    private String webhookUrl;
    @UriParam(label = "security", secret = true)
    private String webhookSecret;
    @UriParam(label = "producer")
    private String reason;
    @UriParam(label = "producer")
    private String stepId;
    @UriParam(label = "producer")
    private String reviewerId;
    @UriParam(label = "producer", enums = "approve,reject")
    private String decision;
    @UriParam(label = "producer")
    private String resolutionId;
    @UriParam(label = "consumer")
    private String webhookPath;
    @UriParam(label = "consumer", defaultValue = "60000", javaType = "java.time.Duration")
    private long reconcileDelay = 60000;
    @UriParam(label = "consumer", defaultValue = "0")
    private int shards;
    @UriParam(label = "consumer")
    private Integer shard;
    @UriParam(label = "producer")
    private String responseId;
    @UriParam(label = "producer", enums = "resolved,rejected")
    private String resolution;
    @UriParam(label = "producer")
    private String actorId;
    @UriParam(label = "producer")
    private String url;
    @UriParam(label = "producer")
    private Boolean crossPageExecute;
    @UriParam(label = "producer")
    private Integer maxUrlsToProcess;
    @UriParam(label = "producer", enums = "mobile,desktop")
    private String deviceType;
    @UriParam(label = "producer", enums = "public,private")
    private String annotationVisibility;
    @UriParam(label = "producer", defaultValue = "false")
    private boolean awaitCompletion;
    @UriParam(label = "producer", defaultValue = "5000", javaType = "java.time.Duration")
    private long awaitInterval = 5000;
    @UriParam(label = "producer", defaultValue = "600000", javaType = "java.time.Duration")
    private long awaitTimeout = 600000;
    @UriParam(label = "producer")
    private String agentIds;

    public String getApiKey() {
        return apiKey;
    }

    /**
     * The Velt API key, sent as the x-velt-api-key header. Usually set once on the component
     * (camel.component.velt.api-key).
     */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getAuthToken() {
        return authToken;
    }

    /**
     * The Velt auth token, sent as the x-velt-auth-token header. Usually set once on the component
     * (camel.component.velt.auth-token).
     */
    public void setAuthToken(String authToken) {
        this.authToken = authToken;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    /**
     * The Velt API base URL; requests go to baseUrl/v2/... Point it at a stub or simulator for tests.
     */
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getExecutionId() {
        return executionId;
    }

    /**
     * The execution to read or act on. getExecution, getEvents, getAgentExecution, cancel, recordReviewerDecision and
     * recordAgentResolution: one id (the CamelVeltExecutionId header overrides it). velt:events: a comma-separated list of
     * workflow executions to watch.
     */
    public void setExecutionId(String executionId) {
        this.executionId = executionId;
    }

    public long getSinceSeq() {
        return sinceSeq;
    }

    /**
     * getEvents: return the events with a seq greater than this (the CamelVeltSinceSeq header overrides it).
     */
    public void setSinceSeq(long sinceSeq) {
        this.sinceSeq = sinceSeq;
    }

    public Integer getPageSize() {
        return pageSize;
    }

    /**
     * Items per page: getEvents and velt:events 1..500 (API default 100); listAgentExecutions and velt:agentExecutions
     * 1..100 (API default 20); listExecutions and listDefinitions 1..500 (API default 50). Not sent when unset.
     */
    public void setPageSize(Integer pageSize) {
        this.pageSize = pageSize;
    }

    public boolean isFetchAllPages() {
        return fetchAllPages;
    }

    /**
     * getEvents, listAgentExecutions, listExecutions and listDefinitions: follow the cursor to the last page and return
     * every item in one list.
     */
    public void setFetchAllPages(boolean fetchAllPages) {
        this.fetchAllPages = fetchAllPages;
    }

    public boolean isIncludeResults() {
        return includeResults;
    }

    /**
     * getAgentExecution, runAgent with awaitCompletion, and velt:agentExecutions: also fetch the per-URL results with
     * their findings (the CamelVeltIncludeResults header overrides it for the producers). Never sent to
     * agents/execution/run.
     */
    public void setIncludeResults(boolean includeResults) {
        this.includeResults = includeResults;
    }

    public String getPageToken() {
        return pageToken;
    }

    /**
     * listAgentExecutions, listExecutions and listDefinitions: the page to fetch, from a previous CamelVeltNextPageToken of
     * the same operation (the CamelVeltPageToken header overrides it).
     */
    public void setPageToken(String pageToken) {
        this.pageToken = pageToken;
    }

    public String getAgentId() {
        return agentId;
    }

    /**
     * listAgentExecutions and velt:agentExecutions: the agent whose runs to list. runAgent: the agent to run
     * (required).
     */
    public void setAgentId(String agentId) {
        this.agentId = agentId;
    }

    public String getOrganizationId() {
        return organizationId;
    }

    /**
     * listAgentExecutions and velt:agentExecutions: the organization of documentId (the current API needs both together).
     * runAgent: the organization of the document (required).
     */
    public void setOrganizationId(String organizationId) {
        this.organizationId = organizationId;
    }

    public String getDocumentId() {
        return documentId;
    }

    /**
     * listAgentExecutions and velt:agentExecutions: the document whose agent runs to list. runAgent: the document the
     * run's annotations go to; it must exist (required).
     */
    public void setDocumentId(String documentId) {
        this.documentId = documentId;
    }

    public String getStatus() {
        return status;
    }

    /**
     * listAgentExecutions and velt:agentExecutions: only runs in this status (older API only; the current one rejects it).
     * velt:events: only discover executions in this status. listExecutions: only executions in this status (pending,
     * running, completed, failed, cancelled). countAgentExecutions: only count runs in this status (running, passed,
     * failed, partial, error, skipped).
     */
    public void setStatus(String status) {
        this.status = status;
    }

    public String getOrderDirection() {
        return orderDirection;
    }

    /**
     * listAgentExecutions: asc or desc by startedAt (older API only; the current one always lists newest first).
     */
    public void setOrderDirection(String orderDirection) {
        this.orderDirection = orderDirection;
    }

    public String getDefinitionId() {
        return definitionId;
    }

    /**
     * velt:events: watch every execution of this workflow definition, discovered through workflow/executions/list,
     * including executions that start later. dispatch: the definition to start an execution of (the CamelVeltDefinitionId
     * header overrides it). getDefinition: the definition to read (the header overrides it). listExecutions: only
     * executions of this definition.
     */
    public void setDefinitionId(String definitionId) {
        this.definitionId = definitionId;
    }

    public String getTypes() {
        return types;
    }

    /**
     * velt:events: only emit these event types (comma-separated, e.g. step.awaiting-approval,execution.failed). Other
     * events are skipped but still move the position.
     */
    public void setTypes(String types) {
        this.types = types;
    }

    public String getSinceTime() {
        return sinceTime;
    }

    /**
     * Consumers: on the first start, also deliver executions (velt:events with definitionId) or agent runs
     * (velt:agentExecutions) that started at or after this time, given as epoch milliseconds or ISO-8601. Without it, what
     * had already finished before the first start is skipped.
     */
    public void setSinceTime(String sinceTime) {
        this.sinceTime = sinceTime;
    }

    public boolean isSplitFindings() {
        return splitFindings;
    }

    /**
     * velt:agentExecutions: emit one exchange per finding (body the finding) instead of one per run. Implies
     * includeResults.
     */
    public void setSplitFindings(boolean splitFindings) {
        this.splitFindings = splitFindings;
    }

    public StateRepository<String, String> getStateRepository() {
        return stateRepository;
    }

    /**
     * Where consumers keep their positions (last delivered seq per execution, pending agent runs), so a restarted route
     * resumes exactly where it stopped. Any StateRepository bean with String keys and values, e.g. a FileStateRepository;
     * the consumer starts and stops it. Default: in memory, so a restart starts afresh.
     */
    public void setStateRepository(StateRepository<String, String> stateRepository) {
        this.stateRepository = stateRepository;
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    /**
     * Consumers: the most exchanges one poll emits (the rest follow on the next poll; with greedy=true at once). Also
     * the most items that can be delivered twice after a crash. 0 or less means no limit.
     */
    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    /**
     * How often a transient failure (429, 5xx, connection reset, timeout) is retried inside one call, with exponential
     * backoff and jitter; 0 turns retrying off.
     */
    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getRetryDelay() {
        return retryDelay;
    }

    /**
     * The delay before the first retry, in milliseconds; it doubles with each retry up to retryMaxDelay.
     */
    public void setRetryDelay(long retryDelay) {
        this.retryDelay = retryDelay;
    }

    public long getRetryMaxDelay() {
        return retryMaxDelay;
    }

    /**
     * The longest wait between two attempts, in milliseconds. A Retry-After from Velt is honoured up to this bound.
     */
    public void setRetryMaxDelay(long retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    /**
     * Time to establish a connection to Velt, in milliseconds.
     */
    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    /**
     * Time to wait for response data from Velt, in milliseconds; a slower response counts as a transient failure.
     */
    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    /**
     * TLS settings (trust store, protocols) for the connection to Velt. Default: the JVM's trust store; certificates are
     * always verified.
     */
    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public String getIdempotencyKey() {
        return idempotencyKey;
    }

    /**
     * dispatch: the idempotency key (letters, digits and : _ - . only, at most 200 characters; the CamelVeltIdempotencyKey
     * header overrides it). Velt answers a repeated dispatch with the same key with the execution the key started
     * (CamelVeltDeduplicated true) instead of starting a second one, which is why a dispatch is retried after a transient
     * failure only when it has a key. Use a key derived from what triggers the dispatch, e.g. an order id.
     */
    public void setIdempotencyKey(String idempotencyKey) {
        this.idempotencyKey = idempotencyKey;
    }

    public String getCorrelationId() {
        return correlationId;
    }

    /**
     * dispatch: a correlation id of your own that Velt keeps on the execution and its events (the CamelVeltCorrelationId
     * header overrides it).
     */
    public void setCorrelationId(String correlationId) {
        this.correlationId = correlationId;
    }

    public String getWebhookUrl() {
        return webhookUrl;
    }

    /**
     * dispatch: the HTTPS URL Velt POSTs every external event of the new execution to, signed with webhookSecret (the
     * CamelVeltWebhookUrl header overrides it). Velt takes the two only together: with a webhookUrl the dispatch sends
     * the endpoint's (or header's) webhookSecret, else the component's; a webhookUrl with no secret anywhere is refused
     * before any request.
     */
    public void setWebhookUrl(String webhookUrl) {
        this.webhookUrl = webhookUrl;
    }

    public String getWebhookPath() {
        return webhookPath;
    }

    /**
     * velt:events: also receive Velt's webhook POSTs on this HTTP path (e.g. /velt/events), through Camel's platform-http
     * and whatever HTTP server the runtime provides (camel-platform-http-main, Spring Boot, Quarkus). Pushes are
     * accepted only when signed with webhookSecret, which is then required. Point the webhookUrl of the executions at
     * the public HTTPS address of this path. With shards, set it only on the push receiver: the endpoint with the same
     * definitionId, shards and stateRepository but without shard, run on every replica (not under master:); it is
     * refused on the consumer of a shard.
     */
    public void setWebhookPath(String webhookPath) {
        this.webhookPath = webhookPath;
    }

    public String getWebhookSecret() {
        return webhookSecret;
    }

    /**
     * The secret (16 to 512 characters) Velt signs its webhook calls with: x-velt-signature is sha256= and the hex
     * HMAC-SHA256 of the raw body keyed with it. velt:events: required with webhookPath; a push without a valid
     * signature is refused with HTTP 401. Set on the component (camel.component.velt.webhook-secret) it is the secret of
     * that receiver: a dispatch sends it only when it has a webhookUrl. dispatch: sent only together with a webhookUrl,
     * so Velt signs the new execution's pushes with it; set on a dispatch endpoint (or in the CamelVeltWebhookSecret
     * header) without a webhookUrl it is refused before any request.
     */
    public void setWebhookSecret(String webhookSecret) {
        this.webhookSecret = webhookSecret;
    }

    public String getReason() {
        return reason;
    }

    /**
     * cancel (at most 500 characters), recordReviewerDecision and recordAgentResolution (at most 2000 characters): why;
     * the CamelVeltReason header overrides it.
     */
    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getStepId() {
        return stepId;
    }

    /**
     * recordReviewerDecision and recordAgentResolution: the step of executionId to act on (the CamelVeltStepId header
     * overrides it).
     */
    public void setStepId(String stepId) {
        this.stepId = stepId;
    }

    public String getReviewerId() {
        return reviewerId;
    }

    /**
     * recordReviewerDecision: the reviewer (a user id among the step's reviewers) whose decision it is (the
     * CamelVeltReviewerId header overrides it).
     */
    public void setReviewerId(String reviewerId) {
        this.reviewerId = reviewerId;
    }

    public String getDecision() {
        return decision;
    }

    /**
     * recordReviewerDecision: approve or reject (the CamelVeltDecision header overrides it).
     */
    public void setDecision(String decision) {
        this.decision = decision;
    }

    public String getResolutionId() {
        return resolutionId;
    }

    /**
     * recordAgentResolution in the earlier form, for workspaces on Velt's API before 5 August 2026: the id of this
     * resolution of a blocking agent step, its idempotency key, sent with the message body as output. Used when
     * responseId is not set. Velt records a resolution with the same id once, so the call is retried after a transient
     * failure (the CamelVeltResolutionId header overrides it).
     */
    public void setResolutionId(String resolutionId) {
        this.resolutionId = resolutionId;
    }

    public long getReconcileDelay() {
        return reconcileDelay;
    }

    /**
     * velt:events with webhookPath: an execution that receives pushes is re-read from Velt only at this delay instead of
     * at every poll, as a safety net for pushes Velt could not deliver (a webhook outage, a push given up on); an
     * execution that has had no push yet is polled at every poll as usual.
     */
    public void setReconcileDelay(long reconcileDelay) {
        this.reconcileDelay = reconcileDelay;
    }

    public int getShards() {
        return shards;
    }

    /**
     * velt:events with definitionId, and velt:agentExecutions: spread the executions (or agent runs) over this many
     * shards, one consumer per shard (each with its own shard option, e.g. from a route template, each under its own
     * master: namespace), all sharing one stateRepository. An execution or run belongs to shard CRC32(UTF-8 id) mod
     * shards, a fixed rule that is part of the stored state: keep the number of shards once positions are stored. The
     * consumer of shard 0 alone reads the list and hands each execution of another shard (for agent runs: each finished
     * run) to its owner through the stateRepository; every consumer delivers its own shard's. A consumer of another
     * shard of velt:agentExecutions reads each run handed to it by id (agents/execution/get) before delivering it. 0
     * (the default): not sharded, one consumer delivers everything. velt:events with webhookPath and without shard is
     * the push receiver of the sharded stream, on every replica: a push goes to the consumer of its shard when it runs
     * in the same CamelContext (answered 2xx once delivered and committed), else it is recorded in the stateRepository,
     * which must then be an OrderedStateRepository such as JdbcStateRepository (answered 2xx once stored), and that
     * consumer delivers it at its next poll. velt:events: not yet with status.
     */
    public void setShards(int shards) {
        this.shards = shards;
    }

    public Integer getShard() {
        return shard;
    }

    /**
     * velt:events and velt:agentExecutions with shards: the shard this consumer delivers, from 0 to shards - 1.
     * Required with shards, except on the push receiver of velt:events (with webhookPath, which is refused together
     * with shard). The consumer of shard 0 also reads the list for all shards, so it must run for new executions
     * (finished runs) to reach any shard; those handed over already keep flowing while it is down.
     */
    public void setShard(Integer shard) {
        this.shard = shard;
    }

    public String getResponseId() {
        return responseId;
    }

    /**
     * recordAgentResolution (Velt's form since 5 August 2026): the response of the blocking agent step being resolved,
     * one of the response ids in the step's output, at most 200 characters (the CamelVeltResponseId header overrides
     * it). Velt records a (stepId, responseId) pair once and answers a replay with recorded false, so the call is
     * retried after a transient failure.
     */
    public void setResponseId(String responseId) {
        this.responseId = responseId;
    }

    public String getResolution() {
        return resolution;
    }

    /**
     * recordAgentResolution: resolved or rejected (the CamelVeltResolution header overrides it); required with
     * responseId.
     */
    public void setResolution(String resolution) {
        this.resolution = resolution;
    }

    public String getActorId() {
        return actorId;
    }

    /**
     * recordAgentResolution: who resolves, at most 256 characters (the CamelVeltActorId header overrides it); required
     * with responseId.
     */
    public void setActorId(String actorId) {
        this.actorId = actorId;
    }

    public String getUrl() {
        return url;
    }

    /** runAgent: the http or https page the agent runs on (the CamelVeltUrl header overrides it); required. */
    public void setUrl(String url) {
        this.url = url;
    }

    public Boolean getCrossPageExecute() {
        return crossPageExecute;
    }

    /** runAgent: also crawl and check the pages linked from url (Velt's default: false). Not sent when unset. */
    public void setCrossPageExecute(Boolean crossPageExecute) {
        this.crossPageExecute = crossPageExecute;
    }

    public Integer getMaxUrlsToProcess() {
        return maxUrlsToProcess;
    }

    /** runAgent: the most pages to check, positive (Velt's default: 50). Not sent when unset. */
    public void setMaxUrlsToProcess(Integer maxUrlsToProcess) {
        this.maxUrlsToProcess = maxUrlsToProcess;
    }

    public String getDeviceType() {
        return deviceType;
    }

    /** runAgent: render the pages as mobile or desktop (Velt's default: desktop). Not sent when unset. */
    public void setDeviceType(String deviceType) {
        this.deviceType = deviceType;
    }

    public String getAnnotationVisibility() {
        return annotationVisibility;
    }

    /**
     * runAgent: whether the annotations the run creates are public or private (Velt's default: private). Not sent when
     * unset.
     */
    public void setAnnotationVisibility(String annotationVisibility) {
        this.annotationVisibility = annotationVisibility;
    }

    public boolean isAwaitCompletion() {
        return awaitCompletion;
    }

    /**
     * runAgent and getAgentExecution: return the run once its status is no longer running, re-reading it every
     * awaitInterval up to awaitTimeout. The wait holds no thread: the exchange continues on the component's await
     * scheduler when the run has finished. Never sent to Velt.
     */
    public void setAwaitCompletion(boolean awaitCompletion) {
        this.awaitCompletion = awaitCompletion;
    }

    public long getAwaitInterval() {
        return awaitInterval;
    }

    /**
     * runAgent and getAgentExecution with awaitCompletion: the time between two reads of the run (milliseconds or a
     * duration such as 200ms, 30s, 10m).
     */
    public void setAwaitInterval(long awaitInterval) {
        this.awaitInterval = awaitInterval;
    }

    public long getAwaitTimeout() {
        return awaitTimeout;
    }

    /**
     * runAgent and getAgentExecution with awaitCompletion: how long to wait for the run to finish (milliseconds or a
     * duration such as 30s, 10m); then the exchange fails with a VeltAwaitTimeoutException naming the run and the time
     * waited.
     */
    public void setAwaitTimeout(long awaitTimeout) {
        this.awaitTimeout = awaitTimeout;
    }

    public String getAgentIds() {
        return agentIds;
    }

    /**
     * countAgentExecutions: the agents to count runs of, comma-separated (1 to 200); the body is then a map of counts
     * per agent. Unset: the body is the workspace's total.
     */
    public void setAgentIds(String agentIds) {
        this.agentIds = agentIds;
    }

    /** A copy whose later changes do not affect this instance. */
    public VeltConfiguration copy() {
        try {
            return (VeltConfiguration) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** Credentials masked: this text may end up in logs. */
    @Override
    public String toString() {
        return "VeltConfiguration[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "null" : "xxxxxx")
               + ", authToken=" + (authToken == null ? "null" : "xxxxxx")
               + (webhookSecret == null ? "" : ", webhookSecret=xxxxxx") + "]";
    }
}
