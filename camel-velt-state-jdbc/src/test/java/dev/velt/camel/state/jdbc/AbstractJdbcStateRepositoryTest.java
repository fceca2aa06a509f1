package dev.velt.camel.state.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
    void keepsUsingATableAndRowsWrittenByAnEarlierVersion() throws SQLException {
        createTableAndRowOfAnEarlierVersion();
        JdbcStateRepository repository = repository("orders-app");
        assertEquals("{\"seq\":4,\"terminal\":false}", repository.getState("velt.events.execution.exec_1"));
        repository.setState("velt.events.execution.exec_1", "{\"seq\":5,\"terminal\":false}");
        repository.setState("velt.events.execution.exec_2", "{\"seq\":1,\"terminal\":false}");
        assertEquals(Map.of("velt.events.execution.exec_1", "{\"seq\":5,\"terminal\":false}",
                "velt.events.execution.exec_2", "{\"seq\":1,\"terminal\":false}"), repository.getStates());
        assertEquals(2, countRows(), "updated in place, one new row");
    }

    // ---- OrderedStateRepository: setStateIfAhead and getOrder ----

    @Test
    void setStateIfAheadInsertsANewKeyThenWritesOnlyValuesAhead() throws SQLException {
        JdbcStateRepository repository = repository("route-a");
        String key = "velt.events.execution.exec_1";
        assertNull(repository.getOrder(key), "no value, no order");

        assertTrue(repository.setStateIfAhead(key, "{\"seq\":5}", 5), "a new key is inserted");
        assertEquals("{\"seq\":5}", repository.getState(key));
        assertEquals(5L, repository.getOrder(key));

        assertTrue(repository.setStateIfAhead(key, "{\"seq\":9}", 9), "ahead wins");
        assertEquals("{\"seq\":9}", repository.getState(key));
        assertEquals(9L, repository.getOrder(key));

        assertFalse(repository.setStateIfAhead(key, "{\"seq\":9,\"again\":true}", 9), "equal is refused");
        assertFalse(repository.setStateIfAhead(key, "{\"seq\":6}", 6), "behind is refused");
        assertFalse(repository.setStateIfAhead(key, "{\"seq\":-1}", Long.MIN_VALUE), "behind is refused");
        assertEquals("{\"seq\":9}", repository.getState(key), "the stored value is kept");
        assertEquals(9L, repository.getOrder(key));

        assertTrue(repository.setStateIfAhead(key, "{\"seq\":max}", Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, repository.getOrder(key));
        assertEquals(1, countRows(), "one row per (namespace, key)");
    }

    @Test
    void ordersAreKeptPerNamespaceAndKey() {
        JdbcStateRepository a = repository("route-a");
        JdbcStateRepository b = repository("route-b");
        assertTrue(a.setStateIfAhead("k", "a10", 10));
        assertTrue(a.setStateIfAhead("other", "a1", 1), "another key has its own order");
        assertTrue(b.setStateIfAhead("k", "b1", 1), "another namespace has its own order");
        assertEquals(10L, a.getOrder("k"));
        assertEquals(1L, a.getOrder("other"));
        assertEquals(1L, b.getOrder("k"));
        assertEquals(Map.of("k", "a10", "other", "a1"), a.getStates());
    }

    @Test
    void plainSetStateStoresNoOrderSoTheNextSetStateIfAheadIsWritten() {
        JdbcStateRepository repository = repository("route-a");
        repository.setState("new", "plain");
        assertNull(repository.getOrder("new"), "a plain write stores no order");
        assertTrue(repository.setStateIfAhead("new", "ordered", 0), "over a plain write, any order is ahead");
        assertEquals(0L, repository.getOrder("new"));

        assertTrue(repository.setStateIfAhead("k", "v100", 100));
        repository.setState("k", "plain");
        assertEquals("plain", repository.getState("k"));
        assertNull(repository.getOrder("k"), "a plain write clears the order of the value it replaces");
        assertTrue(repository.setStateIfAhead("k", "v3", 3), "not refused forever: written whatever its order");
        assertEquals("v3", repository.getState("k"));
        assertEquals(3L, repository.getOrder("k"));
        assertFalse(repository.setStateIfAhead("k", "v2", 2), "and ordered again from there");
        assertEquals("v3", repository.getState("k"));
    }

    @Test
    void removedKeyTakesAnyOrderAgain() {
        JdbcStateRepository repository = repository("route-a");
        assertTrue(repository.setStateIfAhead("k", "v100", 100));
        assertTrue(repository.removeState("k"));
        assertNull(repository.getOrder("k"));
        assertTrue(repository.setStateIfAhead("k", "v1", 1));
        assertEquals("v1", repository.getState("k"));
        assertEquals(1L, repository.getOrder("k"));
    }

    @Test
    void setStateIfAheadCommitsOnConnectionsWithAutoCommitOff() {
        JdbcStateRepository writer = repository(manualCommitDataSource(), "manual");
        JdbcStateRepository reader = repository(dataSource(), "manual");
        assertTrue(writer.setStateIfAhead("k", "v1", 1));
        assertFalse(writer.setStateIfAhead("k", "v0", 0));
        assertTrue(writer.setStateIfAhead("k", "v2", 2));
        assertEquals("v2", reader.getState("k"), "committed: visible on other connections");
        assertEquals(2L, reader.getOrder("k"));
        assertEquals(2L, writer.getOrder("k"));
        assertTrue(reader.setStateIfAhead("k", "v3", 3));
        assertFalse(writer.setStateIfAhead("k", "v2.5", 2), "a refused write ended its transaction too");
        assertEquals("v3", writer.getState("k"));
    }

    @Test
    void aDeposedLeadersLateWriteIsRefused() {
        // two replicas, each with its own repository instance on the one database; A on auto-commit-off connections
        JdbcStateRepository replicaA = repository(manualCommitDataSource(), "orders-app");
        JdbcStateRepository replicaB = repository(dataSource(), "orders-app");
        String key = "velt.events.execution.exec_1";

        assertTrue(replicaA.setStateIfAhead(key, "{\"seq\":5,\"by\":\"A\"}", 5), "A, the leader, writes 5");
        assertTrue(replicaB.setStateIfAhead(key, "{\"seq\":7,\"by\":\"B\"}", 7), "B, the new leader, writes 7");
        assertFalse(replicaA.setStateIfAhead(key, "{\"seq\":6,\"by\":\"A\"}", 6), "A's late write of 6 is refused");

        assertEquals("{\"seq\":7,\"by\":\"B\"}", replicaA.getState(key), "B's value stays");
        assertEquals("{\"seq\":7,\"by\":\"B\"}", replicaB.getState(key));
        assertEquals(7L, replicaA.getOrder(key));
        assertEquals(7L, replicaB.getOrder(key));
    }

    @Test
    void concurrentSetStateIfAheadKeepsTheHighestOrderOffered() throws Exception {
        int threads = 8;
        int writesPerThread = 10;
        int rounds = 4;
        List<JdbcStateRepository> repositories = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            // separate instances, as separate replicas would be, and one on auto-commit-off connections
            repositories.add(repository(i == 0 ? manualCommitDataSource() : dataSource(), "race"));
        }
        JdbcStateRepository observer = repository(dataSource(), "race");
        Random random = new Random(table.hashCode());
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            for (int round = 0; round < rounds; round++) {
                // a new key each round, so that the first writes race to insert it too
                String key = "velt.events.execution.exec_race_" + round;
                // distinct random orders, dealt to the threads in random sequences
                List<Long> orders = new ArrayList<>();
                for (int i = 0; i < threads * writesPerThread; i++) {
                    orders.add(i * 1000L + random.nextInt(1000));
                }
                Collections.shuffle(orders, random);
                long highest = Collections.max(orders);

                CountDownLatch go = new CountDownLatch(1);
                AtomicBoolean writing = new AtomicBoolean(true);
                Future<List<Long>> observed = pool.submit(() -> {
                    go.await();
                    List<Long> seen = new ArrayList<>();
                    while (writing.get()) {
                        Long order = observer.getOrder(key);
                        if (order != null) {
                            seen.add(order);
                        }
                    }
                    return seen;
                });
                List<Future<List<Long>>> writes = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    JdbcStateRepository repository = repositories.get(t);
                    List<Long> mine = orders.subList(t * writesPerThread, (t + 1) * writesPerThread);
                    writes.add(pool.submit(() -> {
                        go.await();
                        List<Long> written = new ArrayList<>();
                        for (long order : mine) {
                            if (repository.setStateIfAhead(key, value(order), order)) {
                                written.add(order);
                            }
                        }
                        return written;
                    }));
                }
                go.countDown();
                List<Long> written = new ArrayList<>();
                for (Future<List<Long>> write : writes) {
                    written.addAll(write.get(60, TimeUnit.SECONDS)); // rethrows a failed write
                }
                writing.set(false);
                List<Long> seen = observed.get(60, TimeUnit.SECONDS);

                assertEquals(highest, repositories.get(0).getOrder(key), "the highest order offered is stored");
                assertEquals(value(highest), repositories.get(threads - 1).getState(key), "with its value");
                assertTrue(written.contains(highest), "the highest order's write reported written");
                for (int i = 1; i < seen.size(); i++) {
                    assertTrue(seen.get(i - 1) <= seen.get(i), "the stored order never goes back: " + seen);
                }
                for (int t = 0; t < threads; t++) {
                    List<Long> mine = orders.subList(t * writesPerThread, (t + 1) * writesPerThread);
                    long best = Long.MIN_VALUE;
                    for (long order : mine) {
                        if (written.contains(order)) {
                            assertTrue(order > best, "a thread's writes are written only when ahead of its own");
                            best = order;
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(rounds, countRows());
    }

    private static String value(long order) {
        return "{\"position\":" + order + "}";
    }

    @Test
    void aTableOfAnEarlierVersionGetsTheOrderColumnOnStart() throws SQLException {
        createTableAndRowOfAnEarlierVersion();
        assertFalse(hasOrderColumn());
        JdbcStateRepository repository = repository("orders-app");
        assertTrue(hasOrderColumn(), "added on start");

        String key = "velt.events.execution.exec_1";
        assertEquals("{\"seq\":4,\"terminal\":false}", repository.getState(key), "rows are kept");
        assertNull(repository.getOrder(key), "with no order");
        assertTrue(repository.setStateIfAhead(key, "{\"seq\":5,\"terminal\":false}", 5));
        assertFalse(repository.setStateIfAhead(key, "{\"seq\":3,\"terminal\":false}", 3));
        assertEquals("{\"seq\":5,\"terminal\":false}", repository.getState(key));

        // started again, and another replica starting on the migrated table, find the column and add nothing
        ServiceHelper.stopService(repository);
        ServiceHelper.startService(repository);
        JdbcStateRepository other = repository("orders-app");
        assertEquals(5L, other.getOrder(key));
        assertEquals(1, countRows());
    }

    @Test
    void replicasStartingTogetherOnATableOfAnEarlierVersionAllStart() throws Exception {
        int replicas = 6;
        String base = table;
        for (int round = 0; round < 3; round++) {
            table = base + "_" + round;
            createTableAndRowOfAnEarlierVersion();
            List<JdbcStateRepository> replicasStarted = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(replicas);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<JdbcStateRepository>> starts = new ArrayList<>();
                for (int i = 0; i < replicas; i++) {
                    DataSource source = i == 0 ? manualCommitDataSource() : dataSource();
                    starts.add(pool.submit(() -> {
                        go.await();
                        JdbcStateRepository repository = unstarted(source, "orders-app");
                        repository.start();
                        return repository;
                    }));
                }
                go.countDown();
                for (Future<JdbcStateRepository> start : starts) {
                    JdbcStateRepository repository = start.get(30, TimeUnit.SECONDS); // rethrows a failed start
                    assertTrue(repository.isStarted(), repository + " started");
                    started.add(repository);
                    replicasStarted.add(repository);
                }
            } finally {
                pool.shutdownNow();
            }
            assertTrue(hasOrderColumn());
            assertTrue(replicasStarted.get(0).setStateIfAhead("velt.events.execution.exec_1", "v1", 1));
            assertEquals(1L, replicasStarted.get(replicas - 1).getOrder("velt.events.execution.exec_1"));
        }
    }

    @Test
    void missingOrderColumnWithCreateTableOffFailsStartNamingTheDdl() throws SQLException {
        createTableAndRowOfAnEarlierVersion();
        JdbcStateRepository repository = unstarted(dataSource(), "orders-app");
        repository.setCreateTable(false);
        String message = rootMessage(assertThrows(Exception.class, () -> ServiceHelper.startService(repository)));
        assertTrue(message.contains("'state_order'") && message.contains(table)
                && message.contains("ALTER TABLE " + table + " ADD COLUMN state_order BIGINT"),
                message);
        assertFalse(hasOrderColumn(), "the table is left as it was");

        // the statement named is the one to run
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(JdbcStateRepository.addOrderColumnSql(table));
        }
        ServiceHelper.startService(repository);
        started.add(repository);
        assertTrue(repository.setStateIfAhead("velt.events.execution.exec_1", "v1", 1));
        assertEquals("v1", repository.getState("velt.events.execution.exec_1"));
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
        assertThrows(NullPointerException.class, () -> ok.setStateIfAhead(null, "v", 1));
        assertThrows(NullPointerException.class, () -> ok.setStateIfAhead("k", null, 1));
        assertThrows(IllegalArgumentException.class, () -> ok.setStateIfAhead("k".repeat(1025), "v", 1));
        assertNull(ok.getState("k"), "nothing was written");
    }

    /** The table and a row exactly as 0.1.0 (then in camel-velt-component) created and inserted them. */
    private void createTableAndRowOfAnEarlierVersion() throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (namespace VARCHAR(255) NOT NULL, "
                              + "state_key VARCHAR(1024) NOT NULL, state_value TEXT NOT NULL, "
                              + "updated_at TIMESTAMP NOT NULL, PRIMARY KEY (namespace, state_key))");
            statement.execute("INSERT INTO " + table + " (namespace, state_key, state_value, updated_at) VALUES "
                              + "('orders-app', 'velt.events.execution.exec_1', '{\"seq\":4,\"terminal\":false}', "
                              + "CURRENT_TIMESTAMP)");
        }
    }

    /** Whether this test's table has the state_order column, from the database's own catalog. */
    private boolean hasOrderColumn() throws SQLException {
        try (Connection connection = dataSource().getConnection()) {
            // unquoted names are stored upper case by H2, lower case by PostgreSQL
            for (String name : List.of(table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT))) {
                try (ResultSet columns = connection.getMetaData().getColumns(null, null, name, null)) {
                    while (columns.next()) {
                        if (columns.getString("TABLE_NAME").equalsIgnoreCase(table)
                                && columns.getString("COLUMN_NAME").equalsIgnoreCase("state_order")) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
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
