package dev.velt.camel.state.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.velt.camel.component.VeltConstants;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code velt:events} route keeps its positions in a {@link JdbcStateRepository} given as a plain bean
 * ({@code stateRepository=#veltState}; the consumer starts it): a new CamelContext on the same database, as after a
 * restart or on another replica, resumes after the last completed event, neither losing nor repeating any.
 */
class JdbcStateRepositoryConsumerTest {

    private static final String EVENTS = "/v2/workflow/executions/getEvents";

    private WireMockServer velt;
    private JdbcDataSource database;
    private final List<Long> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        velt = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        velt.start();
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:velt_consumer_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        database.setUser("sa");
    }

    @AfterEach
    void stop() {
        velt.stop();
    }

    @Test
    void aNewContextOnTheSameDatabaseResumesAfterTheLastCompletedEvent() throws Exception {
        serveEvents(1, 3, 5, 7, 9);
        runUntilReceived(5);
        assertEquals(List.of(1L, 3L, 5L, 7L, 9L), received);

        JdbcStateRepository reader = new JdbcStateRepository(database, "orders-route");
        assertEquals(Map.of("velt.events.execution.exec%2F1", "{\"seq\":9,\"terminal\":false}"), reader.getStates(),
                "one row per execution; ids URL-encoded in the key; the value the last completed seq");

        received.clear();
        serveEvents(1, 3, 5, 7, 9, 11, 13);
        runUntilReceived(2);
        assertEquals(List.of(11L, 13L), received, "resumed after seq 9: nothing lost, nothing repeated");
        velt.verify(postRequestedFor(urlEqualTo(EVENTS)).withRequestBody(matchingJsonPath("$.data.sinceSeq", equalTo("9"))));
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
                    from("velt:events?executionId=exec/1&apiKey=k&authToken=t&baseUrl=http://127.0.0.1:" + velt.port()
                         + "&stateRepository=#veltState&initialDelay=10&delay=50")
                            .process(exchange -> received.add(exchange.getMessage().getHeader(VeltConstants.EVENT_SEQ,
                                    Long.class)));
                }
            });
            context.start();
            await().until(() -> received.size() >= before + count);
            assertTrue(repository.isStarted(), "the consumer starts the repository it is given");
        }
    }

    /** getEvents of exec/1 answers the events after the request's sinceSeq; 13 is the terminal event. */
    private void serveEvents(long... seqs) {
        velt.resetAll();
        for (long since = 0; since <= 13; since++) {
            long after = since;
            List<Long> page = new ArrayList<>();
            for (long seq : seqs) {
                if (seq > after) {
                    page.add(seq);
                }
            }
            String events = page.stream().map(seq -> "{\"eventId\":\"evt_" + seq + "\",\"seq\":" + seq + ",\"type\":\""
                                                     + (seq == 13 ? "execution.completed" : "step.completed")
                                                     + "\",\"timestamp\":1777374842347,\"data\":null}")
                    .collect(Collectors.joining(","));
            long next = page.isEmpty() ? after : page.get(page.size() - 1);
            velt.stubFor(post(urlEqualTo(EVENTS))
                    .withRequestBody(matchingJsonPath("$.data.sinceSeq", equalTo(String.valueOf(after))))
                    .willReturn(aResponse().withHeader("Content-Type", "application/json")
                            .withBody("{\"result\":{\"executionId\":\"exec/1\",\"events\":[" + events + "],\"nextCursor\":"
                                      + next + ",\"hasMore\":false}}")));
        }
    }
}
