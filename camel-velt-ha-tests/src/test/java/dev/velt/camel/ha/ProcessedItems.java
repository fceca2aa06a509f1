package dev.velt.camel.ha;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.velt.camel.component.VeltConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The replicas' "business": each item a route processes becomes a row of {@code processed_items} (item, replica, when),
 * in the same PostgreSQL database as the consumers' positions. What the tests count.
 */
public class ProcessedItems {

    static final String DDL = "CREATE TABLE processed_items (id BIGSERIAL PRIMARY KEY, item_id VARCHAR(200) NOT NULL, "
                              + "replica VARCHAR(100) NOT NULL, processed_at TIMESTAMP NOT NULL DEFAULT clock_timestamp(), "
                              + "processed_at_ms BIGINT NOT NULL, delivered_by VARCHAR(10))";

    private DataSource dataSource;
    private String replica;

    /** A workflow event: {@code event:<executionId>:<seq>}. */
    public void event(Exchange exchange) throws SQLException {
        Message message = exchange.getMessage();
        record("event:" + message.getHeader(VeltConstants.EXECUTION_ID, String.class) + ":"
               + message.getHeader(VeltConstants.EVENT_SEQ, Long.class),
                message.getHeader(VeltConstants.DELIVERED_BY, String.class));
    }

    /** A finished agent run: {@code run:<runId>}. */
    public void run(Exchange exchange) throws SQLException {
        record("run:" + exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID, String.class), null);
    }

    /** {@code deliveredBy}: the {@link VeltConstants#DELIVERED_BY} header of an event ({@code push} or {@code poll}). */
    private void record(String item, String deliveredBy) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO processed_items (item_id, replica, processed_at_ms, delivered_by) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, item);
            insert.setString(2, replica);
            // the replicas and the test share the machine's clock: the test compares it with when it killed a replica
            insert.setLong(3, System.currentTimeMillis());
            insert.setString(4, deliveredBy);
            insert.executeUpdate();
        }
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setReplica(String replica) {
        this.replica = replica;
    }
}
