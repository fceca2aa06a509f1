package dev.velt.camel.test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * The simulator's fault plan, per path: scripted ({@link #next(String, int, Fault)}: the next n requests to a path) or
 * by rate ({@link #rate(String, double, Fault...)}, drawn from a random seeded by the simulator's seed, one draw per
 * request), possibly in {@link #bursts(String, double, int, int, Fault) bursts}. Scripted faults come first, then
 * faults {@link #when(String, java.util.function.Predicate, Fault) for matching requests}, then an
 * {@link #always(String, Fault) outage}, then the rest of a burst, then rates. Paths are written
 * with or without {@code /v2/} ({@code "workflow/executions/getEvents"}); {@link #ANY_PATH} matches every request.
 */
public final class Faults {

    /** Matches every path. */
    public static final String ANY_PATH = "*";

    private record Rate(double rate, List<Fault> faults) {
    }

    private record When(String path, Predicate<JsonNode> data, Fault fault) {
    }

    private final Random random;
    private final Map<String, Deque<Fault>> scripted = new HashMap<>();
    private final Map<String, Fault> always = new HashMap<>();
    private final Map<String, Rate> rates = new HashMap<>();
    private final List<When> whens = new ArrayList<>();
    private final Map<Fault, int[]> burstLengths = new EnumMap<>(Fault.class);
    private Fault burstFault;
    private int burstLeft;
    private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
    private volatile long slowAnswerMillis = 1500;

    Faults(long seed) {
        this.random = new Random(seed);
    }

    /** Answers the next {@code times} requests to {@code path} with {@code fault} (after any already scripted). */
    public synchronized Faults next(String path, int times, Fault fault) {
        Deque<Fault> queue = scripted.computeIfAbsent(Paths.normalize(path), p -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(fault);
        }
        return this;
    }

    /** Answers the next request to {@code path} with {@code fault}. */
    public Faults next(String path, Fault fault) {
        return next(path, 1, fault);
    }

    /** Answers every request to {@code path} with {@code fault} until {@link #clear()} or {@link #restore(String)}. */
    public synchronized Faults always(String path, Fault fault) {
        always.put(Paths.normalize(path), fault);
        return this;
    }

    /** Ends an {@link #always(String, Fault)} outage of {@code path}. */
    public synchronized Faults restore(String path) {
        always.remove(Paths.normalize(path));
        return this;
    }

    /** Answers a share {@code rate} (0..1) of the requests to {@code path} with one of {@code faults}, chosen uniformly. */
    public synchronized Faults rate(String path, double rate, Fault... faults) {
        rates.put(Paths.normalize(path), new Rate(rate, List.of(faults)));
        return this;
    }

    /**
     * As {@link #rate(String, double, Fault...)} with one fault that comes in bursts: each hit answers the next
     * {@code minBurst} to {@code maxBurst} requests (its own included) with {@code fault}, as an upstream that is down
     * for a moment.
     */
    public synchronized Faults bursts(String path, double rate, int minBurst, int maxBurst, Fault fault) {
        return rate(path, rate, fault).burstLength(fault, minBurst, maxBurst);
    }

    /**
     * Makes {@code fault}, whenever a {@link #rate(String, double, Fault...) rate} picks it, last {@code minBurst} to
     * {@code maxBurst} requests in a row (whatever their path), the length drawn from the seed.
     */
    public synchronized Faults burstLength(Fault fault, int minBurst, int maxBurst) {
        if (minBurst < 1 || maxBurst < minBurst) {
            throw new IllegalArgumentException("need 1 <= minBurst <= maxBurst");
        }
        burstLengths.put(fault, new int[]{minBurst, maxBurst});
        return this;
    }

    /**
     * Answers every request to {@code path} whose {@code data} matches with {@code fault}, until {@link #clear()}: one
     * execution that fails while the others answer, say
     * ({@code data -> "exec_1".equals(data.path("executionId").asText())}).
     */
    public synchronized Faults when(String path, Predicate<JsonNode> data, Fault fault) {
        whens.add(new When(Paths.normalize(path), data, fault));
        return this;
    }

    /** The delay of {@link Fault#SLOW} answers. */
    public Faults slowAnswerMillis(long millis) {
        this.slowAnswerMillis = millis;
        return this;
    }

    /** Removes every scripted fault, outage and rate. */
    public synchronized Faults clear() {
        scripted.clear();
        always.clear();
        rates.clear();
        whens.clear();
        burstLengths.clear();
        burstLeft = 0;
        return this;
    }

    /** How many faults were injected so far, per kind. */
    public synchronized Map<Fault, Integer> injected() {
        return new EnumMap<>(injected);
    }

    public synchronized int injectedTotal() {
        return injected.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The fault for this request, or null. One random draw per request, whatever is scripted. */
    synchronized Fault decide(String path, JsonNode data) {
        double draw = random.nextDouble();
        int pick = random.nextInt(1 << 20);
        Fault fault = poll(path);
        if (fault == null) {
            fault = poll(ANY_PATH);
        }
        if (fault == null) {
            fault = whens.stream().filter(w -> (w.path().equals(path) || w.path().equals(ANY_PATH))
                    && w.data().test(data)).map(When::fault).findFirst().orElse(null);
        }
        if (fault == null) {
            fault = always.getOrDefault(path, always.get(ANY_PATH));
        }
        if (fault == null && burstLeft > 0) {
            burstLeft--;
            fault = burstFault;
        }
        if (fault == null) {
            Rate rate = rates.getOrDefault(path, rates.get(ANY_PATH));
            if (rate != null && !rate.faults().isEmpty() && draw < rate.rate()) {
                fault = rate.faults().get(pick % rate.faults().size());
                int[] burst = burstLengths.get(fault);
                if (burst != null) {
                    burstFault = fault;
                    burstLeft = burst[0] - 1 + (pick >> 8) % (burst[1] - burst[0] + 1);
                }
            }
        }
        if (fault != null) {
            injected.merge(fault, 1, Integer::sum);
        }
        return fault;
    }

    private Fault poll(String path) {
        Deque<Fault> queue = scripted.get(path);
        return queue == null ? null : queue.poll();
    }

    /** The answer with {@code fault}; {@code real} is the simulator's own answer (null when not computed). */
    ResponseDefinition render(Fault fault, ResponseDefinition real, String path, JsonNode data, SimJson json) {
        return switch (fault) {
            case RATE_LIMITED ->
                envelope(429, "RESOURCE_EXHAUSTED", "Rate limit exceeded").withHeader("Retry-After", "1").build();
            case UNAVAILABLE ->
                envelope(503, "UNAVAILABLE", "The service is temporarily unavailable").withHeader("Retry-After", "1").build();
            case INTERNAL_ERROR -> envelope(500, "INTERNAL", "Internal error").build();
            case DEADLINE_EXCEEDED -> envelope(504, "DEADLINE_EXCEEDED", "Deadline exceeded").build();
            case SERVER_ERROR_PLAIN -> responseDefinition().withStatus(500).withHeader("Content-Type", "text/plain")
                    .withBody("Internal Server Error").build();
            case BAD_GATEWAY_HTML -> html(502, "502 Bad Gateway");
            case NOT_FOUND_HTML -> html(404, "404 Not Found");
            case PERMISSION_DENIED -> envelope(403, "PERMISSION_DENIED", "Invalid API key or auth token").build();
            case CONNECTION_RESET, RESET_AFTER_PROCESSING ->
                responseDefinition().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER).build();
            case MALFORMED_RESPONSE_CHUNK ->
                responseDefinition().withFault(com.github.tomakehurst.wiremock.http.Fault.MALFORMED_RESPONSE_CHUNK).build();
            case RANDOM_DATA_THEN_CLOSE ->
                responseDefinition().withFault(com.github.tomakehurst.wiremock.http.Fault.RANDOM_DATA_THEN_CLOSE).build();
            case SLOW -> ResponseDefinitionBuilder.like(real).withFixedDelay((int) slowAnswerMillis).build();
            case MALFORMED_JSON -> responseDefinition().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("{\"result\": {\"executionId\": oops").build();
            case TRUNCATED_JSON -> {
                byte[] body = real.getBody() == null ? new byte[0] : real.getBody().getBytes(StandardCharsets.UTF_8);
                yield ResponseDefinitionBuilder.like(real).withBody(Arrays.copyOf(body, body.length / 2)).build();
            }
            case EMPTY_BODY -> responseDefinition().withStatus(200).withHeader("Content-Type", "application/json").build();
            case EMPTY_PAGE_WITH_MORE, STUCK_CURSOR -> page(fault, real, path, data, json);
        };
    }

    /** Rewrites a page answer: no items and the cursor unchanged, or the real items and the cursor unchanged. */
    private static ResponseDefinition page(Fault fault, ResponseDefinition real, String path, JsonNode data, SimJson json) {
        if (real.getStatus() != 200) {
            return real;
        }
        ObjectNode root;
        try {
            root = (ObjectNode) json.mapper().readTree(real.getBody());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        ObjectNode result = (ObjectNode) root.get("result");
        boolean empty = fault == Fault.EMPTY_PAGE_WITH_MORE;
        switch (path) {
            case Paths.GET_EVENTS -> {
                if (empty) {
                    result.putArray("events");
                }
                result.put("nextCursor", data.path("sinceSeq").asLong(0)).put("hasMore", true);
            }
            case Paths.LIST_EXECUTIONS -> {
                if (empty) {
                    result.putArray("items");
                }
                result.put("nextCursor", sameCursor(data.path("cursor")));
            }
            case Paths.LIST_AGENT_RUNS -> {
                if (result.has("items")) { // the legacy envelope
                    if (empty) {
                        result.putArray("items");
                    }
                    result.put("nextCursor", sameCursor(data.path("cursor"))).put("hasMore", true);
                } else {
                    ObjectNode inner = (ObjectNode) result.get("data");
                    if (empty) {
                        inner.putArray("executions");
                    }
                    inner.put("nextPageToken", sameCursor(data.path("pageToken")));
                }
            }
            default -> {
                return real;
            }
        }
        return ResponseDefinitionBuilder.like(real).withBody(json.write(root)).build();
    }

    /** The request's own cursor, or on a first page a token that pages from the start again. */
    private static String sameCursor(JsonNode cursor) {
        return cursor.isTextual() ? cursor.asText() : PageToken.BEFORE_ALL.encode();
    }

    private static ResponseDefinitionBuilder envelope(int code, String status, String message) {
        return responseDefinition().withStatus(code).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"" + message + "\",\"status\":\"" + status + "\"}}");
    }

    private static ResponseDefinition html(int code, String title) {
        return responseDefinition().withStatus(code).withHeader("Content-Type", "text/html")
                .withBody("<html><head><title>" + title + "</title></head><body><center><h1>" + title
                          + "</h1></center><hr><center>nginx</center></body></html>")
                .build();
    }
}
