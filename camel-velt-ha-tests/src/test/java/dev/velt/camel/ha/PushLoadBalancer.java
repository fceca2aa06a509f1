package dev.velt.camel.ha;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A load balancer in front of the replicas, as Velt's pushes meet one: each POST goes to the next replica in turn,
 * whether it leads or not, with the body and Velt's headers as they came, and the replica's answer goes back to
 * Velt; a replica that does not answer (killed) makes it answer 502. No health check: followers get their share.
 */
final class PushLoadBalancer implements AutoCloseable {

    private static final List<String> FORWARDED = List.of("Content-Type", "x-velt-signature", "x-velt-event-id",
            "x-velt-attempt");

    private final Map<String, Integer> ports;
    private final AtomicInteger next = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final HttpServer server;

    PushLoadBalancer(Map<String, Integer> ports) throws IOException {
        this.ports = ports;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext(HaCluster.WEBHOOK_PATH, this::forward);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + HaCluster.WEBHOOK_PATH;
    }

    private void forward(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        int status;
        byte[] answer;
        List<Integer> targets = new ArrayList<>(ports.values());
        try {
            int port = targets.get(Math.floorMod(next.getAndIncrement(), targets.size()));
            HttpRequest.Builder request = HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + port + HaCluster.WEBHOOK_PATH))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : FORWARDED) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            status = response.statusCode();
            answer = response.body();
        } catch (IOException | RuntimeException e) {
            status = 502;
            answer = "Bad gateway".getBytes();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 502;
            answer = "Bad gateway".getBytes();
        }
        exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
