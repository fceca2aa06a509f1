package dev.velt.camel.examples.sinks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for Slack: the Web API's {@code chat.postMessage} and {@code chat.update} (bot token checked,
 * answers in Slack's {@code {"ok": ...}} shape), a record of every message and update, and a person who clicks the
 * buttons: {@link #click} sends the interactivity request Slack would send (a form-encoded {@code payload} of type
 * {@code block_actions}) to the app's interactivity URL, signed with the signing secret as Slack signs it.
 */
public final class SlackStandIn implements AutoCloseable {

    /** The channel id every channel name maps to. */
    public static final String CHANNEL_ID = "C0VELTDEMO";
    public static final String TEAM_ID = "T0VELTDEMO";

    /** A message as posted, with the updates it received since (newest last). */
    public record Posted(String channel, String ts, String threadTs, JsonNode request, List<JsonNode> updates) {

        /** The message as it reads now: the last update, else the posted request. */
        public JsonNode current() {
            return updates.isEmpty() ? request : updates.get(updates.size() - 1);
        }

        public String text() {
            return current().path("text").asText();
        }

        /** The button {@code value} of the action {@code actionId} in the current blocks, or null. */
        public String buttonValue(String actionId) {
            for (JsonNode block : current().path("blocks")) {
                for (JsonNode element : block.path("elements")) {
                    if (actionId.equals(element.path("action_id").asText())) {
                        return element.path("value").asText();
                    }
                }
            }
            return null;
        }
    }

    /** How a click is signed: as Slack does, with a body changed after signing, or with a six-minute-old timestamp. */
    public enum Signing {
        VALID, TAMPERED, EXPIRED
    }

    /** A click sent and what the app answered. */
    public record Click(String ts, String actionId, String userId, Signing signing, int status) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "slack-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String botToken;
    private final String signingSecret;
    private final Clock clock;
    private final List<Posted> messages = new CopyOnWriteArrayList<>();
    private final List<Click> clicks = new CopyOnWriteArrayList<>();
    private final List<Consumer<Posted>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile String interactivityUrl;

    private SlackStandIn(String botToken, String signingSecret, Clock clock) throws IOException {
        this.botToken = botToken;
        this.signingSecret = signingSecret;
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/api/chat.postMessage", exchange -> answer(exchange, this::postMessage));
        server.createContext("/api/chat.update", exchange -> answer(exchange, this::update));
    }

