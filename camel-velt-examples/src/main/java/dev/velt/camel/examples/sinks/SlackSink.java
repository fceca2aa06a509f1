package dev.velt.camel.examples.sinks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * A local stand-in for a Slack incoming webhook: accepts {@code POST /services/...} with {@code ok}, as Slack does,
 * and remembers every message.
 */
public final class SlackSink implements AutoCloseable {

    private static final String PATH = "/services/T00000000/B00000000/velt-demo";

    private final WireMockServer server;
    private final ObjectMapper mapper = new ObjectMapper();

    private SlackSink() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
                .notifier(new Slf4jNotifier(false)).gzipDisabled(true));
    }

    public static SlackSink start() {
        SlackSink sink = new SlackSink();
        sink.server.start();
        sink.server.stubFor(post(urlPathMatching("/services/.+"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody("ok")));
        return sink;
    }

    /** The webhook URL to give to camel-slack's {@code webhookUrl}. */
    public String webhookUrl() {
        return "http://127.0.0.1:" + server.port() + PATH;
    }

    /** The JSON payloads received, oldest first. */
    public List<JsonNode> messages() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        List<JsonNode> messages = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0; i--) {
            ServeEvent event = events.get(i);
            if (event.getWasMatched()) {
                messages.add(parse(event.getRequest().getBodyAsString()));
            }
        }
        return messages;
    }

    private JsonNode parse(String body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void stop() {
        server.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
