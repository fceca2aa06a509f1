package dev.velt.camel.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** A bare HTTP client of the simulator for its own tests: what a Velt client sends, nothing more. */
final class ApiClient {

    /** One answer: the status, the body as text and (when it is JSON) parsed. */
    record Answer(int status, String body, JsonNode json, HttpHeaders headers) {

        JsonNode result() {
            return json.get("result");
        }

        String errorStatus() {
            return json.at("/error/status").asText();
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final VeltSimulator simulator;
    private final Duration timeout;

    ApiClient(VeltSimulator simulator) {
        this(simulator, Duration.ofSeconds(10));
    }

    /** @param timeout how long to wait for an answer */
    ApiClient(VeltSimulator simulator, Duration timeout) {
        this.simulator = simulator;
        this.timeout = timeout;
    }

    Answer post(String path, String data) throws IOException, InterruptedException {
        return post(path, data, simulator.apiKey(), simulator.authToken());
    }

    /** POSTs {@code {"data": <data>}} to {@code /v2/<path>}; a null key or token is left out. */
    Answer post(String path, String data, String apiKey, String authToken) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v2/" + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":" + data + "}"));
        if (apiKey != null) {
            request.header("x-velt-api-key", apiKey);
        }
        if (authToken != null) {
            request.header("x-velt-auth-token", authToken);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = MAPPER.readTree(response.body());
        } catch (IOException e) {
            json = MissingNode.getInstance();
        }
        return new Answer(response.statusCode(), response.body(), json == null ? MissingNode.getInstance() : json,
                response.headers());
    }
}
