package dev.velt.camel.state.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows of one namespace of a {@link JdbcStateRepository}'s table: the statements that read, write and remove them,
 * each operation on a connection of its own committed before it returns, and the retries of writes that race
 * concurrent writes of the same key.
 *
 * @param dataSource the database holding the table
 * @param tableName the table, optionally schema-qualified
 * @param namespace the namespace whose rows these are
 * @param dialect how keys are written
 */
record StateRows(DataSource dataSource, String tableName, String namespace, UpsertDialect dialect) {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStateRepository.class);
    /** A write racing a concurrent first write of its key is run again; the second run finds the row. */
    private static final int MAX_WRITE_ATTEMPTS = 3;
    /**
     * A conditional write that meets a concurrent one (a duplicate key, H2's "concurrent update", or with
     * {@code UPDATE_INSERT} a row that changed between its statements) starts over; each failed attempt means that
     * another writer's write went through, so they are bounded by the number of writers of the key.
     */
    private static final int MAX_CONDITIONAL_WRITE_ATTEMPTS = 50;

    /** Stores the value unconditionally and with no order, running it again when it races a first write of the key. */
    void set(String key, String value) {
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

    /** Stores the value with its order if ahead of the stored one, starting over when it races a concurrent write. */
    boolean setIfAhead(String key, String value, long order) {
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

    Long getOrder(String key) {
        return onOwnConnection("read the order of key '" + key + "' of namespace '" + namespace + "' from table '"
                               + tableName + "'",
                connection -> readOrder(connection, key).order());
    }

    String get(String key) {
        return onOwnConnection("read key '" + key + "' of namespace '" + namespace + "' from table '" + tableName + "'",
                connection -> {
                    try (PreparedStatement select = ofKey(connection, "SELECT state_value FROM " + tableName, key)) {
                        try (ResultSet rows = select.executeQuery()) {
                            return rows.next() ? rows.getString(1) : null;
                        }
                    }
                });
    }

    boolean remove(String key) {
        return onOwnConnection("remove key '" + key + "' of namespace '" + namespace + "' from table '" + tableName + "'",
                connection -> {
                    try (PreparedStatement delete = ofKey(connection, "DELETE FROM " + tableName, key)) {
                        return delete.executeUpdate() > 0;
                    }
                });
    }

    Map<String, String> getAll() {
        return onOwnConnection("read namespace '" + namespace + "' from table '" + tableName + "'", connection -> {
            Map<String, String> states = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT state_key, state_value FROM " + tableName + " WHERE namespace = ? ORDER BY state_key")) {
                select.setString(1, namespace);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        states.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
            return states;
        });
    }

    /** One statement's work on a connection of its own, committed before it returns. */
    @FunctionalInterface
    private interface SqlWork<T> {

        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a connection of its own and commits it; a failure names what was done ({@code what}, e.g.
     * "read key 'k' of namespace 'n' from table 't'").
     */
    private <T> T onOwnConnection(String what, SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            T result = work.run(connection);
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("JdbcStateRepository cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private void write(Connection connection, String key, String value) throws SQLException {
        if (dialect == UpsertDialect.UPDATE_INSERT) {
            if (update(connection, key, value) == 0) {
                insert(connection, key, value);
            }
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(dialect.upsertSql(tableName))) {
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
        if (dialect != UpsertDialect.UPDATE_INSERT) {
            try (PreparedStatement upsert = connection.prepareStatement(dialect.upsertIfAheadSql(tableName))) {
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

    /** {@code head} (a SELECT or DELETE of the table) for one key of this namespace, its parameters bound. */
    private PreparedStatement ofKey(Connection connection, String head, String key) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(head + " WHERE namespace = ? AND state_key = ?");
        try {
            statement.setString(1, namespace);
            statement.setString(2, key);
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    private record StoredOrder(boolean exists, Long order) {
    }

    private StoredOrder readOrder(Connection connection, String key) throws SQLException {
        try (PreparedStatement select = ofKey(connection, "SELECT state_order FROM " + tableName, key)) {
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

    static void rollbackQuietly(Connection connection, boolean autoCommit) {
        if (!autoCommit) {
            try {
                connection.rollback();
            } catch (SQLException e) {
                LOG.debug("Rollback failed: {}", e.getMessage());
            }
        }
    }
}
