package dev.velt.camel.state.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.velt.camel.component.state.OrderedStateRepository;
import dev.velt.camel.component.state.RemovableStateRepository;
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
 * next one reads.
 * <p>
 * It is an {@link OrderedStateRepository}: {@link #setStateIfAhead} stores a value with an order, and only when the key
 * has no row, or its row's order is NULL or lower; else it keeps the stored value and returns false. The comparison
 * and the write are one statement on PostgreSQL ({@code INSERT ... ON CONFLICT DO UPDATE ... WHERE}) and with
 * {@code MERGE} ({@code WHEN MATCHED AND ...}); with the {@code UPDATE_INSERT} fallback the write is a conditional
 * {@code UPDATE} or, for a new key, an {@code INSERT}, and a refusal is decided on a committed row whose order is ahead
 * or equal. So of several replicas or threads writing one key, the value stored is the one with the highest order,
 * whatever the order in which their writes arrive. A plain {@link #setState} writes unconditionally and stores the
 * value with no order (NULL), so the next {@code setStateIfAhead} of that key is written whatever its order: a key
 * several writers share should be written with {@code setStateIfAhead} only.
 * <p>
 * The table is created on start when absent unless {@link #setCreateTable(boolean) createTable} is false (then create
 * it yourself, adapting the types to other databases; only the column names matter):
 *
 * <pre>
 * CREATE TABLE IF NOT EXISTS velt_state (
 *     namespace   VARCHAR(255)  NOT NULL,
 *     state_key   VARCHAR(1024) NOT NULL,
 *     state_value TEXT          NOT NULL,
 *     state_order BIGINT,
 *     updated_at  TIMESTAMP     NOT NULL,
 *     PRIMARY KEY (namespace, state_key)
 * )
 * </pre>
 *
 * A table created by an earlier version has no {@code state_order} column: start adds it
 * ({@code ALTER TABLE velt_state ADD COLUMN state_order BIGINT}; existing rows get NULL), or, when {@code createTable}
 * is false, fails naming that statement.
 * <p>
 *
 * The {@link DataSource} is the user's (a pooled one such as HikariCP is advised): this repository borrows a connection
 * per operation, commits it itself when the pool hands out connections with auto-commit off, and never closes the
 * pool. Starting and stopping it (as the {@code velt:} consumers do with their {@code stateRepository}) only checks and
 * creates the table; a stopped repository keeps answering, so one instance can be shared by several consumers.
 */
@ManagedResource(description = "JDBC based state repository")
public class JdbcStateRepository extends ServiceSupport implements RemovableStateRepository, OrderedStateRepository {

    /** The default table name. */
    public static final String DEFAULT_TABLE_NAME = "velt_state";
    /** The default namespace. */
    public static final String DEFAULT_NAMESPACE = "default";
    /** The column holding the order of a value written by {@link #setStateIfAhead}; NULL for the others. */
    public static final String ORDER_COLUMN = "state_order";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStateRepository.class);
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final int MAX_NAMESPACE_LENGTH = 255;
    private static final int MAX_KEY_LENGTH = 1024;
    /** A write racing a concurrent first write of its key is run again; the second run finds the row. */
    private static final int MAX_WRITE_ATTEMPTS = 3;
    /**
     * A conditional write that meets a concurrent one (a duplicate key, H2's "concurrent update", or with
     * {@code UPDATE_INSERT} a row that changed between its statements) starts over; each failed attempt means that
     * another writer's write went through, so they are bounded by the number of writers of the key.
     */
    private static final int MAX_CONDITIONAL_WRITE_ATTEMPTS = 50;
    /** Replicas starting together on a table of an earlier version all try to add the order column. */
    private static final int MAX_ADD_COLUMN_ATTEMPTS = 6;

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
               + ORDER_COLUMN + " BIGINT, "
               + "updated_at TIMESTAMP NOT NULL, "
               + "PRIMARY KEY (namespace, state_key))";
    }

    /**
     * The DDL that adds the {@code state_order} column to a {@code tableName} created by an earlier version, as run on
     * start when the column is missing and {@code createTable} is true.
     */
    public static String addOrderColumnSql(String tableName) {
        validateTableName(tableName);
        return "ALTER TABLE " + tableName + " ADD COLUMN " + ORDER_COLUMN + " BIGINT";
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
     * Picks the dialect and checks the table is there with its {@code state_order} column, creating the table or adding
     * the column if allowed; run once per start (and before first use if never started).
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
            ensureOrderColumn();
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
     * Checks the table has the {@code state_order} column, adding it if allowed. Replicas starting together on a table
     * of an earlier version all try to add it: the statements of all but one fail, or (H2) time out waiting for
     * another's lock, as may the check; each then checks again, a few times.
     */
    private void ensureOrderColumn() {
        String ddl = addOrderColumnSql(tableName);
        for (int attempt = 1;; attempt++) {
            SQLException failure;
            try {
                if (hasOrderColumn()) {
                    return;
                }
                if (!createTable) {
                    throw new IllegalStateException("JdbcStateRepository table '" + tableName + "' has no column '"
                                                    + ORDER_COLUMN + "' (added in this version, for setStateIfAhead) "
                                                    + "and createTable is false; add it with: " + ddl);
                }
                addOrderColumn(ddl);
                return;
            } catch (SQLException e) {
                failure = e;
            }
            if (attempt == MAX_ADD_COLUMN_ATTEMPTS) {
                throw new IllegalStateException("JdbcStateRepository cannot check or add column '" + ORDER_COLUMN
                                                + "' of table '" + tableName + "' (" + failure.getMessage()
                                                + "); add it with: " + ddl,
                        failure);
            }
            LOG.debug("Checking or adding column {} of table {} failed ({}); trying again", ORDER_COLUMN, tableName,
                    failure.getMessage());
            try {
                Thread.sleep(200L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("JdbcStateRepository interrupted checking column '" + ORDER_COLUMN
                                                + "' of table '" + tableName + "'",
                        e);
            }
        }
    }

    /**
     * Whether the table has the {@code state_order} column, from the metadata of a query of the table (so the table is
     * resolved as the statements resolve it: search path, identifier case).
     */
    private boolean hasOrderColumn() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT * FROM " + tableName + " WHERE 1 = 0")) {
                ResultSetMetaData columns = rows.getMetaData();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    if (ORDER_COLUMN.equals(columns.getColumnName(i).toLowerCase(Locale.ROOT))) {
                        return true;
                    }
                }
                return false;
            } finally {
                rollbackQuietly(connection, autoCommit);
            }
        }
    }

    private void addOrderColumn(String ddl) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            try (Statement statement = connection.createStatement()) {
                statement.execute(ddl);
                if (!autoCommit) {
                    connection.commit();
                }
                LOG.info("Added column {} to table {} (existing rows have no order): {}", ORDER_COLUMN, tableName, ddl);
            } catch (SQLException e) {
                rollbackQuietly(connection, autoCommit);
                throw e;
            }
        }
    }

    /**
     * Stores the value of the key in this repository's namespace, unconditionally and with no order (its
     * {@code state_order} becomes NULL, so the next {@link #setStateIfAhead} of the key is written whatever its order),
     * committed when this returns. A null value removes the key.
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

    /**
     * Stores the value under the key in this repository's namespace with {@code order}, only when the key has no value,
     * or its value has no order (it was written by {@link #setState}), or a lower one; atomically (see the class
     * comment for the statements), committed when this returns.
     *
     * @return true when the value was stored; false when the stored value's order was ahead or equal (it is kept)
     */
    @Override
    @ManagedOperation(description = "Stores the value of the given key if its order is ahead of the stored one")
    public boolean setStateIfAhead(String key, String value, long order) {
        checkKey(key);
        Objects.requireNonNull(value, "value");
        ensureTable();
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            for (int attempt = 1;; attempt++) {
                try {
                    Boolean written = writeIfAhead(connection, key, value, order);
                    if (!autoCommit) {
                        connection.commit();
                    }
                    if (written != null) {
                        return written;
                    }
                    // UPDATE_INSERT: the row changed between the update and the read; compare again
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(connection, autoCommit);
                    if (!(e instanceof SQLException sql && isDuplicateKey(sql))) {
                        throw e;
                    }
                    LOG.debug("Writing key '{}' if ahead raced a concurrent write ({}); writing it again", key,
                            e.getMessage());
                }
                if (attempt == MAX_CONDITIONAL_WRITE_ATTEMPTS) {
                    throw new IllegalStateException("JdbcStateRepository cannot store key '" + key + "' of namespace '"
                                                    + namespace + "' in table '" + tableName + "' if ahead: "
                                                    + attempt + " attempts raced concurrent writes");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("JdbcStateRepository cannot store key '" + key + "' of namespace '" + namespace
                                            + "' in table '" + tableName + "' if ahead: " + e.getMessage(),
                    e);
        }
    }

    /**
     * The order stored with the value under the key in this repository's namespace; null when there is no value, or it
     * was written by {@link #setState}. Always read from the database.
     */
    @Override
    @ManagedOperation(description = "Gets the order stored with the value of the given key")
    public Long getOrder(String key) {
        checkKey(key);
        ensureTable();
        try (Connection connection = dataSource.getConnection()) {
            Long order = readOrder(connection, key).order();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return order;
        } catch (SQLException e) {
            throw new IllegalStateException("JdbcStateRepository cannot read the order of key '" + key
                                            + "' of namespace '" + namespace + "' from table '" + tableName + "': "
                                            + e.getMessage(),
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
                "UPDATE " + tableName + " SET state_value = ?, state_order = NULL, updated_at = CURRENT_TIMESTAMP"
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
     * Writes the value if ahead: true when written, false when the stored value was kept, null when (with
     * {@code UPDATE_INSERT}) the row changed between the statements, so the caller compares again.
     */
    private Boolean writeIfAhead(Connection connection, String key, String value, long order) throws SQLException {
        UpsertDialect writeDialect = effectiveDialect;
        if (writeDialect != UpsertDialect.UPDATE_INSERT) {
            try (PreparedStatement upsert = connection.prepareStatement(writeDialect.upsertIfAheadSql(tableName))) {
                upsert.setString(1, namespace);
                upsert.setString(2, key);
                upsert.setString(3, value);
                upsert.setLong(4, order);
                return upsert.executeUpdate() > 0;
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE " + tableName + " SET state_value = ?, state_order = ?, updated_at = CURRENT_TIMESTAMP"
                                                                    + " WHERE namespace = ? AND state_key = ?"
                                                                    + " AND (state_order IS NULL OR state_order < ?)")) {
            update.setString(1, value);
            update.setLong(2, order);
            update.setString(3, namespace);
            update.setString(4, key);
            update.setLong(5, order);
            if (update.executeUpdate() > 0) {
                return true;
            }
        }
        // not updated: the row is there and ahead (refused), or absent (inserted), or changed since (compare again)
        StoredOrder stored = readOrder(connection, key);
        if (stored.exists()) {
            return stored.order() != null && stored.order() >= order ? Boolean.FALSE : null;
        }
        // a concurrent first write of the key makes this fail with a duplicate key: the caller starts over
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + tableName + " (namespace, state_key, state_value, state_order, updated_at)"
                                                                    + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
            insert.setString(1, namespace);
            insert.setString(2, key);
            insert.setString(3, value);
            insert.setLong(4, order);
            insert.executeUpdate();
            return true;
        }
    }

    private record StoredOrder(boolean exists, Long order) {
    }

    private StoredOrder readOrder(Connection connection, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT state_order FROM " + tableName + " WHERE namespace = ? AND state_key = ?")) {
            select.setString(1, namespace);
            select.setString(2, key);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return new StoredOrder(false, null);
                }
                long order = rows.getLong(1);
                return new StoredOrder(true, rows.wasNull() ? null : order);
            }
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
