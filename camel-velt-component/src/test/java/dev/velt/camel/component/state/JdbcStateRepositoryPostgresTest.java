package dev.velt.camel.component.state;

import java.io.IOException;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link JdbcStateRepository} on a real PostgreSQL server (binaries from a Maven jar, started for this class). */
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
        return new JdbcStateRepositoryH2Test.ManualCommitDataSource(postgres.getPostgresDatabase());
    }
}
