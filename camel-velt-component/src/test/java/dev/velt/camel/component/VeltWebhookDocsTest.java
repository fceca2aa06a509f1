package dev.velt.camel.component;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.velt.camel.component.support.ConsumerTestSupport;
import dev.velt.camel.component.support.WebhookCalls;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static dev.velt.camel.component.support.WebhookCalls.eventBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The YAML route of the component doc's "Push (webhooks)" section, run exactly as written. */
class VeltWebhookDocsTest extends ConsumerTestSupport {

    private static final Path DOC = Path.of("src/main/docs/velt-component.adoc");

    static String pushRouteYaml() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        String section = doc.substring(doc.indexOf("== Push (webhooks)"));
        int block = section.indexOf("[source,yaml]\n----\n");
        assertThat(block).isPositive();
        assertThat(section.substring(0, block)).doesNotContain("// snippet: excerpt\n[source,yaml]");
        int start = block + "[source,yaml]\n----\n".length();
        return section.substring(start, section.indexOf("\n----\n", start) + 1);
    }

    @Test
    void theDocumentedRouteReceivesSignedPushesOnItsPath() throws Exception {
        velt.addExecution("exec-1", "marketing-copy-approval", "running", System.currentTimeMillis());
        velt.addEvent("exec-1", 1, "execution.dispatched");
        CamelContext context = new DefaultCamelContext();
        try {
            WebhookCalls calls = WebhookCalls.serverFor(context);
            configure(context);
            // as the doc's set-up says: the secret once on the component
            context.getComponent("velt", VeltComponent.class).getConfiguration()
                    .setWebhookSecret(VeltWebhookReceiverTest.SECRET);
            context.getRegistry().bind("positions", new MemoryStateRepository());
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("push-route.yaml", pushRouteYaml()));
            context.start();
            VeltEndpoint endpoint = (VeltEndpoint) context.getRoutes().get(0).getEndpoint();
            await().atMost(Duration.ofSeconds(20)).until(endpoint.getWebhookReceiver()::isActive);

            byte[] body = eventBody("exec-1", 2, "step.completed").getBytes(StandardCharsets.UTF_8);
            assertThat(endpoint.getWebhookReceiver().getPath()).isEqualTo("/velt/events");
            assertThat(calls.post("/velt/events", body, null, "evt-2").statusCode()).isEqualTo(401);
            assertThat(calls.post("/velt/events", body, WebhookCalls.signature(VeltWebhookReceiverTest.SECRET, body),
                    "evt-2").statusCode()).isNotIn(400, 401, 404, 413);
        } finally {
            context.stop();
        }
    }
}
