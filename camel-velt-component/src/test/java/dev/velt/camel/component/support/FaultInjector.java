package dev.velt.camel.component.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * A {@link FakeVelt.Interceptor} that moves a simulated world on by one tick per request and replaces a random subset
 * of the fake's answers with faults. Decisions come from a seeded {@link Random}, one draw per request, so a run with the
 * same seed and the same request sequence injects the same faults at the same points.
 * <p>
 * Every fault but {@link Kind#PERMISSION_DENIED} is transient: the same request, sent again, may succeed.
 * {@link #failAllFrom(int, Kind)} turns every request from the n-th on into one fault (an outage, a revoked key) until
 * {@link #allow()}.
 */
public final class FaultInjector implements FakeVelt.Interceptor {

    /** What a faulty Velt, or a proxy in front of it, does to a request. */
    public enum Kind {
        /** 429 RESOURCE_EXHAUSTED with {@code Retry-After: 1}. */
        RATE_LIMITED,
        /** 500 with Velt's INTERNAL error envelope. */
        INTERNAL_ERROR,
        /** 502 with a proxy's HTML page. */
        BAD_GATEWAY_HTML,
        /** 503 UNAVAILABLE for 2 to 8 requests in a row. */
        UNAVAILABLE_BURST,
        /** The server resets the connection instead of answering. */
        CONNECTION_RESET,
        /** The real answer, but 1.5 s late: beyond the {@code requestTimeout} the tests set. */
        READ_TIMEOUT,
        /** 200 with a body that is not JSON. */
        MALFORMED_JSON,
        /** 200 with the first half of the real answer, as from a proxy that cut it off (well framed, so it reads as bad JSON). */
        TRUNCATED_BODY,
        /** 200 with a chunked body broken off mid-stream: the connection closes before the body ends. */
        MALFORMED_RESPONSE_CHUNK,
        /** Random bytes instead of an HTTP response, then the connection closes. */
        RANDOM_DATA_THEN_CLOSE,
        /** 200 with an empty body. */
        EMPTY_BODY,
        /** 403 PERMISSION_DENIED, as for a revoked key: not transient. */
        PERMISSION_DENIED,
        /** 404 with an ingress's HTML page (no Velt error envelope), as while a deployment has no endpoints yet. */
        NOT_FOUND_HTML;

        /** The faults a retry may get past: all but PERMISSION_DENIED and NOT_FOUND_HTML. */
        public static List<Kind> transientKinds() {
            return java.util.Arrays.stream(values()).filter(k -> k != PERMISSION_DENIED && k != NOT_FOUND_HTML).toList();
        }

        /** The status the component reports for this fault once retries are exhausted. */
        public String veltStatus() {
            return switch (this) {
                case RATE_LIMITED -> "RESOURCE_EXHAUSTED";
                case INTERNAL_ERROR, MALFORMED_JSON, TRUNCATED_BODY, EMPTY_BODY -> "INTERNAL";
                case READ_TIMEOUT -> "DEADLINE_EXCEEDED";
                case PERMISSION_DENIED -> "PERMISSION_DENIED";
                case NOT_FOUND_HTML -> "NOT_FOUND";
                default -> "UNAVAILABLE";
            };
        }
    }

    /** The delay of {@link Kind#READ_TIMEOUT} answers. */
    public static final int SLOW_ANSWER_MS = 1500;

    private final Random random;
    private final double rate;
    private final List<Kind> kinds;
    private final Runnable world;
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, AtomicInteger> requestsByPath = new ConcurrentHashMap<>();
    private final Map<Kind, AtomicInteger> injected = new ConcurrentHashMap<>();
    private int burstLeft;
    private volatile int failAllFrom = Integer.MAX_VALUE;
    private volatile Kind failAllWith;
    private final Map<String, Kind> failNext = new ConcurrentHashMap<>();

    /**
     * @param seed  seeds every decision
     * @param rate  the share of requests that start a fault (a 503 burst then covers the next ones too)
     * @param kinds the faults to choose from, uniformly; empty for none
     * @param world called once per request before it is answered (e.g. {@code world::tick}), or null
     */
    public FaultInjector(long seed, double rate, List<Kind> kinds, Runnable world) {
        this.random = new Random(seed);
        this.rate = rate;
        this.kinds = List.copyOf(kinds);
        this.world = world == null ? () -> {
        } : world;
    }

    /**
     * Answers every request from the n-th on (1-based, counting all requests so far) with {@code kind}, until
     * {@link #allow()}.
     */
    public void failAllFrom(int request, Kind kind) {
        this.failAllWith = kind;
        this.failAllFrom = request;
    }

    /** Answers the next request to {@code path} (e.g. {@code /v2/agents/execution/get}) with {@code kind}. */
    public void failNext(String path, Kind kind) {
        failNext.put(path, kind);
    }

    /** Ends {@link #failAllFrom(int, Kind)}; random faults go on. */
    public void allow() {
        this.failAllFrom = Integer.MAX_VALUE;
    }

    /** Called by the fake, under its lock: one request at a time. */
    @Override
    public ResponseDefinition serve(String path, JsonNode data, Supplier<ResponseDefinition> answer) {
        int n = requests.incrementAndGet();
        requestsByPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        world.run();
        Kind targeted = failNext.remove(path);
        Kind fault = decide(n);
        if (targeted != null) {
            fault = targeted;
        }
        if (fault == null) {
            return answer.get();
        }
        injected.computeIfAbsent(fault, k -> new AtomicInteger()).incrementAndGet();
        return respond(fault, answer);
    }

    private Kind decide(int request) {
        // one draw per request whatever happens, so the sequence of decisions depends only on the seed
        double draw = random.nextDouble();
        int pick = random.nextInt(1 << 20);
        if (request >= failAllFrom) {
            return failAllWith;
        }
        if (burstLeft > 0) {
            burstLeft--;
            return Kind.UNAVAILABLE_BURST;
        }
        if (kinds.isEmpty() || draw >= rate) {
            return null;
        }
        Kind kind = kinds.get(pick % kinds.size());
        if (kind == Kind.UNAVAILABLE_BURST) {
            burstLeft = 1 + (pick >> 8) % 7; // 2..8 in a row
        }
        return kind;
    }

    private static ResponseDefinition respond(Kind fault, Supplier<ResponseDefinition> answer) {
        return switch (fault) {
            case RATE_LIMITED -> error(429, "RESOURCE_EXHAUSTED", "Rate limit exceeded").withHeader("Retry-After", "1").build();
            case INTERNAL_ERROR -> error(500, "INTERNAL", "Internal error").build();
            case BAD_GATEWAY_HTML -> responseDefinition().withStatus(502).withHeader("Content-Type", "text/html")
                    .withBody("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
                              + "</center><hr><center>nginx</center></body></html>")
                    .build();
            case UNAVAILABLE_BURST -> error(503, "UNAVAILABLE", "Service unavailable").build();
            case CONNECTION_RESET -> responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
            case READ_TIMEOUT -> ResponseDefinitionBuilder.like(answer.get()).withFixedDelay(SLOW_ANSWER_MS).build();
            case MALFORMED_JSON -> responseDefinition().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("{\"result\": {\"events\": [{\"eventId\": \"evt_1\", \"seq\": 1,, ]").build();
            case TRUNCATED_BODY -> truncated(answer.get());
            case MALFORMED_RESPONSE_CHUNK -> responseDefinition().withFault(Fault.MALFORMED_RESPONSE_CHUNK).build();
            case RANDOM_DATA_THEN_CLOSE -> responseDefinition().withFault(Fault.RANDOM_DATA_THEN_CLOSE).build();
            case EMPTY_BODY -> responseDefinition().withStatus(200).withHeader("Content-Type", "application/json").build();
            case PERMISSION_DENIED -> error(403, "PERMISSION_DENIED", "Invalid API key or auth token").build();
            case NOT_FOUND_HTML -> responseDefinition().withStatus(404).withHeader("Content-Type", "text/html")
                    .withBody("<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1>"
                              + "</center><hr><center>nginx</center></body></html>")
                    .build();
        };
    }

    private static ResponseDefinitionBuilder error(int code, String status, String message) {
        return responseDefinition().withStatus(code).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"" + message + "\",\"status\":\"" + status + "\"}}");
    }

    /** The first half of the fake's answer. */
    private static ResponseDefinition truncated(ResponseDefinition whole) {
        byte[] body = whole.getBody() == null ? new byte[0] : whole.getBody().getBytes(StandardCharsets.UTF_8);
        return ResponseDefinitionBuilder.like(whole).withBody(Arrays.copyOf(body, body.length / 2)).build();
    }

    /** Requests seen so far, faulty or not. */
    public int requests() {
        return requests.get();
    }

    /** Requests seen so far to one path, e.g. {@code /v2/agents/execution/list}. */
    public int requests(String path) {
        AtomicInteger count = requestsByPath.get(path);
        return count == null ? 0 : count.get();
    }

    /** Faults injected so far, per kind. */
    public Map<Kind, Integer> injected() {
        Map<Kind, Integer> copy = new EnumMap<>(Kind.class);
        injected.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public int injectedTotal() {
        return injected.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
