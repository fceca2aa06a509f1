package dev.velt.camel.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.velt.camel.examples.routes.EventsToSlackRouteBuilder;
import dev.velt.camel.examples.routes.FindingsToJiraRouteBuilder;
import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltSimulator;
import dev.velt.camel.examples.sinks.JiraSink;
import dev.velt.camel.examples.sinks.SlackSink;

/**
 * The demo: a Camel Main application running the routes under {@code src/main/resources/routes/}. Each service that is
 * not configured in the environment is replaced by a local stand-in: Velt by the {@link VeltSimulator} (when
 * {@code VELT_API_KEY} is not set), Slack by a {@link SlackSink}, Jira by a {@link JiraSink}. Runs for
 * {@link DemoSettings#duration()} (or until Ctrl-C when zero), then prints what went where.
 */
public final class DemoApplication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoApplication.class);
    private static final String SINK_JIRA_USER = "demo@example.com";
    private static final String SINK_JIRA_TOKEN = "demo-jira-token";

    /** Where the simulator pushes in push mode, and the secret it signs with (a demo value, never a real one). */
    static final String WEBHOOK_PATH = "/velt/events";
    private static final String DEMO_WEBHOOK_SECRET = "demo-webhook-secret-0123456789";

    private final DemoSettings settings;
    private final boolean push;
    private int webhookPort;
    private final DeliveryReport report = new DeliveryReport();
    private VeltSimulator simulator;
    private SlackSink slackSink;
    private JiraSink jiraSink;
    private Main main;

    public DemoApplication(DemoSettings settings) {
        this(settings, false);
    }

    /**
     * @param push offline only: the simulator also pushes every event as a signed webhook to the events route's
     *             {@code webhookPath} on Camel Main's HTTP server, and polling only reconciles
     */
    public DemoApplication(DemoSettings settings, boolean push) {
        this.settings = settings;
        this.push = push;
    }

    public static void main(String[] args) throws Exception {
        try (DemoApplication demo = new DemoApplication(DemoSettings.fromEnvironment(), DemoSettings.pushRequested())) {
            demo.run();
        }
    }

    /** Starts the stand-ins and Camel, runs for the configured duration (or until Ctrl-C), then prints the report. */
    public void run() throws Exception {
        startStandIns();
        main = createMain();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                startSimulatedTime();
            }
        });
        long seconds = settings.duration().isZero() ? 0 : Math.max(1, settings.duration().toSeconds());
        main.configure().setDurationMaxSeconds((int) seconds);
        if (seconds > 0) {
            LOG.info("Running for {} s, then printing what went where", seconds);
        } else {
            LOG.info("Running until Ctrl-C, then printing what went where");
        }
        CountDownLatch reported = new CountDownLatch(1);
        // on Ctrl-C, let the JVM wait (a little) for the report printed below once Camel has stopped
        Thread waitForReport = new Thread(() -> awaitQuietly(reported), "velt-demo-report");
        Runtime.getRuntime().addShutdownHook(waitForReport);
        try {
            main.run();
            printReport();
        } finally {
            reported.countDown();
            removeHook(waitForReport);
        }
    }

    /** Starts the stand-ins and Camel and returns once the routes run (for tests; stop with {@link #close()}). */
    public void start() throws Exception {
        startStandIns();
        main = createMain();
        main.start();
        startSimulatedTime();
    }

    /** The simulator's scenario begins once the routes run, so they see it happen however long Camel took to start. */
    private void startSimulatedTime() {
        if (simulator != null) {
            simulator.startClock();
        }
    }

    private void startStandIns() {
        if (settings.offline()) {
            SimulatorOptions options = SimulatorOptions.defaults()
                    .seed(settings.seed())
                    .tickMillis(settings.tickMillis())
                    .workflowExecutions(settings.workflowExecutions())
                    .agentRuns(settings.agentRuns())
                    .transientErrorRate(settings.transientErrorRate());
            if (push) {
                webhookPort = freePort();
                options.webhook("http://localhost:" + webhookPort + WEBHOOK_PATH, DEMO_WEBHOOK_SECRET);
            }
            simulator = VeltSimulator.create(options);
            LOG.info("No VELT_API_KEY: using the Velt simulator at {} (seed {}){}", simulator.baseUrl(), settings.seed(),
                    push ? ", pushing webhooks to http://localhost:" + webhookPort + WEBHOOK_PATH : "");
        }
        if (!settings.slackConfigured()) {
            slackSink = SlackSink.start();
            LOG.info("No SLACK_WEBHOOK_URL: posting to a local Slack sink at {}", slackSink.webhookUrl());
        }
        if (!settings.jiraConfigured()) {
            jiraSink = JiraSink.start(SINK_JIRA_USER, SINK_JIRA_TOKEN);
            LOG.info("No JIRA_URL: creating issues in a local Jira sink at {}", jiraSink.url());
        }
    }

    private Main createMain() {
        Main camelMain = new Main();
        camelMain.bind("deliveryReport", report);
        overrides().forEach(camelMain::addOverrideProperty);
        if (settings.javaRoutes()) {
            camelMain.configure().setRoutesCollectorEnabled(false);
            camelMain.configure().addRoutesBuilder(new EventsToSlackRouteBuilder());
            camelMain.configure().addRoutesBuilder(new FindingsToJiraRouteBuilder());
        }
        return camelMain;
    }

    /** Properties that point the routes at the stand-ins; they win over application.properties. */
    private Map<String, String> overrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        // the environment only counts where application.properties says {{env:...}}
        overrides.put("camel.component.properties.environment-variable-mode", "0");
        if (simulator != null) {
            overrides.put("camel.component.velt.base-url", simulator.baseUrl());
            overrides.put("camel.component.velt.api-key", simulator.options().apiKey());
            overrides.put("camel.component.velt.auth-token", simulator.options().authToken());
            // everything the simulator generates starts after now: with sinceTime, nothing is skipped as "older"
            overrides.put("velt.since-time", String.valueOf(System.currentTimeMillis()));
            overrides.put("velt.poll-delay", String.valueOf(settings.pollDelayMillis()));
            overrides.put("velt.definition-id", VeltSimulator.DEFINITION_IDS.get(0));
            overrides.put("velt.agent-id", VeltSimulator.AGENT_IDS.get(0));
            if (push) {
                overrides.put("camel.server.enabled", "true");
                overrides.put("camel.server.port", String.valueOf(webhookPort));
                overrides.put("camel.component.velt.webhook-secret", DEMO_WEBHOOK_SECRET);
                overrides.put("velt.webhook-path", WEBHOOK_PATH);
            }
        }
        if (slackSink != null) {
            overrides.put("slack.webhook-url", slackSink.webhookUrl());
        }
        if (jiraSink != null) {
            overrides.put("jira.url", jiraSink.url());
            overrides.put("jira.user", SINK_JIRA_USER);
            overrides.put("jira.token", SINK_JIRA_TOKEN);
        }
        return overrides;
    }

    /** Prints the table of deliveries and, for the stand-ins, what they generated and received. */
    private void printReport() {
        StringBuilder out = new StringBuilder("\nWhat went where\n").append(report.table());
        if (simulator != null) {
            String agentId = VeltSimulator.AGENT_IDS.get(0);
            long severe = simulator.agentRuns().stream()
                    .filter(run -> run.agentId().equals(agentId))
                    .flatMap(run -> run.findings().stream())
                    .filter(f -> f.severity().equals("critical") || f.severity().equals("high"))
                    .count();
            out.append(String.format("%nThe simulator started %d workflow executions and %d agent runs (%d critical/high "
                                     + "findings of agent %s).%n", simulator.executions().size(),
                    simulator.agentRuns().size(), severe, agentId));
        }
        if (slackSink != null) {
            out.append(String.format("The local Slack sink received %d messages.%n", slackSink.messages().size()));
        }
        if (jiraSink != null) {
            out.append(String.format("The local Jira sink created %d issues.%n", jiraSink.issues().size()));
        }
        System.out.print(out);
        System.out.flush();
    }

    public DeliveryReport report() {
        return report;
    }

    /** The simulator, or null when the demo talks to the real Velt. */
    public VeltSimulator simulator() {
        return simulator;
    }

    public SlackSink slackSink() {
        return slackSink;
    }

    public JiraSink jiraSink() {
        return jiraSink;
    }

    public CamelContext camelContext() {
        return main == null ? null : main.getCamelContext();
    }

    /** Stops Camel, then the stand-ins. */
    @Override
    public void close() throws Exception {
        if (main != null && !main.isStopped()) {
            main.stop();
        }
        if (jiraSink != null) {
            jiraSink.stop();
        }
        if (slackSink != null) {
            slackSink.stop();
        }
        if (simulator != null) {
            simulator.stop();
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already shutting down (Ctrl-C): the hook is running and about to be released
        }
    }
}
