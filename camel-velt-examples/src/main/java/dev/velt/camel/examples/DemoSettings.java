package dev.velt.camel.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What the demo is asked to do, from system properties ({@code -Ddemo.duration=30s}) or the environment
 * ({@code DEMO_DURATION=30s}); the system property wins.
 *
 * @param duration how long the demo runs before it stops by itself; zero means until Ctrl-C
 * @param seed the simulator's seed
 * @param tickMillis the simulator's tick interval
 * @param pollDelayMillis the consumers' poll delay when the simulator is used
 * @param javaRoutes run the Java DSL twins instead of the YAML routes
 * @param transientErrorRate share of simulator requests answered 503, to show the component's retries
 * @param env the environment that decides which real services to use ({@code VELT_API_KEY}, ...)
 * @param agentRerunShare share of the simulator's agent runs with findings that the agent runs again (match-and-merge)
 * @param dataDir where the Jira route keeps what it filed and its positions across restarts; null: a temporary
 *     directory, removed when the demo ends
 */
public record DemoSettings(Duration duration, long seed, long tickMillis, long pollDelayMillis, boolean javaRoutes,
        int workflowExecutions, int agentRuns, double transientErrorRate, Map<String, String> env,
        double agentRerunShare, Path dataDir) {

    /** No reruns, and a temporary data directory. */
    public DemoSettings(Duration duration, long seed, long tickMillis, long pollDelayMillis, boolean javaRoutes,
            int workflowExecutions, int agentRuns, double transientErrorRate, Map<String, String> env) {
        this(duration, seed, tickMillis, pollDelayMillis, javaRoutes, workflowExecutions, agentRuns, transientErrorRate,
                env, 0, null);
    }

    public static DemoSettings fromEnvironment() {
        return from(System.getenv(), System.getProperties());
    }

    static DemoSettings from(Map<String, String> env, Properties props) {
        Lookup lookup = new Lookup(env, props);
        return new DemoSettings(
                parseDuration(lookup.get("demo.duration", "20s")),
                Long.parseLong(lookup.get("demo.seed", "7")),
                Long.parseLong(lookup.get("demo.tick-millis", "100")),
                Long.parseLong(lookup.get("demo.poll-delay-millis", "500")),
                "java".equalsIgnoreCase(lookup.get("demo.routes", "yaml")),
                Integer.parseInt(lookup.get("demo.executions", "8")),
                Integer.parseInt(lookup.get("demo.agent-runs", "12")),
                Double.parseDouble(lookup.get("demo.transient-error-rate", "0")),
                env,
                Double.parseDouble(lookup.get("demo.rerun-share", "0.2")),
                lookup.get("demo.data-dir", "").isEmpty() ? null : Path.of(lookup.get("demo.data-dir", "")));
    }

    /** {@code demo.push=true} (or {@code DEMO_PUSH=true}): the simulator pushes webhooks to the events route. */
    public static boolean pushRequested() {
        return Boolean.parseBoolean(new Lookup(System.getenv(), System.getProperties()).get("demo.push", "false"));
    }

    /** Offline when no Velt API key is set: the simulator stands in for Velt. */
    public boolean offline() {
        return isBlank(env.get("VELT_API_KEY"));
    }

    public boolean slackConfigured() {
        return !isBlank(env.get("SLACK_WEBHOOK_URL"));
    }

    /** A Slack app's bot token: approval requests go to Slack's Web API, clicks come back from Slack. */
    public boolean slackBotConfigured() {
        return !isBlank(env.get("SLACK_BOT_TOKEN"));
    }

    public boolean jiraConfigured() {
        return !isBlank(env.get("JIRA_URL"));
    }

    /** {@code 20}, {@code 20s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT20S}); {@code 0} runs until Ctrl-C. */
    static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("pt")) {
                return Duration.parse(value);
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            char unit = value.charAt(value.length() - 1);
            long amount = Character.isDigit(unit) ? Long.parseLong(value)
                    : Long.parseLong(value.substring(0, value.length() - 1));
            return switch (unit) {
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("demo.duration must be like 20, 20s, 2m or PT20S, was '" + text + "'", e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** {@code demo.duration} as a system property, else {@code DEMO_DURATION} in the environment. */
    private record Lookup(Map<String, String> env, Properties props) {

        String get(String key, String defaultValue) {
            String value = props.getProperty(key);
            if (isBlank(value)) {
                value = env.get(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            }
            return isBlank(value) ? defaultValue : value.trim();
        }
    }
}
