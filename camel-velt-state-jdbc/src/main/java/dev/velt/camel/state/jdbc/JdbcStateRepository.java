package dev.velt.camel.state.jdbc;

import java.util.Map;
import java.util.Objects;

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
 * A {@link org.apache.camel.spi.StateRepository} kept in a relational database through plain JDBC, so that several
 * replicas of an
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
        return StateTable.createTableSql(tableName);
    }

    /**
     * The DDL that adds the {@code state_order} column to a {@code tableName} created by an earlier version, as run on
     * start when the column is missing and {@code createTable} is true.
     */
    public static String addOrderColumnSql(String tableName) {
        return StateTable.addOrderColumnSql(tableName);
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
        if (namespace.length() > StateTable.MAX_NAMESPACE_LENGTH) {
            throw new IllegalArgumentException(
                    "JdbcStateRepository option 'namespace' is longer than " + StateTable.MAX_NAMESPACE_LENGTH
                                               + " characters");
        }
        StateTable.validateTableName(tableName);
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
            StateTable table = new StateTable(this, dataSource, tableName, createTable);
            effectiveDialect = dialect != null ? dialect : table.detectDialect();
            table.ensure();
            tableChecked = true;
        }
    }

    /** The rows of this repository's namespace, as configured now; after {@link #ensureTable()}. */
    private StateRows rows() {
        return new StateRows(dataSource, tableName, namespace, effectiveDialect);
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
        rows().set(key, value);
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
        return rows().setIfAhead(key, value, order);
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
        return rows().getOrder(key);
    }

    /** The value stored under the key in this repository's namespace, or null. Always read from the database. */
    @Override
    @ManagedOperation(description = "Gets the value of the given key")
    public String getState(String key) {
        checkKey(key);
        ensureTable();
        return rows().get(key);
    }

    /** Removes the key from this repository's namespace; true when it was there. */
    @Override
    @ManagedOperation(description = "Removes the given key")
    public boolean removeState(String key) {
        checkKey(key);
        ensureTable();
        return rows().remove(key);
    }

    /** Every key of this repository's namespace with its value, ordered by key. */
    public Map<String, String> getStates() {
        ensureTable();
        return rows().getAll();
    }

    private static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.length() > StateTable.MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("JdbcStateRepository keys are at most " + StateTable.MAX_KEY_LENGTH
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
