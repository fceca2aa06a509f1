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
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A push-fed route in a JVM of its own, for crash tests: {@code velt:events} of a definition with {@code webhookPath}
 * on its own HTTP port and a {@link FileStateRepository}, appending {@code executionId#seq} of every event it processed
 * to a file (synced before the exchange completes), then working a few ms more, so a kill often lands between an
 * event's side effect and its commit (Velt then gets no answer and retries). Runs until killed.
 * <p>
 * Arguments: {@code baseUrl} {@code apiKey} {@code authToken} {@code definitionId} {@code httpPort} {@code secret}
 * {@code stateFile} {@code outputFile} {@code workMs}.
 */
public final class VeltPushRouteProcess {

    private static final Logger LOG = LoggerFactory.getLogger(VeltPushRouteProcess.class);

    public static final String PATH = "/velt/push";

    private VeltPushRouteProcess() {
    }

    public static void main(String[] args) throws Exception {
        CamelContext context = new DefaultCamelContext();
        VeltComponent velt = new VeltComponent();
        velt.getConfiguration().setBaseUrl(args[0]);
        velt.getConfiguration().setApiKey(args[1]);
        velt.getConfiguration().setAuthToken(args[2]);
        velt.getConfiguration().setRetryDelay(1);
        velt.getConfiguration().setRetryMaxDelay(50);
        context.addComponent("velt", velt);
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindPort(Integer.parseInt(args[4]));
        context.addService(new VertxPlatformHttpServer(server));
        context.getRegistry().bind("positions", FileStateRepository.fileStateRepository(new File(args[6])));
        Path output = Path.of(args[7]);
        long workMs = Long.parseLong(args[8]);
        String uri = "velt:events?definitionId=" + args[3] + "&webhookPath=" + PATH + "&webhookSecret=" + args[5]
                     + "&stateRepository=#positions&initialDelay=0&delay=50&reconcileDelay=500&requestTimeout=1000";
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                from(uri).routeId("crashing-push")
                        .process(exchange -> {
                            String key = exchange.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                                         + exchange.getMessage().getHeader(VeltConstants.EVENT_SEQ);
                            Files.writeString(output, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
                        })
                        .delay(workMs).syncDelayed();
            }
        });
        context.start();
        LOG.info("VeltPushRouteProcess started: {}", uri.replace(args[5], "xxxxxx"));
        new CountDownLatch(1).await();
    }
}
