package dev.velt.camel.state.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.velt.camel.component.RemovableStateRepository;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StateRepository} kept in a relational database through plain JDBC, so that several replicas of an
 * application (one active at a time, e.g. under {@code master:}) share the positions of their {@code velt:}
 * consumers, and a new leader resumes exactly where the previous one stopped.
 * <p>
 * One table holds the state of any number of repositories, each row keyed by ({@code namespace}, {@code state_key});
 * give every route (or application) its own {@link #setNamespace(String) namespace}. Every {@link #setState} is
 * committed before it returns, written with one upsert statement chosen once on start from the database's product
 * name (see {@link UpsertDialect}): {@code INSERT ... ON CONFLICT DO UPDATE} on PostgreSQL, {@code MERGE} on H2, HSQLDB
 * and DB2; databases with neither get an {@code UPDATE} followed by an {@code INSERT} when the key is new. A write
 * that loses a race with a concurrent first write of the same key (a duplicate key) is run again and then updates
 * that row. Every {@link #getState} reads the database: there is no cache, so what one replica committed is what the
 * next one reads. The table is created on start when absent unless {@link #setCreateTable(boolean) createTable} is
 * false (then create it yourself, adapting the types to other databases; only the column names matter):
 *
 * <pre>
 * CREATE TABLE IF NOT EXISTS velt_state (
 *     namespace   VARCHAR(255)  NOT NULL,
 *     state_key   VARCHAR(1024) NOT NULL,
 *     state_value TEXT          NOT NULL,
 *     updated_at  TIMESTAMP     NOT NULL,
 *     PRIMARY KEY (namespace, state_key)
 * )
 * </pre>
 *
 * The {@link DataSource} is the user's (a pooled one such as HikariCP is advised): this repository borrows a connection
 * per operation, commits it itself when the pool hands out connections with auto-commit off, and never closes the
 * pool. Starting and stopping it (as the {@code velt:} consumers do with their {@code stateRepository}) only checks and
 * creates the table; a stopped repository keeps answering, so one instance can be shared by several consumers.
 */
@ManagedResource(description = "JDBC based state repository")
public class JdbcStateRepository extends ServiceSupport implements RemovableStateRepository {

    /** The default table name. */
    public static final String DEFAULT_TABLE_NAME = "velt_state";
    /** The default namespace. */
    public static final String DEFAULT_NAMESPACE = "default";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStateRepository.class);
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final int MAX_NAMESPACE_LENGTH = 255;
    private static final int MAX_KEY_LENGTH = 1024;
    /** A write racing a concurrent first write of its key is run again; the second run finds the row. */
    private static final int MAX_WRITE_ATTEMPTS = 3;

    private DataSource dataSource;
    private String namespace = DEFAULT_NAMESPACE;
    private String tableName = DEFAULT_TABLE_NAME;
    private boolean createTable = true;
    private UpsertDialect dialect;
    private volatile UpsertDialect effectiveDialect;
    private volatile boolean tableChecked;

    public JdbcStateRepository() {
    }

    public JdbcStateRepository(DataSource dataSource, String namespace) {
        this.dataSource = dataSource;
        this.namespace = namespace;
    }

    /** The DDL that creates {@code tableName}, as run on start when {@code createTable} is true. */
    public static String createTableSql(String tableName) {
        validateTableName(tableName);
        return "CREATE TABLE IF NOT EXISTS " + tableName + " ("
               + "namespace VARCHAR(" + MAX_NAMESPACE_LENGTH + ") NOT NULL, "
               + "state_key VARCHAR(" + MAX_KEY_LENGTH + ") NOT NULL, "
               + "state_value TEXT NOT NULL, "
               + "updated_at TIMESTAMP NOT NULL, "
               + "PRIMARY KEY (namespace, state_key))";
    }

    @Override
    protected void doStart() throws Exception {
        validate();
        ensureTable();
        LOG.debug("Started {}", this);
    }

    @Override
    protected void doStop() throws Exception {
        // the DataSource is the user's; nothing of ours to release. Stopped, the repository still answers, so several
        // consumers can share one instance although each starts and stops it.
        tableChecked = false;
    }

    private void validate() {
        if (dataSource == null) {
            throw new IllegalArgumentException("JdbcStateRepository option 'dataSource' must be set (a javax.sql.DataSource)");
        }
        if (namespace == null || namespace.isEmpty()) {
            throw new IllegalArgumentException("JdbcStateRepository option 'namespace' must not be empty");
        }
        if (namespace.length() > MAX_NAMESPACE_LENGTH) {
            throw new IllegalArgumentException(
                    "JdbcStateRepository option 'namespace' is longer than " + MAX_NAMESPACE_LENGTH + " characters");
        }
        validateTableName(tableName);
    }

    private static void validateTableName(String tableName) {
        if (tableName == null || !TABLE_NAME.matcher(tableName).matches()) {
            throw new IllegalArgumentException("JdbcStateRepository option 'tableName' must be a plain SQL name "
                                               + "([schema.]name of letters, digits and underscores), got: " + tableName);
        }
    }

    /**
     * Picks the dialect and checks the table is there, creating it if allowed; run once per start (and before first use
     * if never started).
     */
    private void ensureTable() {
        if (tableChecked) {
            return;
        }
        synchronized (this) {
            if (tableChecked) {
                return;
            }
            validate();
            effectiveDialect = dialect != null ? dialect : detectDialect();
            if (!tableExists()) {
                if (!createTable) {
                    throw new IllegalStateException("JdbcStateRepository table '" + tableName + "' does not exist and "
                                                    + "createTable is false; create it with: " + createTableSql(tableName));
                }
                createTableIfAbsent();
            }
            tableChecked = true;
        }
    }

    private UpsertDialect detectDialect() {
        try (Connection connection = dataSource.getConnection()) {
            UpsertDialect detected = UpsertDialect.of(connection.getMetaData());
            LOG.debug("{} writes with dialect {} ({})", this, detected, connection.getMetaData().getDatabaseProductName());
            return detected;
        } catch (SQLException e) {
            throw new IllegalStateException("JdbcStateRepository cannot connect to its dataSource: " + e.getMessage(), e);
        }
    }

    private boolean tableExists() {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT state_key FROM " + tableName + " WHERE 1 = 0").close();
                if (!autoCommit) {
                    connection.rollback();
                }
                return true;
            } catch (SQLException e) {
                if (!autoCommit) {
                    connection.rollback();
                }
                LOG.trace("Table {} not readable: {}", tableName, e.getMessage());
                return false;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("JdbcStateRepository cannot connect to its dataSource: " + e.getMessage(), e);
        }
    }

    private void createTableIfAbsent() {
        String ddl = createTableSql(tableName);
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            try (Statement statement = connection.createStatement()) {
                statement.execute(ddl);
                if (!autoCommit) {
                    connection.commit();
                }
                LOG.info("Created table {} for the state of Velt consumers", tableName);
            } catch (SQLException e) {
                if (!autoCommit) {
                    connection.rollback();
                }
                // another replica may have created it at the same moment (PostgreSQL can then fail IF NOT EXISTS)
                if (!tableExists()) {
                    throw new IllegalStateException("JdbcStateRepository cannot create table '" + tableName + "' ("
                                                    + e.getMessage() + "); create it with: " + ddl,
                            e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("JdbcStateRepository cannot connect to its dataSource: " + e.getMessage(), e);
        }
    }

    /**
     * Stores the value of the key in this repository's namespace, committed when this returns. A null value removes
     * the key.
     */
    @Override
    @ManagedOperation(description = "Stores the value of the given key")
    public void setState(String key, String value) {
        checkKey(key);
        if (value == null) {
            removeState(key);
            return;
        }
        ensureTable();
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            for (int attempt = 1;; attempt++) {
                try {
                    write(connection, key, value);
                    if (!autoCommit) {
                        connection.commit();
                    }
                    return;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(connection, autoCommit);
                    if (attempt == MAX_WRITE_ATTEMPTS || !(e instanceof SQLException sql && isDuplicateKey(sql))) {
                        throw e;
                    }
                    LOG.debug("Writing key '{}' raced a concurrent first write ({}); writing it again", key,
                            e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("JdbcStateRepository cannot store key '" + key + "' of namespace '" + namespace
                                            + "' in table '" + tableName + "': " + e.getMessage(),
                    e);
        }
    }

    /** The value stored under the key in this repository's namespace, or null. Always read from the database. */
    @Override
    @ManagedOperation(description = "Gets the value of the given key")
    public String getState(String key) {
        checkKey(key);
        ensureTable();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT state_value FROM " + tableName + " WHERE namespace = ? AND state_key = ?")) {
            select.setString(1, namespace);
            select.setString(2, key);
            String value = null;
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    value = rows.getString(1);
                }
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return value;
        } catch (SQLException e) {
            throw new IllegalStateException("JdbcStateRepository cannot read key '" + key + "' of namespace '" + namespace
                                            + "' from table '" + tableName + "': " + e.getMessage(),
                    e);
        }
    }

    /** Removes the key from this repository's namespace; true when it was there. */
    @Override
    @ManagedOperation(description = "Removes the given key")
    public boolean removeState(String key) {
        checkKey(key);
        ensureTable();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + tableName + " WHERE namespace = ? AND state_key = ?")) {
            delete.setString(1, namespace);
            delete.setString(2, key);
            int removed = delete.executeUpdate();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return removed > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("JdbcStateRepository cannot remove key '" + key + "' of namespace '"
                                            + namespace + "' from table '" + tableName + "': " + e.getMessage(),
                    e);
        }
    }

    /** Every key of this repository's namespace with its value, ordered by key. */
    public Map<String, String> getStates() {
        ensureTable();
        Map<String, String> states = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT state_key, state_value FROM " + tableName + " WHERE namespace = ? ORDER BY state_key")) {
            select.setString(1, namespace);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    states.put(rows.getString(1), rows.getString(2));
                }
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return states;
        } catch (SQLException e) {
            throw new IllegalStateException("JdbcStateRepository cannot read namespace '" + namespace + "' from table '"
                                            + tableName + "': " + e.getMessage(),
                    e);
        }
    }

    private void write(Connection connection, String key, String value) throws SQLException {
        UpsertDialect writeDialect = effectiveDialect;
        if (writeDialect == UpsertDialect.UPDATE_INSERT) {
            if (update(connection, key, value) == 0) {
                insert(connection, key, value);
            }
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(writeDialect.upsertSql(tableName))) {
            upsert.setString(1, namespace);
            upsert.setString(2, key);
            upsert.setString(3, value);
            upsert.executeUpdate();
        }
    }

    private int update(Connection connection, String key, String value) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE " + tableName + " SET state_value = ?, updated_at = CURRENT_TIMESTAMP"
                                                                    + " WHERE namespace = ? AND state_key = ?")) {
            update.setString(1, value);
            update.setString(2, namespace);
            update.setString(3, key);
            return update.executeUpdate();
        }
    }

    private void insert(Connection connection, String key, String value) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + tableName + " (namespace, state_key, state_value, updated_at)"
                                                                    + " VALUES (?, ?, ?, CURRENT_TIMESTAMP)")) {
            insert.setString(1, namespace);
            insert.setString(2, key);
            insert.setString(3, value);
            insert.executeUpdate();
        }
    }

    /**
     * What a write reports when a concurrent first write of the same key inserted the row first: a unique key
     * violation (SQLState class 23: PostgreSQL and H2 say 23505, MySQL and Oracle 23000), or H2's "concurrent update"
     * (90131) that its MERGE reports instead.
     */
    private static boolean isDuplicateKey(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            String state = cause.getSQLState();
            if (state != null && (state.startsWith("23") || state.equals("90131"))) {
                return true;
            }
        }
        return false;
    }

    private static void rollbackQuietly(Connection connection, boolean autoCommit) {
        if (!autoCommit) {
            try {
                connection.rollback();
            } catch (SQLException e) {
                LOG.debug("Rollback failed: {}", e.getMessage());
            }
        }
    }

    private static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("JdbcStateRepository keys are at most " + MAX_KEY_LENGTH
                                               + " characters, got " + key.length());
        }
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    /** The database to keep the state in (required). */
    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @ManagedAttribute(description = "The namespace of this repository's keys")
    public String getNamespace() {
        return namespace;
    }

    /**
     * Separates the keys of this repository from those of others in the same table: one namespace per route or
     * application (default {@code default}). At most 255 characters.
     */
    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    @ManagedAttribute(description = "The table holding the state")
    public String getTableName() {
        return tableName;
    }

    /** The table holding the state, optionally schema-qualified (default {@code velt_state}). */
    public void setTableName(String tableName) {
        this.tableName = tableName;
    }

    @ManagedAttribute(description = "Whether the table is created on start when absent")
    public boolean isCreateTable() {
        return createTable;
    }

    /**
     * Whether start creates the table when it is absent (default true). With false, start fails when the table is
     * missing, naming the DDL to run.
     */
    public void setCreateTable(boolean createTable) {
        this.createTable = createTable;
    }

    public UpsertDialect getDialect() {
        return dialect;
    }

    /**
     * How keys are written (default: chosen on start from the database's product name; see {@link UpsertDialect}). Set
     * it for a database not recognised, e.g. {@code MERGE} for one that has the standard {@code MERGE} statement.
     */
    public void setDialect(UpsertDialect dialect) {
        this.dialect = dialect;
    }

    @ManagedAttribute(description = "How keys are written, as chosen on start")
    public String getEffectiveDialect() {
        UpsertDialect current = effectiveDialect;
        return current == null ? null : current.name();
    }

    @Override
    public String toString() {
        return "JdbcStateRepository[table=" + tableName + ", namespace=" + namespace + "]";
    }
}
