package dev.velt.camel.component.shards;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.component.events.ExecutionShards;
import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.Recorder;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The YAML of docs/high-availability.md's section on shards, run as written: three templated routes under
 * {@code master:}, one CamelContext with a file-lock cluster service, one shared repository. (Needs camel-master, so
 * it runs on the 4.18 line only.)
 */
class VeltShardedDocsTest extends ConsumerTestSupport {

    private static final Path DOC = Path.of("../docs/high-availability.md");

    @TempDir
    Path clusterRoot;

    static String shardsYaml() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        String section = doc.substring(doc.indexOf("## Spreading executions over replicas: shards"));
        int start = section.indexOf("```yaml\n") + "```yaml\n".length();
        assertThat(start).isGreaterThan("```yaml\n".length());
        return section.substring(start, section.indexOf("\n```\n", start) + 1);
    }

    @Test
    void theDocumentedRoutesDeliverEveryEventOnceByItsShardsRoute() throws Exception {
        Recorder recorder = new Recorder(e -> e.getMessage().getHeader(VeltConstants.EXECUTION_ID) + "#"
                                              + e.getMessage().getHeader(VeltConstants.EVENT_SEQ) + "@"
                                              + e.getFromRouteId())
                .withoutExchanges();
        CamelContext context = new DefaultCamelContext();
        try {
            Properties properties = new Properties();
            properties.setProperty("velt.definition-id", "def_docs");
            context.getPropertiesComponent().setInitialProperties(properties);
            FileLockClusterService cluster = new FileLockClusterService();
            cluster.setId("replica-0");
            cluster.setRoot(clusterRoot.toString());
            cluster.setAcquireLockDelay(10, TimeUnit.MILLISECONDS);
            cluster.setAcquireLockInterval(200, TimeUnit.MILLISECONDS);
            context.addService(cluster);
            context.getRegistry().bind("veltState", new SharedTestRepository());
            configure(context);
            context.addRoutes(new RouteBuilder() {

                @Override
                public void configure() {
                    from("direct:workflow-events").process(recorder);
                }
            });
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("shards.yaml", shardsYaml()));
            context.start();
            assertThat(context.getRoutes()).hasSize(4);
            // shard 0 has started (it lists the definition), so what starts from now on is after its first start
            await().atMost(Duration.ofSeconds(30)).until(() -> requestsTo("/v2/workflow/executions/list") > 0);

            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String id = "exec_" + i;
                velt.addExecution(id, "def_docs", "running", System.currentTimeMillis());
                velt.addEvent(id, 1, "execution.dispatched");
                velt.addEvent(id, 2, "execution.completed");
                String owner = "@velt-shard-" + ExecutionShards.of(id, 3);
                expected.add(id + "#1" + owner);
                expected.add(id + "#2" + owner);
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(
                    () -> assertThat(recorder.processed()).containsExactlyInAnyOrderElementsOf(expected));
            for (int i = 0; i < 12; i++) {
                String prefix = "exec_" + i + "#";
                assertThat(recorder.processed().stream().filter(key -> key.startsWith(prefix)).toList())
                        .containsExactly(expected.get(2 * i), expected.get(2 * i + 1));
            }
        } finally {
            context.stop();
        }
    }
}
