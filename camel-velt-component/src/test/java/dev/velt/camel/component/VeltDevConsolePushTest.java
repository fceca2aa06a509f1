package dev.velt.camel.component;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code velt} dev console counts the pushes a consumer received and those it refused. */
class VeltDevConsolePushTest extends PushTestSupport {

    @Test
    void countsPushesReceivedAndRefused() throws Exception {
        devConsole = true;
        sim().addExecution("exec-1", DEFINITION);
        start("executionId=exec-1&" + NO_POLLING);
        awaitFirstPoll();

        assertThat(push("exec-1", 1, "execution.dispatched")).isEqualTo(200);
        byte[] body = body("exec-1", 2, "step.started").getBytes(StandardCharsets.UTF_8);
        assertThat(post(body, "sha256=00").statusCode()).isEqualTo(401);
        context.getRouteController().suspendRoute("push");
        assertThat(push("exec-1", 2, "step.started")).isEqualTo(503);

        JsonObject consumer = consoleJson();
        assertThat(consumer.getLong("pushesReceived")).isEqualTo(1L);
        assertThat(consumer.getLong("pushesRefused")).isEqualTo(2L);
        assertThat((String) console().call(DevConsole.MediaType.TEXT)).contains("Pushes: 1 received, 2 refused");
        assertThat(received).containsExactly("exec-1#1@push");
    }

    private DevConsole console() {
        DevConsoleRegistry registry = context.getCamelContextExtension().getContextPlugin(DevConsoleRegistry.class);
        return registry.resolveById("velt");
    }

    @SuppressWarnings("unchecked")
    private JsonObject consoleJson() {
        JsonObject root = (JsonObject) console().call(DevConsole.MediaType.JSON);
        List<JsonObject> consumers = (List<JsonObject>) root.get("veltConsumers");
        assertThat(consumers).hasSize(1);
        return consumers.get(0);
    }
}
