package dev.velt.camel.component.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velt.camel.component.VeltComponent;
import dev.velt.camel.component.VeltConfiguration;
import dev.velt.camel.test.SimRequest;
import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltSimulator;
import dev.velt.camel.test.VeltSimulatorExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real CamelContext whose {@code velt} component talks real HTTP to the Velt simulator (camel-velt-test), one per
 * test class. Its clock moves one tick per request (so an agent run started through the API finishes after a known
 * number of reads) and nothing is generated: each test starts the runs, executions and definitions it needs. Before
 * each test the request log, the faults and the outcome of new agent runs are reset, and runs still running are ended.
 */
public abstract class SimulatorProducerTestSupport extends CamelTestSupport {

    public static final String API_KEY = "ak_sim_producer";
    public static final String AUTH_TOKEN = "tok_sim_producer";

    @RegisterExtension
    protected static final VeltSimulatorExtension VELT = new VeltSimulatorExtension(SimulatorOptions.defaults()
            .workflowExecutions(0).agentRuns(0).tickMillis(0).ticksPerRequest(1).apiKey(API_KEY).authToken(AUTH_TOKEN));

    protected static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void resetSimulator() {
        VeltSimulator simulator = VELT.simulator();
        simulator.faults().clear();
        simulator.aiCreditsExhausted(false);
        simulator.decidedStepsRefuseDecisions(false);
        simulator.agentRunOutcome(3, "failed", List.of(
                VeltSimulator.brandFinding("finding-1", "critical", "Logo uses the retired brand colour"),
                VeltSimulator.brandFinding("finding-2", "low", "Tagline is not in sentence case")));
        // a run an earlier test started may still run: end it, so that it does not stand in the way of new ones
        simulator.agentRuns().stream().filter(run -> !run.finishedAt(simulator.tick()))
                .forEach(run -> simulator.finishAgentRun(run.id(), "passed", List.of()));
        simulator.requests().clear();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        configureVelt(context.getComponent("velt", VeltComponent.class).getConfiguration());
        return context;
    }

    /** Component-level options; subclasses may change them (call super first). */
    protected void configureVelt(VeltConfiguration configuration) {
        configuration.setBaseUrl(VELT.baseUrl());
        configuration.setApiKey(API_KEY);
        configuration.setAuthToken(AUTH_TOKEN);
        configuration.setRetryDelay(1);
        configuration.setRetryMaxDelay(50);
    }

    protected static VeltSimulator simulator() {
        return VELT.simulator();
    }

    /** The requests the simulator received to {@code path} ({@code agents/execution/run}), oldest first. */
    protected static List<SimRequest> requests(String path) {
        return simulator().requests().to(path);
    }

    /** The {@code data} of the only request to {@code path}. */
    protected static JsonNode onlyRequest(String path) {
        List<SimRequest> sent = requests(path);
        assertThat(sent).as("requests to " + path).hasSize(1);
        return sent.get(0).data();
    }

    /** {@code json} read as a tree, to compare with a request's data exactly. */
    protected static JsonNode json(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    protected Exchange send(String uri, Object body, Map<String, Object> headers) {
        return template.send(uri, exchange -> {
            exchange.getMessage().setHeaders(new HashMap<>(headers));
            exchange.getMessage().setBody(body);
        });
    }

    protected Exchange send(String uri, Map<String, Object> headers) {
        return send(uri, null, headers);
    }

    protected Exchange send(String uri) {
        return send(uri, null, Map.of());
    }
}
