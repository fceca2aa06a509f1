package dev.velt.camel.state.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link JdbcStateRepository} promises, run against each database it is tested on. Every test uses its own
 * table, so the database can be shared by the tests of a class.
 */
abstract class AbstractJdbcStateRepositoryTest {

    private static int tables;

    protected String table;
    private final List<JdbcStateRepository> started = new ArrayList<>();

    /** A DataSource whose connections have auto-commit on (the JDBC default). */
    protected abstract DataSource dataSource();

    /** A DataSource whose connections have auto-commit off, as some pools are configured. */
    protected abstract DataSource manualCommitDataSource();

    /** The dialect set on the repositories; null to let them detect it. */
    protected UpsertDialect dialect() {
        return null;
    }

    /** The dialect the repositories write with. */
    protected abstract UpsertDialect expectedDialect();

    @BeforeEach
    void newTable() {
        table = "state_test_" + (++tables) + "_" + System.nanoTime() % 100000;
    }

    @AfterEach
    void stopRepositories() {
        started.forEach(ServiceHelper::stopService);
    }

    protected JdbcStateRepository repository(String namespace) {
        return repository(dataSource(), namespace);
    }

    protected JdbcStateRepository repository(DataSource dataSource, String namespace) {
        JdbcStateRepository repository = unstarted(dataSource, namespace);
        ServiceHelper.startService(repository);
        started.add(repository);
        return repository;
    }

    /** A repository on this test's table, not started. */
    protected JdbcStateRepository unstarted(DataSource dataSource, String namespace) {
        JdbcStateRepository repository = new JdbcStateRepository(dataSource, namespace);
        repository.setTableName(table);
        repository.setDialect(dialect());
        return repository;
    }

    @Test
    void writesWithTheExpectedDialect() {
        assertEquals(expectedDialect().name(), repository("route-a").getEffectiveDialect());
    }

    @Test
    void createsTheTableOnStartAndStoresValues() throws SQLException {
        JdbcStateRepository repository = repository("route-a");
        assertEquals(0, countRows(), "the table exists and is empty after start");

        assertNull(repository.getState("velt.events.execution.exec_1"));
        repository.setState("velt.events.execution.exec_1", "{\"seq\":3,\"terminal\":false}");
        assertEquals("{\"seq\":3,\"terminal\":false}", repository.getState("velt.events.execution.exec_1"));
        assertEquals(1, countRows());
    }

    @Test
    void setStateOverwritesInPlace() throws SQLException {
        JdbcStateRepository repository = repository("route-a");
        for (int seq = 1; seq <= 20; seq++) {
            repository.setState("velt.events.execution.exec_1", "{\"seq\":" + seq + ",\"terminal\":false}");
        }
        assertEquals("{\"seq\":20,\"terminal\":false}", repository.getState("velt.events.execution.exec_1"));
        assertEquals(1, countRows(), "one row per (namespace, key)");
    }

    @Test
    void namespacesAreIsolated() throws SQLException {
        JdbcStateRepository a = repository("route-a");
        JdbcStateRepository b = repository("route-b");
        a.setState("k", "from-a");
        assertNull(b.getState("k"));
        b.setState("k", "from-b");
        assertEquals("from-a", a.getState("k"));
        assertEquals("from-b", b.getState("k"));
        assertEquals(Map.of("k", "from-a"), a.getStates());
        assertEquals(2, countRows());
    }

    @Test
    void anotherInstanceOnTheSameTableSeesCommittedValuesAtOnce() {
        JdbcStateRepository writer = repository("shared");
        JdbcStateRepository reader = repository("shared");
        assertNull(reader.getState("velt.agentExecutions.agentId:a1"));
        writer.setState("velt.agentExecutions.agentId:a1", "{\"watermark\":5,\"seen\":[\"r1\"],\"pending\":{}}");
        assertEquals("{\"watermark\":5,\"seen\":[\"r1\"],\"pending\":{}}",
                reader.getState("velt.agentExecutions.agentId:a1"), "no caching: every read goes to the database");
        writer.setState("velt.agentExecutions.agentId:a1", "{\"watermark\":6,\"seen\":[\"r2\"],\"pending\":{}}");
        assertEquals("{\"watermark\":6,\"seen\":[\"r2\"],\"pending\":{}}",
                reader.getState("velt.agentExecutions.agentId:a1"));
    }

