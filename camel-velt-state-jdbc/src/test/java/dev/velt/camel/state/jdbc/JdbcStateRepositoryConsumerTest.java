package dev.velt.camel.state.jdbc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.test.ScriptedExecution;
import dev.velt.camel.test.SimRequest;
import dev.velt.camel.test.SimulatorOptions;
import dev.velt.camel.test.VeltSimulatorExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code velt:events} route keeps its positions in a {@link JdbcStateRepository} given as a plain bean
 * ({@code stateRepository=#veltState}; the consumer starts it): a new CamelContext on the same database, as after a
 * restart or on another replica, resumes after the last completed event, neither losing nor repeating any.
 */
class JdbcStateRepositoryConsumerTest {

    @RegisterExtension
    final VeltSimulatorExtension velt = new VeltSimulatorExtension(SimulatorOptions.defaults().tickMillis(0)
            .workflowExecutions(0).agentRuns(0));

    private JdbcDataSource database;
    private final List<Long> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void createDatabase() {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:velt_consumer_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        database.setUser("sa");
    }

    @Test
    void aNewContextOnTheSameDatabaseResumesAfterTheLastCompletedEvent() throws Exception {
        // the even seqs are Velt's internal events, which getEvents leaves out
        ScriptedExecution execution = velt.simulator().addExecution("exec/1", "orders")
                .event(1, "step.completed").event(3, "step.completed").event(5, "step.completed")
                .event(7, "step.completed").event(9, "step.completed");
        runUntilReceived(5);
        assertEquals(List.of(1L, 3L, 5L, 7L, 9L), received);

        JdbcStateRepository reader = new JdbcStateRepository(database, "orders-route");
        assertEquals(Map.of("velt.events.execution.exec%2F1", "{\"seq\":9,\"terminal\":false}"), reader.getStates(),
                "one row per execution; ids URL-encoded in the key; the value the last completed seq");

        received.clear();
        velt.simulator().requests().clear();
        execution.event(11, "step.completed").event(13, "execution.completed");
        runUntilReceived(2);
        assertEquals(List.of(11L, 13L), received, "resumed after seq 9: nothing lost, nothing repeated");
        assertEquals(9L, velt.simulator().requests().to("workflow/executions/getEvents").stream().map(SimRequest::data)
                .mapToLong(data -> data.path("sinceSeq").asLong()).min().orElseThrow(),
                "the new context's first getEvents asks for the events after seq 9");
        assertEquals("{\"seq\":13,\"terminal\":true}", reader.getState("velt.events.execution.exec%2F1"));
    }

    /** A fresh CamelContext and a fresh repository instance on the same database, as a restarted replica has. */
    private void runUntilReceived(int count) throws Exception {
        int before = received.size();
        try (CamelContext context = new DefaultCamelContext()) {
            JdbcStateRepository repository = new JdbcStateRepository();
            repository.setDataSource(database);
            repository.setNamespace("orders-route");
            context.getRegistry().bind("veltState", repository);
            context.addRoutes(new RouteBuilder() {

                @Override
                public void configure() {
                    from("velt:events?executionId=exec/1&apiKey=" + velt.apiKey() + "&authToken=" + velt.authToken()
                         + "&baseUrl=" + velt.baseUrl() + "&stateRepository=#veltState&initialDelay=10&delay=50")
                            .process(exchange -> received.add(exchange.getMessage().getHeader(VeltConstants.EVENT_SEQ,
                                    Long.class)));
                }
            });
            context.start();
            await().until(() -> received.size() >= before + count);
            assertTrue(repository.isStarted(), "the consumer starts the repository it is given");
        }
    }
}