    /** Starts on a free port; the app must call it with {@code botToken} and sign with {@code signingSecret}. */
    public static SlackStandIn start(String botToken, String signingSecret) {
        try {
            SlackStandIn slack = new SlackStandIn(botToken, signingSecret, Clock.systemUTC());
            slack.server.start();
            return slack;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Web API base URL, as {@code https://slack.com/api}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
    }

    /** Where clicks are sent: the app's interactivity request URL. */
    public void interactivityUrl(String url) {
        this.interactivityUrl = url;
    }

    /** Called with each new top-level message that has buttons, once it was answered. */
    public void onApprovalRequest(Consumer<Posted> listener) {
        listeners.add(listener);
    }

    /** Every message posted, oldest first. */
    public List<Posted> messages() {
        return List.copyOf(messages);
    }

    /** The message with this {@code ts}, or null. */
    public Posted message(String ts) {
        return messages.stream().filter(m -> m.ts().equals(ts)).findFirst().orElse(null);
    }

    /** The replies in the thread of {@code ts}, oldest first. */
    public List<Posted> replies(String ts) {
        return messages.stream().filter(m -> ts.equals(m.threadTs())).toList();
    }

    public List<Click> clicks() {
        return List.copyOf(clicks);
    }

    /**
     * Clicks the button {@code actionId} of message {@code ts} as Slack user {@code userId}: sends Slack's
     * {@code block_actions} request to the interactivity URL and returns the HTTP status it got.
     */
    public int click(String ts, String actionId, String userId, Signing signing) {
        Posted message = message(ts);
        if (message == null) {
            throw new IllegalArgumentException("no message " + ts);
        }
        String form = "payload=" + URLEncoder.encode(payload(message, actionId, userId), StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond() - (signing == Signing.EXPIRED ? 360 : 0);
        String signature = sign(timestamp, form);
        if (signing == Signing.TAMPERED) {
            form = form.replace(URLEncoder.encode(userId, StandardCharsets.UTF_8), "U0MALLORY0");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(interactivityUrl))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", String.valueOf(timestamp))
                .header("X-Slack-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            clicks.add(new Click(ts, actionId, userId, signing, status));
            return status;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while clicking", e);
        }
    }

    /** What Slack sends when a button is clicked (the fields an app reads; Slack sends more). */
    private String payload(Posted message, String actionId, String userId) {
        JsonNode button = null;
        String blockId = null;
        // a button of the message as it reads now, else as first posted (clicked twice before the update showed)
        for (JsonNode shown : List.of(message.request(), message.current())) {
            for (JsonNode block : shown.path("blocks")) {
                for (JsonNode element : block.path("elements")) {
                    if (actionId.equals(element.path("action_id").asText())) {
                        button = element;
                        blockId = block.path("block_id").asText();
                    }
                }
            }
        }
        if (button == null) {
            throw new IllegalArgumentException("message " + message.ts() + " has no button " + actionId);
        }
        ObjectNode payload = mapper.createObjectNode().put("type", "block_actions");
        payload.putObject("user").put("id", userId).put("username", userId.toLowerCase()).put("team_id", TEAM_ID);
        payload.put("api_app_id", "A0VELTDEMO").put("token", "deprecated-verification-token")
                .put("trigger_id", sequence.incrementAndGet() + ".0.stand-in");
        payload.putObject("container").put("type", "message").put("message_ts", message.ts())
                .put("channel_id", message.channel()).put("is_ephemeral", false);
        payload.putObject("team").put("id", TEAM_ID).put("domain", "velt-demo");
        payload.putObject("channel").put("id", message.channel()).put("name", "velt-approvals");
        ObjectNode shown = payload.putObject("message").put("type", "message").put("ts", message.ts())
                .put("text", message.text());
        shown.set("blocks", message.current().path("blocks").deepCopy());
        payload.put("response_url", apiUrl().replace("/api", "/actions/" + message.ts()));
        ObjectNode action = payload.putArray("actions").addObject().put("action_id", actionId).put("block_id", blockId);
        action.set("text", button.path("text").deepCopy());
        action.put("value", button.path("value").asText()).put("type", "button").put("action_ts", ts());
        return payload.toString();
    }

    private String sign(long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode postMessage(JsonNode request) {
        if (request.path("channel").asText().isEmpty() || (!request.hasNonNull("text") && !request.hasNonNull("blocks"))) {
            return error("no_text");
        }
        String threadTs = request.hasNonNull("thread_ts") ? request.get("thread_ts").asText() : null;
        if (threadTs != null && message(threadTs) == null) {
            return error("thread_not_found");
        }
        Posted posted = new Posted(CHANNEL_ID, ts(), threadTs, request, new CopyOnWriteArrayList<>());
        messages.add(posted);
        if (threadTs == null && posted.request().path("blocks").toString().contains("\"actions\"")) {
            executor.execute(() -> listeners.forEach(listener -> listener.accept(posted)));
        }
        ObjectNode answer = ok().put("channel", CHANNEL_ID).put("ts", posted.ts());
        answer.set("message", request);
        return answer;
    }

    private ObjectNode update(JsonNode request) {
        if (!CHANNEL_ID.equals(request.path("channel").asText())) {
            return error("channel_not_found");
        }
        Posted posted = message(request.path("ts").asText());
        if (posted == null) {
            return error("message_not_found");
        }
        posted.updates().add(request);
        return ok().put("channel", CHANNEL_ID).put("ts", posted.ts()).put("text", request.path("text").asText());
    }

    private String ts() {
        long micros = clock.millis() * 1000 + sequence.incrementAndGet() % 1000;
        return String.format("%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    private void answer(HttpExchange exchange, Function<JsonNode, ObjectNode> method) throws IOException {
        try (exchange) {
            ObjectNode answer;
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer = error("method_not_supported");
            } else if (!("Bearer " + botToken).equals(authorization)) {
                answer = error(authorization == null ? "not_authed" : "invalid_auth");
            } else {
                try (InputStream in = exchange.getRequestBody()) {
                    answer = method.apply(mapper.readTree(in));
                } catch (IOException e) {
                    answer = error("invalid_json");
                }
            }
            byte[] bytes = mapper.writeValueAsBytes(answer);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private ObjectNode ok() {
        return mapper.createObjectNode().put("ok", true);
    }

    private ObjectNode error(String error) {
        return mapper.createObjectNode().put("ok", false).put("error", error);
    }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }
}