    @Test
    void keepsLargeAndUnusualValuesIntact() {
        JdbcStateRepository repository = repository("route-a");
        StringBuilder live = new StringBuilder("{\"watermark\":1,\"seen\":[],\"live\":[");
        for (int i = 0; i < 5000; i++) {
            live.append(i == 0 ? "" : ",").append("\"exec_").append(i).append("_xzy43k9q\"");
        }
        String large = live.append("]}").toString();
        assertTrue(large.length() > 80_000);
        repository.setState("velt.events.discovery.def_1", large);
        assertEquals(large, repository.getState("velt.events.discovery.def_1"));

        String unusual = "{\"note\":\"line\\nbreak = équipe 東京 \\\"quoted\\\" 'single' ; DROP TABLE x; --\"}";
        repository.setState("velt.events.execution.exec%3D%0A%E6%9D%B1", unusual);
        assertEquals(unusual, repository.getState("velt.events.execution.exec%3D%0A%E6%9D%B1"));
    }

    @Test
    void nullValueAndRemoveStateDeleteTheKey() throws SQLException {
        JdbcStateRepository repository = repository("route-a");
        repository.setState("a", "1");
        repository.setState("b", "2");
        repository.setState("a", null);
        assertNull(repository.getState("a"));
        assertTrue(repository.removeState("b"));
        assertFalse(repository.removeState("b"));
        assertEquals(0, countRows());
    }

    @Test
    void survivesRestartAndReuseOfAnExistingTable() {
        JdbcStateRepository first = repository("route-a");
        first.setState("velt.events.execution.exec_1", "{\"seq\":7,\"terminal\":false}");
        ServiceHelper.stopService(first);
        // stopped, it still answers (one instance may be shared by several consumers, each stopping it)
        assertEquals("{\"seq\":7,\"terminal\":false}", first.getState("velt.events.execution.exec_1"));
        ServiceHelper.startService(first);

        JdbcStateRepository second = repository("route-a");
        assertEquals("{\"seq\":7,\"terminal\":false}", second.getState("velt.events.execution.exec_1"));
    }

    @Test
    void worksWithoutBeingStarted() {
        JdbcStateRepository repository = unstarted(dataSource(), "never-started");
        repository.setState("k", "v");
        assertEquals("v", repository.getState("k"));
    }

    @Test
    void commitsOnConnectionsWithAutoCommitOff() {
        JdbcStateRepository writer = repository(manualCommitDataSource(), "manual");
        writer.setState("k", "v1");
        writer.setState("k", "v2");
        writer.setState("other", "x");
        // read through auto-commit connections: only committed data is visible there
        JdbcStateRepository reader = repository(dataSource(), "manual");
        assertEquals("v2", reader.getState("k"));
        assertEquals("x", reader.getState("other"));
        assertEquals("v2", writer.getState("k"));
    }

