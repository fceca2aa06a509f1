package dev.velt.camel.component.state;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;

/** {@link JdbcStateRepository} on an in-memory H2 database. */
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

    /** Hands out connections with auto-commit off, as a pool configured with autoCommit=false does. */
    static final class ManualCommitDataSource implements DataSource {
        private final DataSource target;

        ManualCommitDataSource(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = target.getConnection();
            connection.setAutoCommit(false);
            return connection;
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            Connection connection = target.getConnection(username, password);
            connection.setAutoCommit(false);
            return connection;
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return target.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            target.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            target.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return target.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return target.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return target.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return target.isWrapperFor(iface);
        }
    }
}
