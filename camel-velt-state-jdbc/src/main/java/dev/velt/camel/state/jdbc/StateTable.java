package dev.velt.camel.state.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.velt.camel.state.jdbc.JdbcStateRepository.ORDER_COLUMN;

/**
 * The schema of the table a {@link JdbcStateRepository} keeps its state in: its DDL, the dialect its database writes
 * with, and the check on start that the table is there with its {@code state_order} column, creating the table or
 * adding the column when allowed.
 *
 * @param repository the repository whose table this is, as named in log lines
 * @param dataSource the database holding the table
 * @param tableName the table, optionally schema-qualified
 * @param createTable whether the table may be created or completed when it is absent or lacks a column
 */
record StateTable(JdbcStateRepository repository, DataSource dataSource, String tableName, boolean createTable) {

    static final int MAX_NAMESPACE_LENGTH = 255;
    static final int MAX_KEY_LENGTH = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStateRepository.class);
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    /** Replicas starting together on a table of an earlier version all try to add the order column. */
    private static final int MAX_ADD_COLUMN_ATTEMPTS = 6;

    static String createTableSql(String tableName) {
        validateTableName(tableName);
        return "CREATE TABLE IF NOT EXISTS " + tableName + " ("
               + "namespace VARCHAR(" + MAX_NAMESPACE_LENGTH + ") NOT NULL, "
               + "state_key VARCHAR(" + MAX_KEY_LENGTH + ") NOT NULL, "
               + "state_value TEXT NOT NULL, "
               + ORDER_COLUMN + " BIGINT, "
               + "updated_at TIMESTAMP NOT NULL, "
               + "PRIMARY KEY (namespace, state_key))";
    }

    static String addOrderColumnSql(String tableName) {
        validateTableName(tableName);
        return "ALTER TABLE " + tableName + " ADD COLUMN " + ORDER_COLUMN + " BIGINT";
    }

    static void validateTableName(String tableName) {
        if (tableName == null || !TABLE_NAME.matcher(tableName).matches()) {
            throw new IllegalArgumentException("JdbcStateRepository option 'tableName' must be a plain SQL name "
                                               + "([schema.]name of letters, digits and underscores), got: " + tableName);
        }
    }

    /**
     * Checks the table is there with its {@code state_order} column, creating the table or adding the column if allowed.
     */
    void ensure() {
        if (!tableExists()) {
            if (!createTable) {
                throw new IllegalStateException("JdbcStateRepository table '" + tableName + "' does not exist and "
                                                + "createTable is false; create it with: " + createTableSql(tableName));
            }
            createTableIfAbsent();
        }
        ensureOrderColumn();
    }

    UpsertDialect detectDialect() {
        try (Connection connection = dataSource.getConnection()) {
            UpsertDialect detected = UpsertDialect.of(connection.getMetaData());
            LOG.debug("{} writes with dialect {} ({})", repository, detected,
                    connection.getMetaData().getDatabaseProductName());
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
                StateRows.rollbackQuietly(connection, autoCommit);
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
                StateRows.rollbackQuietly(connection, autoCommit);
                throw e;
            }
        }
    }
}
