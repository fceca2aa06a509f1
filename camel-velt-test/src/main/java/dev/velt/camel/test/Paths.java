package dev.velt.camel.test;

/** The API's paths, and the one way the simulator writes them. */
final class Paths {

    static final String GET_EXECUTION = "/v2/workflow/executions/get";
    static final String GET_EVENTS = "/v2/workflow/executions/getEvents";
    static final String LIST_EXECUTIONS = "/v2/workflow/executions/list";
    static final String DISPATCH = "/v2/workflow/executions/dispatch";
    static final String CANCEL = "/v2/workflow/executions/cancel";
    static final String RECORD_REVIEWER_DECISION = "/v2/workflow/steps/recordReviewerDecision";
    static final String RECORD_AGENT_RESOLUTION = "/v2/workflow/steps/recordAgentResolution";
    static final String GET_AGENT_RUN = "/v2/agents/execution/get";
    static final String LIST_AGENT_RUNS = "/v2/agents/execution/list";
    static final String RUN_AGENT = "/v2/agents/execution/run";
    static final String COUNT_AGENT_RUNS = "/v2/agents/execution/count";
    static final String GET_DEFINITION = "/v2/workflow/definitions/get";
    static final String LIST_DEFINITIONS = "/v2/workflow/definitions/list";

    private Paths() {
    }

    /**
     * {@code "workflow/executions/get"}, {@code "/workflow/..."} and {@code "/v2/workflow/..."} alike as {@code /v2/...}.
     */
    static String normalize(String path) {
        if (Faults.ANY_PATH.equals(path)) {
            return path;
        }
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.startsWith("v2/") ? "/" + p : "/v2/" + p;
    }
}
