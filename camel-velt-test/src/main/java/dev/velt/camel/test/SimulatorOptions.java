package dev.velt.camel.test;

/**
 * How a {@link VeltSimulator} behaves. Everything the scenario generates (ids, events, findings, when things happen
 * in ticks) depends only on {@link #seed(long)} and the counts; timestamps also on {@link #startTime(long)}.
 */
public final class SimulatorOptions {

    /** Where {@code agents/execution/get} puts findings with {@code includeResults}. */
    public enum FindingsShape {

        /** {@code results[].agentResult.findings}: the current API. */
        AGENT_RESULT,
        /** {@code results[].findings}: the older shape. */
        FLAT,
        /** Run by run, one shape or the other (decided by the run's id): a client must read both. */
        MIXED;

        /** The shape of one run's results. */
        FindingsShape of(String runId) {
            if (this != MIXED) {
                return this;
            }
            return (runId.hashCode() & 1) == 0 ? AGENT_RESULT : FLAT;
        }
    }

    private long seed = 42;
    private long tickMillis = 100;
    private long simulatedMillisPerTick;
    private long startTime;
    private int port;
    private String apiKey = "sim-api-key";
    private String authToken = "sim-auth-token";
    private int workflowExecutions = 6;
    private int agentRuns = 10;
    private int meanStartGapTicks = 10;
    private FindingsShape findingsShape = FindingsShape.AGENT_RESULT;
    private boolean legacyAgentList;
    private double transientErrorRate;
    private double pendingShare;
    private boolean acceptAnyCredentials;
    private int ticksPerRequest;
    private String webhookUrl;
    private String webhookSecret;
    private double webhookTimeScale = 0.01;
    private int executionsDefaultPageSize = 50;
    private double agentRerunShare;
    private double interactiveShare;

    public static SimulatorOptions defaults() {
        return new SimulatorOptions();
    }

