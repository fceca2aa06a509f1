package dev.velt.camel.state.jdbc;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;

/** {@link JdbcStateRepository} on an in-memory H2 database, writing with the dialect it detects: H2's MERGE. */
class JdbcStateRepositoryH2Test extends AbstractJdbcStateRepositoryTest {

    private static JdbcDataSource h2;

    @BeforeAll
    static void database() {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:velt_state_test;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
    }

    @Override
    protected DataSource dataSource() {
        return h2;
    }

    @Override
    protected DataSource manualCommitDataSource() {
        return new ManualCommitDataSource(h2);
    }

    @Override
    protected UpsertDialect expectedDialect() {
        return UpsertDialect.H2;
    }
}
