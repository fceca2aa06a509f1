package dev.velt.camel.state.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * How {@link JdbcStateRepository} writes a key: one upsert statement where the database has one, else an
 * {@code UPDATE} followed by an {@code INSERT} when no row was there.
 * <p>
 * Every plain upsert statement ({@link #upsertSql}) takes the parameters (namespace, state_key, state_value) in that
 * order and stores the value with no order ({@code state_order} NULL). Every conditional one
 * ({@link #upsertIfAheadSql}) takes (namespace, state_key, state_value, state_order) and writes only when no row is
 * there, or the row's {@code state_order} is NULL or lower than the one given; it reports one row written, or none
 * when the stored value was kept.
 */
public enum UpsertDialect {

    /** {@code INSERT ... ON CONFLICT (namespace, state_key) DO UPDATE}: PostgreSQL 9.5 or later. */
    POSTGRESQL {

        @Override
        String upsertSql(String table) {
            return "INSERT INTO " + table + " (namespace, state_key, state_value, state_order, updated_at)"
                   + " VALUES (?, ?, ?, NULL, CURRENT_TIMESTAMP)"
                   + " ON CONFLICT (namespace, state_key)"
                   + " DO UPDATE SET state_value = EXCLUDED.state_value, state_order = NULL,"
                   + " updated_at = EXCLUDED.updated_at";
        }

        @Override
        String upsertIfAheadSql(String table) {
            return "INSERT INTO " + table + " AS t (namespace, state_key, state_value, state_order, updated_at)"
                   + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)"
                   + " ON CONFLICT (namespace, state_key)"
                   + " DO UPDATE SET state_value = EXCLUDED.state_value, state_order = EXCLUDED.state_order,"
                   + " updated_at = EXCLUDED.updated_at"
                   + " WHERE t.state_order IS NULL OR t.state_order < EXCLUDED.state_order";
        }
    },

    /**
     * H2's {@code MERGE INTO ... KEY (namespace, state_key) VALUES ...}; conditional writes use the standard
     * {@code MERGE} (as {@link #MERGE}), since H2's own has no condition.
     */
    H2 {

        @Override
        String upsertSql(String table) {
            return "MERGE INTO " + table + " (namespace, state_key, state_value, state_order, updated_at)"
                   + " KEY (namespace, state_key) VALUES (?, ?, ?, NULL, CURRENT_TIMESTAMP)";
        }

        @Override
        String upsertIfAheadSql(String table) {
            return MERGE.upsertIfAheadSql(table);
        }
    },

    /**
     * The SQL standard {@code MERGE INTO ... USING (VALUES ...)}: HSQLDB and DB2 (chosen for them), H2, PostgreSQL 15 or
     * later.
     */
    MERGE {

        @Override
        String upsertSql(String table) {
            return "MERGE INTO " + table + " t"
                   + " USING (VALUES (CAST(? AS VARCHAR(255)), CAST(? AS VARCHAR(1024)), ?))"
                   + " AS s (namespace, state_key, state_value)"
                   + " ON t.namespace = s.namespace AND t.state_key = s.state_key"
                   + " WHEN MATCHED THEN UPDATE SET state_value = s.state_value, state_order = NULL,"
                   + " updated_at = CURRENT_TIMESTAMP"
                   + " WHEN NOT MATCHED THEN INSERT (namespace, state_key, state_value, updated_at)"
                   + " VALUES (s.namespace, s.state_key, s.state_value, CURRENT_TIMESTAMP)";
        }

        @Override
        String upsertIfAheadSql(String table) {
            return "MERGE INTO " + table + " t"
                   + " USING (VALUES (CAST(? AS VARCHAR(255)), CAST(? AS VARCHAR(1024)), ?, CAST(? AS BIGINT)))"
                   + " AS s (namespace, state_key, state_value, state_order)"
                   + " ON t.namespace = s.namespace AND t.state_key = s.state_key"
                   + " WHEN MATCHED AND (t.state_order IS NULL OR t.state_order < s.state_order)"
                   + " THEN UPDATE SET state_value = s.state_value, state_order = s.state_order,"
                   + " updated_at = CURRENT_TIMESTAMP"
                   + " WHEN NOT MATCHED THEN INSERT (namespace, state_key, state_value, state_order, updated_at)"
                   + " VALUES (s.namespace, s.state_key, s.state_value, s.state_order, CURRENT_TIMESTAMP)";
        }
    },

    /**
     * The portable fallback for databases with neither (MySQL, MariaDB, Oracle, SQL Server, Derby, ...): an
     * {@code UPDATE}, then an {@code INSERT} when no row was updated. A conditional write is an {@code UPDATE ... WHERE}
     * the stored order is NULL or lower, then, when no row was updated, a read of the row: refused when it is there with
     * an order ahead or equal, else an {@code INSERT} when it is absent (a duplicate key, from a concurrent first write,
     * starts over).
     */
    UPDATE_INSERT {

        @Override
        String upsertSql(String table) {
            return null;
        }

        @Override
        String upsertIfAheadSql(String table) {
            return null;
        }
    };

    /** The single upsert statement for {@code table}, or null for {@link #UPDATE_INSERT}. */
    abstract String upsertSql(String table);

    /** The single conditional upsert statement for {@code table}, or null for {@link #UPDATE_INSERT}. */
    abstract String upsertIfAheadSql(String table);

    /** The dialect of the database behind {@code metaData}, by its product name. */
    static UpsertDialect of(DatabaseMetaData metaData) throws SQLException {
        String product = metaData.getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (product.equals("h2")) {
            return H2;
        }
        if (product.startsWith("hsql") || product.startsWith("db2")) {
            return MERGE;
        }
        return UPDATE_INSERT;
    }
}