    /** Seed of the scenario's {@link java.util.Random}; the same seed gives the same scenario. Default 42. */
    public SimulatorOptions seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Real milliseconds between two ticks of the simulator's clock; 0 means the clock only moves by
     * {@link VeltSimulator#advance(int)}. Default 100.
     */
    public SimulatorOptions tickMillis(long tickMillis) {
        this.tickMillis = tickMillis;
        return this;
    }

    /**
     * Simulated milliseconds one tick stands for (timestamps); 0 (default) means {@code tickMillis}, or 1000 with a manual
     * clock.
     */
    public SimulatorOptions simulatedMillisPerTick(long millis) {
        this.simulatedMillisPerTick = millis;
        return this;
    }

    /** Epoch ms of tick 0; 0 (default) means the time of {@link VeltSimulator#start(SimulatorOptions)}. */
    public SimulatorOptions startTime(long startTime) {
        this.startTime = startTime;
        return this;
    }

    /** HTTP port; 0 (default) picks a free one. */
    public SimulatorOptions port(int port) {
        this.port = port;
        return this;
    }

    /** The {@code x-velt-api-key} every request must carry. */
    public SimulatorOptions apiKey(String apiKey) {
        this.apiKey = apiKey;
        return this;
    }

    /** The {@code x-velt-auth-token} every request must carry. */
    public SimulatorOptions authToken(String authToken) {
        this.authToken = authToken;
        return this;
    }

    /** How many workflow executions the scenario starts; -1 for no end. Default 6. */
    public SimulatorOptions workflowExecutions(int count) {
        this.workflowExecutions = count;
        return this;
    }

    /** How many agent runs the scenario starts; -1 for no end. Default 10. */
    public SimulatorOptions agentRuns(int count) {
        this.agentRuns = count;
        return this;
    }

    /** Mean number of ticks between two starts of the same kind (execution or agent run). Default 10. */
    public SimulatorOptions meanStartGapTicks(int ticks) {
        this.meanStartGapTicks = ticks;
        return this;
    }

    /** Where {@code agents/execution/get} puts findings; default {@link FindingsShape#AGENT_RESULT}. */
    public SimulatorOptions findingsShape(FindingsShape shape) {
        this.findingsShape = shape;
        return this;
    }

    /**
     * Answer {@code agents/execution/list} in the older envelope ({@code items, nextCursor, hasMore}, request
     * {@code cursor}).
     */
    public SimulatorOptions legacyAgentList(boolean legacy) {
        this.legacyAgentList = legacy;
        return this;
    }

    /**
     * Share of requests answered 503 UNAVAILABLE (with {@code Retry-After: 1}) before anything else is checked (0..1).
     * Default 0.
     */
    public SimulatorOptions transientErrorRate(double rate) {
        this.transientErrorRate = rate;
        return this;
    }

    /**
     * Share of generated executions (0..1) listed as {@code pending}, without {@code startedAt}, for one to three
     * ticks before they start. Default 0.
     */
    public SimulatorOptions pendingShare(double share) {
        this.pendingShare = share;
        return this;
    }

    /**
     * Accept any non-empty {@code x-velt-api-key} and {@code x-velt-auth-token}, not only the configured pair (several
     * clients told apart by their key). Missing headers are still refused. Default false.
     */
    public SimulatorOptions acceptAnyCredentials(boolean any) {
        this.acceptAnyCredentials = any;
        return this;
    }

    /**
     * Ticks the clock moves on before each request is answered (a world that moves with its clients, whatever their
     * speed); 0 (default) for none. Combine with {@code tickMillis(0)}.
     */
    public SimulatorOptions ticksPerRequest(int ticks) {
        this.ticksPerRequest = ticks;
        return this;
    }

    /**
     * Where every execution's external events are pushed as signed webhooks, unless its dispatch names its own
     * {@code webhookUrl}; null (default) for no pushes. Unlike Velt, the simulator pushes to plain HTTP and loopback.
     */
    public SimulatorOptions webhook(String url, String secret) {
        this.webhookUrl = url;
        this.webhookSecret = secret;
        return this;
    }

    /**
     * Factor applied to Velt's webhook retry schedule (2 s, 8 s, 32 s, 2 min, 8 min); default 0.01 (20 ms ... 4.8 s).
     */
    public SimulatorOptions webhookTimeScale(double scale) {
        this.webhookTimeScale = scale;
        return this;
    }

    /**
     * The page size of {@code workflow/executions/list} when a request sets none; the API's is 50 (the default). A
     * small one makes a client page.
     */
    public SimulatorOptions executionsDefaultPageSize(int pageSize) {
        this.executionsDefaultPageSize = pageSize;
        return this;
    }

    /**
     * Share of generated agent runs with findings (0..1) that are rerun a few ticks after they finish (match-and-merge:
     * {@code previousExecutionId}, the same problems under new finding ids but one that was fixed and, one time in
     * three, a new one: a broken link of severity high; see {@link VeltSimulator#rerunAgent}). Reruns come on top of
     * {@link #agentRuns(int)}. Default 0.
     */
    public SimulatorOptions agentRerunShare(double share) {
        this.agentRerunShare = share;
        return this;
    }

    /**
     * Share of generated executions (0..1) played by the write side instead of a timeline written ahead: they start
     * as a dispatch of the first definition would (an agent drafts, then a human step waits for {@code reviewer_legal},
     * mandatory, and {@code reviewer_brand}) and go on only with real decisions or a cancel through the API. Default 0.
     */
    public SimulatorOptions interactiveShare(double share) {
        this.interactiveShare = share;
        return this;
    }

    public double interactiveShare() {
        return interactiveShare;
    }

    public double agentRerunShare() {
        return agentRerunShare;
    }

    public int executionsDefaultPageSize() {
        return executionsDefaultPageSize;
    }

    public double pendingShare() {
        return pendingShare;
    }

    public boolean acceptAnyCredentials() {
        return acceptAnyCredentials;
    }

    public int ticksPerRequest() {
        return ticksPerRequest;
    }

    public String webhookUrl() {
        return webhookUrl;
    }

    public String webhookSecret() {
        return webhookSecret;
    }

    public double webhookTimeScale() {
        return webhookTimeScale;
    }

    public long seed() {
        return seed;
    }

    public long tickMillis() {
        return tickMillis;
    }

    public long simulatedMillisPerTick() {
        if (simulatedMillisPerTick > 0) {
            return simulatedMillisPerTick;
        }
        return tickMillis > 0 ? tickMillis : 1000;
    }

    public long startTime() {
        return startTime;
    }

    public int port() {
        return port;
    }

    public String apiKey() {
        return apiKey;
    }

    public String authToken() {
        return authToken;
    }

    public int workflowExecutions() {
        return workflowExecutions;
    }

    public int agentRuns() {
        return agentRuns;
    }

    public int meanStartGapTicks() {
        return meanStartGapTicks;
    }

    public FindingsShape findingsShape() {
        return findingsShape;
    }

    public boolean legacyAgentList() {
        return legacyAgentList;
    }

    public double transientErrorRate() {
        return transientErrorRate;
    }
}
