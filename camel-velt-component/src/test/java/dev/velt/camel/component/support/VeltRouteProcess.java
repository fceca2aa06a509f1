package dev.velt.camel.component.support;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;

import dev.velt.camel.component.VeltComponent;
import dev.velt.camel.component.VeltConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route in a JVM of its own, for crash tests: a velt consumer with a {@link FileStateRepository}, appending the key
 * of
 * every item it processed to a file (one line per item, synced before the exchange completes), then working a few ms
 * more, so a kill often lands between an item's side effect and its commit. Runs until killed.
 * <p>
 * Arguments: {@code events|agentExecutions} {@code baseUrl} {@code filter} (definitionId or agentId) {@code stateFile}
 * {@code outputFile} {@code workMs} {@code maxMessagesPerPoll}.
 */
public final class VeltRouteProcess {

    private static final Logger LOG = LoggerFactory.getLogger(VeltRouteProcess.class);

    private VeltRouteProcess() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String baseUrl = args[1];
        String filter = args[2];
        File stateFile = new File(args[3]);
        Path output = Path.of(args[4]);
        long workMs = Long.parseLong(args[5]);
        int maxMessagesPerPoll = Integer.parseInt(args[6]);

        CamelContext context = new DefaultCamelContext();
        VeltComponent velt = new VeltComponent();
        velt.getConfiguration().setBaseUrl(baseUrl);
        velt.getConfiguration().setApiKey(ConsumerTestSupport.API_KEY);
        velt.getConfiguration().setAuthToken(ConsumerTestSupport.AUTH_TOKEN);
        velt.getConfiguration().setRetryDelay(1);
        velt.getConfiguration().setRetryMaxDelay(50);
        context.addComponent("velt", velt);
        context.getRegistry().bind("positions", FileStateRepository.fileStateRepository(stateFile));

        String uri = switch (mode) {
            case "events" -> "velt:events?definitionId=" + filter;
            case "agentExecutions" -> "velt:agentExecutions?agentId=" + filter;
            default -> throw new IllegalArgumentException("mode: " + mode);
        } + "&stateRepository=#positions&initialDelay=0&delay=10&requestTimeout=500&maxMessagesPerPoll=" + maxMessagesPerPoll;
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                from(uri).routeId("crashing")
                        .process(exchange -> {
                            String id = exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID, String.class);
                            Object seq = exchange.getMessage().getHeader(VeltConstants.EVENT_SEQ);
                            String key = seq == null ? id : id + "#" + seq;
                            Files.writeString(output, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
                        })
                        .delay(workMs).syncDelayed();
            }
        });
        context.start();
        LOG.info("VeltRouteProcess started: {}", uri);
        new CountDownLatch(1).await();
    }
}
