package dev.velt.camel.state.jdbc;

import java.io.IOException;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link JdbcStateRepository} on a real PostgreSQL server (binaries from a Maven jar, started for this class), writing
 * with the dialect it detects: {@code INSERT ... ON CONFLICT DO UPDATE}.
 */
class JdbcStateRepositoryPostgresTest extends AbstractJdbcStateRepositoryTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        // test data only: no need to survive a power cut
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    protected DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    @Override
    protected DataSource manualCommitDataSource() {
        return new ManualCommitDataSource(postgres.getPostgresDatabase());
    }

    @Override
    protected UpsertDialect expectedDialect() {
        return UpsertDialect.POSTGRESQL;
    }
}
