package dev.velt.camel.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.velt.camel.examples.approvals.ApprovalLedger;
import dev.velt.camel.examples.approvals.SlackApprovals;
import dev.velt.camel.examples.routes.DeployCheckRouteBuilder;
import dev.velt.camel.examples.routes.EventsToSlackRouteBuilder;
import dev.velt.camel.examples.routes.FileInJiraRouteBuilder;
import dev.velt.camel.examples.routes.FindingsToJiraRouteBuilder;
import dev.velt.camel.examples.routes.SlackApprovalsRouteBuilder;
import dev.velt.camel.examples.sinks.JiraSink;
import dev.velt.camel.examples.sinks.SlackReviewerScript;
import dev.velt.camel.examples.sinks.SlackSink;
import dev.velt.camel.examples.sinks.SlackStandIn;
import dev.velt.camel.test.SimFinding;
import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo: a Camel Main application running the routes under {@code src/main/resources/routes/}. Each service that is
 * not configured in the environment is replaced by a local stand-in: Velt by the {@link VeltSimulator} (when
 * {@code VELT_API_KEY} is not set), Slack by a {@link SlackSink}, Jira by a {@link JiraSink}. Runs for
 * {@link DemoSettings#duration()} (or until Ctrl-C when zero), then prints what went where. The Jira route keeps what
 * it
 * filed in {@link DemoSettings#dataDir()}, so a rerun of the agent, or a restart, opens no second issue for a problem.
 * With the simulator, a deploy at start has the brand agent check a page ({@code DEPLOY_URL}): its run ends after
 * {@code DEPLOY_RUN_TICKS} ticks with {@code DEPLOY_FINDINGS}, whose critical ones the deploy route files in Jira.
 */
public final class DemoApplication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoApplication.class);
    private static final String SINK_JIRA_USER = "demo@example.com";
    private static final String SINK_JIRA_TOKEN = "demo-jira-token";
    private static final String STAND_IN_BOT_TOKEN = "xoxb-local-stand-in";
    private static final String INTERACTIVITY_PATH = "/slack/interactivity";
    /** With the simulator: the executions dispatched for approval in Slack, of a definition of their own. */
    private static final String APPROVAL_DEFINITION = "campaign-launch-approval";
    private static final int APPROVAL_DISPATCHES = 3;

    /** With the simulator: the page the demo's deploy has the brand agent check, and where its annotations go. */
    static final String DEPLOY_URL = "https://www.acme.example/launch";
    static final String DEPLOY_ORGANIZATION = "org_acme";
    static final String DEPLOY_DOCUMENT = "doc_launch_page";
    /** How long the deploy's run takes in the simulator: the route reads it a few times before it has ended. */
    static final int DEPLOY_RUN_TICKS = 20;
    /** What the deploy's run finds on its page: two critical problems, a medium and a low one. */
    static final List<SimFinding> DEPLOY_FINDINGS = List.of(
            new SimFinding("finding-1", "Outdated logo", "The header shows the 2023 logo", "critical", "visual", "", 1,
                    null, "Replace it with the 2025 logo from the brand kit", "header img.logo", "/html/body/header/img",
                    true, "logo-usage", 92),
            new SimFinding("finding-2", "Personal data in page copy",
                    "A testimonial quotes a customer's full email address", "critical", "compliance",
                    "jane.doe@example.com", 1, null, "Remove the email address or anonymise the quote",
                    "blockquote.testimonial", "/html/body/main/section[4]/blockquote", false, "pii", 88),
            new SimFinding("finding-3", "Heading uses wrong font",
                    "The h1 element uses 'Arial' instead of the brand font 'Inter'", "medium", "typography",
                    "Launch week", 1, null, "Change font-family to 'Inter' for the h1 element", "h1.hero-title",
                    "/html/body/main/section[1]/h1", false, "brand-font", 75),
            new SimFinding("finding-4", "Spelling mistake", "'recieve' should be 'receive'", "low", "content", "recieve", 1,
                    null, "Correct the spelling to 'receive'", "p.terms", "/html/body/footer/p[2]", false, "spelling",
                    70));

    /** Where the simulator pushes in push mode, and the secret it signs with (a demo value, never a real one). */
    static final String WEBHOOK_PATH = "/velt/events";
    private static final String DEMO_WEBHOOK_SECRET = "demo-webhook-secret-0123456789";

    private final DemoSettings settings;
    private final boolean push;
    /** Camel Main's HTTP server port, offline (Slack stand-in clicks, pushes). */
    private int httpPort;
    private final DeliveryReport report = new DeliveryReport();
    private final ApprovalLedger approvals = new ApprovalLedger();
    private final boolean scriptedClicks;
    private VeltSimulator simulator;
    private SlackSink slackSink;
    private JiraSink jiraSink;
    private SlackStandIn slackStandIn;
    private String standInSigningSecret;
    private SlackReviewerScript reviewerScript;
    private Main main;
    private Path dataDir;
    private boolean temporaryDataDir;

    public DemoApplication(DemoSettings settings) {
        this(settings, true, false);
    }

    /** @param scriptedClicks whether the local Slack stand-in's reviewer clicks the approval requests by itself */
    public DemoApplication(DemoSettings settings, boolean scriptedClicks) {
        this(settings, scriptedClicks, false);
    }

    /**
     * @param scriptedClicks whether the local Slack stand-in's reviewer clicks the approval requests by itself
     * @param push offline only: the simulator also pushes every event as a signed webhook to the events route's
     *     {@code webhookPath} on Camel Main's HTTP server, and polling only reconciles
     */
    public DemoApplication(DemoSettings settings, boolean scriptedClicks, boolean push) {
        this.settings = settings;
        this.scriptedClicks = scriptedClicks;
        this.push = push;
    }

    public static void main(String[] args) throws Exception {
        try (DemoApplication demo = new DemoApplication(DemoSettings.fromEnvironment(), true, DemoSettings.pushRequested())) {
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
                startScriptedClicks();
            }

            @Override
            public void beforeStop(BaseMainSupport stopping) {
                printVeltConsole(stopping.getCamelContext());
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
        startScriptedClicks();
    }

    /**
     * The stand-in's reviewer clicks as the Slack user mapped to the mandatory reviewer of the approval step; only
     * against the simulator, never deciding a real Velt execution.
     */
    private void startScriptedClicks() {
        if (slackStandIn != null && simulator != null && scriptedClicks) {
            SlackApprovals slack = camelContext().getRegistry().lookupByNameAndType("slackApprovals", SlackApprovals.class);
            reviewerScript = SlackReviewerScript.attach(slackStandIn, slack.slackUserOf("reviewer_legal"));
        }
    }

    /** The simulator's scenario begins once the routes run, so they see it happen however long Camel took to start. */
    private void startSimulatedTime() {
        if (simulator != null) {
            simulator.startClock();
        }
    }

    private void startStandIns() throws IOException {
        if (settings.dataDir() != null) {
            dataDir = settings.dataDir();
            LOG.info("Keeping what the Jira route filed, and its positions, in {}", dataDir.toAbsolutePath());
        } else {
            dataDir = Files.createTempDirectory("velt-demo-");
            temporaryDataDir = true;
            LOG.info("No DEMO_DATA_DIR: keeping what the Jira route filed in {} until the demo ends", dataDir);
        }
        if (settings.offline()) {
            SimulatorOptions options = SimulatorOptions.defaults()
                    .seed(settings.seed())
                    .tickMillis(settings.tickMillis())
                    .workflowExecutions(settings.workflowExecutions())
                    .agentRuns(settings.agentRuns())
                    .transientErrorRate(settings.transientErrorRate())
                    .agentRerunShare(settings.agentRerunShare());
            // Camel Main's one HTTP server: Slack's interactivity requests, and in push mode Velt's webhooks
            httpPort = freePort();
            if (push) {
                options.webhook("http://127.0.0.1:" + httpPort + WEBHOOK_PATH, DEMO_WEBHOOK_SECRET);
            }
            simulator = VeltSimulator.create(options);
            // the runs velt:runAgent starts (the deploy's): running for a while, then failed with the deploy's findings
            simulator.agentRunOutcome(DEPLOY_RUN_TICKS, "failed", DEPLOY_FINDINGS);
            LOG.info("No VELT_API_KEY: using the Velt simulator at {} (seed {}){}", simulator.baseUrl(), settings.seed(),
                    push ? ", pushing webhooks to http://127.0.0.1:" + httpPort + WEBHOOK_PATH : "");
        }
        if (!settings.slackConfigured()) {
            slackSink = SlackSink.start();
            LOG.info("No SLACK_WEBHOOK_URL: posting to a local Slack sink at {}", slackSink.webhookUrl());
        }
        if (!settings.slackBotConfigured()) {
            standInSigningSecret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            slackStandIn = SlackStandIn.start(STAND_IN_BOT_TOKEN, standInSigningSecret);
            LOG.info("No SLACK_BOT_TOKEN: approval requests go to a local Slack stand-in at {}", slackStandIn.apiUrl());
        }
        if (!settings.jiraConfigured()) {
            jiraSink = JiraSink.start(SINK_JIRA_USER, SINK_JIRA_TOKEN);
            LOG.info("No JIRA_URL: creating issues in a local Jira sink at {}", jiraSink.url());
        }
    }

    private Main createMain() {
        Main camelMain = new Main();
        camelMain.bind("deliveryReport", report);
        camelMain.bind("approvalLedger", approvals);
        overrides().forEach(camelMain::addOverrideProperty);
        if (settings.javaRoutes()) {
            camelMain.configure().setRoutesCollectorEnabled(false);
            camelMain.configure().addRoutesBuilder(new EventsToSlackRouteBuilder());
            camelMain.configure().addRoutesBuilder(new FileInJiraRouteBuilder());
            camelMain.configure().addRoutesBuilder(new FindingsToJiraRouteBuilder());
            camelMain.configure().addRoutesBuilder(new DeployCheckRouteBuilder());
            camelMain.configure().addRoutesBuilder(new SlackApprovalsRouteBuilder());
        }
        return camelMain;
    }

    /** Properties that point the routes at the stand-ins; they win over application.properties. */
    private Map<String, String> overrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        // the environment only counts where application.properties says {{env:...}}
        overrides.put("camel.component.properties.environment-variable-mode", "0");
        overrides.put("demo.data-dir", dataDir.toAbsolutePath().toString());
        if (simulator != null) {
            overrides.put("camel.component.velt.base-url", simulator.baseUrl());
            overrides.put("camel.component.velt.api-key", simulator.options().apiKey());
            overrides.put("camel.component.velt.auth-token", simulator.options().authToken());
            // everything the simulator generates starts after now: with sinceTime, nothing is skipped as "older"
            overrides.put("velt.since-time", String.valueOf(System.currentTimeMillis()));
            overrides.put("velt.poll-delay", String.valueOf(settings.pollDelayMillis()));
            overrides.put("velt.definition-id", VeltSimulator.DEFINITION_IDS.get(0));
            overrides.put("velt.agent-id", VeltSimulator.AGENT_IDS.get(0));
            overrides.put("velt.approval-definition-id", APPROVAL_DEFINITION);
            overrides.put("velt.approval-dispatches", String.valueOf(APPROVAL_DISPATCHES));
            overrides.put("velt.deploys", "1");
            overrides.put("velt.deploy-url", DEPLOY_URL);
            overrides.put("velt.deploy-organization-id", DEPLOY_ORGANIZATION);
            overrides.put("velt.deploy-document-id", DEPLOY_DOCUMENT);
            if (push) {
                overrides.put("camel.server.enabled", "true");
                overrides.put("camel.server.host", "127.0.0.1");
                overrides.put("camel.server.port", String.valueOf(httpPort));
                overrides.put("camel.component.velt.webhook-secret", DEMO_WEBHOOK_SECRET);
                overrides.put("velt.webhook-path", WEBHOOK_PATH);
            }
        }
        if (slackStandIn != null) {
            if (httpPort == 0) {
                httpPort = freePort(); // no simulator (a real Velt): the server is the stand-in's alone
            }
            overrides.put("camel.server.host", "127.0.0.1");
            overrides.put("camel.server.port", String.valueOf(httpPort));
            overrides.put("slack.api-url", slackStandIn.apiUrl());
            overrides.put("slack.bot-token", STAND_IN_BOT_TOKEN);
            overrides.put("slack.signing-secret", standInSigningSecret);
            overrides.put("slack.interactivity-path", INTERACTIVITY_PATH);
            slackStandIn.interactivityUrl("http://127.0.0.1:" + httpPort + INTERACTIVITY_PATH);
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

    /** Prints the velt dev console (camel.main.dev-console-enabled) while the consumers still run. */
    private static void printVeltConsole(CamelContext context) {
        DevConsoleRegistry consoles = context.getCamelContextExtension().getContextPlugin(DevConsoleRegistry.class);
        DevConsole velt = consoles == null ? null : consoles.resolveById("velt");
        if (velt != null) {
            System.out.print("\nThe velt dev console\n" + velt.call(DevConsole.MediaType.TEXT));
            System.out.flush();
        }
    }

    /** Prints the table of deliveries and, for the stand-ins, what they generated and received. */
    private void printReport() {
        StringBuilder out = new StringBuilder("\nWhat went where\n").append(report.table());
        out.append("\nApprovals from Slack\n").append(approvals.table());
        if (simulator != null) {
            String agentId = VeltSimulator.AGENT_IDS.get(0);
            long severe = simulator.agentRuns().stream()
                    .filter(run -> run.agentId().equals(agentId))
                    .flatMap(run -> run.findings().stream())
                    .filter(f -> f.severity().equals("critical") || f.severity().equals("high"))
                    .count();
            long reruns = simulator.agentRuns().stream().filter(run -> run.previousExecutionId() != null).count();
            out.append(String.format("%nThe simulator started %d workflow executions and %d agent runs, %d of them reruns "
                                     + "(%d critical/high findings of agent %s).%n",
                    simulator.executions().size(),
                    simulator.agentRuns().size(), reruns, severe, agentId));
        }
        if (slackSink != null) {
            out.append(String.format("The local Slack sink received %d messages.%n", slackSink.messages().size()));
        }
        if (slackStandIn != null) {
            long refused = slackStandIn.clicks().stream().filter(click -> click.status() == 401).count();
            out.append(String.format("The local Slack stand-in received %d messages (%d updated); of the %d clicks it "
                                     + "sent, %d were refused with 401 (forged or expired).%n",
                    slackStandIn.messages().size(),
                    slackStandIn.messages().stream().filter(m -> !m.updates().isEmpty()).count(),
                    slackStandIn.clicks().size(), refused));
        }
        out.append(String.format("The Jira route opened %d issues and recognised %d findings as already filed.%n",
                report.jiraIssuesOpened(), report.jiraFindingsAlreadyFiled()));
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

    /** The local Slack stand-in of the approval loop, or null when a bot token talks to Slack. */
    public SlackStandIn slackStandIn() {
        return slackStandIn;
    }

    /** Each approval request sent to Slack, with its decisions and outcome. */
    public ApprovalLedger approvals() {
        return approvals;
    }

    /** Where the Jira route keeps what it filed and its positions (set once the demo started). */
    public Path dataDir() {
        return dataDir;
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
        if (reviewerScript != null) {
            reviewerScript.close();
        }
        if (slackStandIn != null) {
            slackStandIn.stop();
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
        if (temporaryDataDir) {
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