    @Test
    void concurrentFirstWritesOfOneKeyNeverFail() throws Exception {
        int threads = 8;
        List<JdbcStateRepository> repositories = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            // separate instances, as separate replicas would be, and one on auto-commit-off connections
            repositories.add(repository(i == 0 ? manualCommitDataSource() : dataSource(), "race"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 10; round++) {
                String key = "velt.events.execution.exec_race_" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Object>> writes = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    JdbcStateRepository repository = repositories.get(i);
                    String value = "{\"seq\":" + i + "}";
                    Callable<Object> write = () -> {
                        go.await();
                        repository.setState(key, value);
                        return null;
                    };
                    writes.add(pool.submit(write));
                }
                go.countDown();
                for (Future<Object> write : writes) {
                    write.get(30, TimeUnit.SECONDS); // rethrows a failed write
                }
                assertTrue(repositories.get(0).getState(key).matches("\\{\"seq\":[0-7]}"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(10, countRows());
    }

    @Test
    void twoWritersOnOneKeyNeverFailAndTheLastWriteWins() throws Exception {
        int writes = 300;
        String key = "velt.events.execution.exec_shared";
        // separate instances, as two replicas would be, one of them on auto-commit-off connections
        List<JdbcStateRepository> writers = List.of(repository(dataSource(), "two-writers"),
                repository(manualCommitDataSource(), "two-writers"));
        ExecutorService pool = Executors.newFixedThreadPool(writers.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> lastValues = new ArrayList<>();
            for (int w = 0; w < writers.size(); w++) {
                JdbcStateRepository writer = writers.get(w);
                String name = "w" + w;
                lastValues.add(pool.submit(() -> {
                    go.await();
                    String value = null;
                    for (int seq = 1; seq <= writes; seq++) {
                        value = "{\"writer\":\"" + name + "\",\"seq\":" + seq + "}";
                        writer.setState(key, value);
                    }
                    return value;
                }));
            }
            go.countDown();
            List<String> last = new ArrayList<>();
            for (Future<String> lastValue : lastValues) {
                last.add(lastValue.get(60, TimeUnit.SECONDS)); // rethrows a failed write
            }
            String stored = writers.get(0).getState(key);
            assertTrue(last.contains(stored), "the stored value is one writer's last write, got " + stored);
            assertEquals(1, countRows(), "one row for the key");

            // once both are done, whichever writes next is what everyone reads
            writers.get(1).setState(key, "{\"writer\":\"w1\",\"seq\":0}");
            assertEquals("{\"writer\":\"w1\",\"seq\":0}", writers.get(0).getState(key));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tablesCreatedConcurrentlyByManyReplicasDoNotFailTheirStart() throws Exception {
        int replicas = 6;
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<JdbcStateRepository>> starts = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                starts.add(pool.submit(() -> {
                    go.await();
                    JdbcStateRepository repository = unstarted(dataSource(), "replicas");
                    repository.start();
                    return repository;
                }));
            }
            go.countDown();
            for (Future<JdbcStateRepository> start : starts) {
                JdbcStateRepository repository = start.get(30, TimeUnit.SECONDS);
                assertTrue(repository.isStarted(), repository + " started");
                started.add(repository);
            }
        } finally {
            pool.shutdownNow();
        }
        started.get(0).setState("k", "v");
        assertEquals("v", started.get(replicas - 1).getState("k"));
    }

    @Test
    void missingTableWithCreateTableOffFailsStartNamingTheDdl() {
        JdbcStateRepository repository = unstarted(dataSource(), "ns");
        repository.setCreateTable(false);
        Exception e = assertThrows(Exception.class, () -> ServiceHelper.startService(repository));
        String message = rootMessage(e);
        assertTrue(message.contains(table) && message.contains("CREATE TABLE IF NOT EXISTS " + table), message);
    }

    @Test
    void documentedDdlCreatesAUsableTable() throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(JdbcStateRepository.createTableSql(table));
        }
        JdbcStateRepository repository = unstarted(dataSource(), "ns");
        repository.setCreateTable(false);
        ServiceHelper.startService(repository);
        started.add(repository);
        repository.setState("k", "v");
        assertEquals("v", repository.getState("k"));
    }

    @Test
    void keepsUsingATableAndRowsWrittenByTheReleasedVersion() throws SQLException {
        // the table and a row exactly as 0.1.0 (then in camel-velt-component) created and inserted them
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (namespace VARCHAR(255) NOT NULL, "
                              + "state_key VARCHAR(1024) NOT NULL, state_value TEXT NOT NULL, "
                              + "updated_at TIMESTAMP NOT NULL, PRIMARY KEY (namespace, state_key))");
            statement.execute("INSERT INTO " + table + " (namespace, state_key, state_value, updated_at) VALUES "
                              + "('orders-app', 'velt.events.execution.exec_1', '{\"seq\":4,\"terminal\":false}', "
                              + "CURRENT_TIMESTAMP)");
        }
        JdbcStateRepository repository = repository("orders-app");
        assertEquals("{\"seq\":4,\"terminal\":false}", repository.getState("velt.events.execution.exec_1"));
        repository.setState("velt.events.execution.exec_1", "{\"seq\":5,\"terminal\":false}");
        repository.setState("velt.events.execution.exec_2", "{\"seq\":1,\"terminal\":false}");
        assertEquals(Map.of("velt.events.execution.exec_1", "{\"seq\":5,\"terminal\":false}",
                "velt.events.execution.exec_2", "{\"seq\":1,\"terminal\":false}"), repository.getStates());
        assertEquals(2, countRows(), "updated in place, one new row");
    }

    @Test
    void badOptionsAreRejectedByName() {
        JdbcStateRepository noDataSource = new JdbcStateRepository();
        assertTrue(rootMessage(assertThrows(Exception.class, () -> ServiceHelper.startService(noDataSource)))
                .contains("'dataSource'"));

        JdbcStateRepository badTable = unstarted(dataSource(), "ns");
        badTable.setTableName("velt_state; DROP TABLE users");
        assertTrue(rootMessage(assertThrows(Exception.class, () -> ServiceHelper.startService(badTable)))
                .contains("'tableName'"));

        JdbcStateRepository noNamespace = unstarted(dataSource(), "");
        assertTrue(rootMessage(assertThrows(Exception.class, () -> ServiceHelper.startService(noNamespace)))
                .contains("'namespace'"));

        JdbcStateRepository ok = repository("ns");
        assertThrows(NullPointerException.class, () -> ok.setState(null, "v"));
        assertThrows(IllegalArgumentException.class, () -> ok.setState("k".repeat(1025), "v"));
    }

    private static String rootMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    protected int countRows() throws SQLException {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
