package dev.velt.camel.client;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link VeltClient} needs to reach Velt. {@link #toString()} masks the credentials.
 *
 * @param baseUrl e.g. {@code https://api.velt.dev}; requests go to {@code baseUrl + "/v2/..."}
 * @param apiKey sent as {@code x-velt-api-key}
 * @param authToken sent as {@code x-velt-auth-token}
 * @param maxRetries retries of a transient failure after the first attempt (0 = none)
 * @param retryDelay the first retry's delay; doubled per retry, with jitter
 * @param retryMaxDelay the longest delay between two attempts, {@code Retry-After} included
 * @param connectTimeout time to establish a connection
 * @param requestTimeout time to wait for response data once connected
 */
public record VeltClientConfig(
        String baseUrl, String apiKey, String authToken, int maxRetries, Duration retryDelay, Duration retryMaxDelay,
        Duration connectTimeout, Duration requestTimeout) {

    public VeltClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be 0 or more, was " + maxRetries);
        }
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(retryMaxDelay, "retryMaxDelay");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    @Override
    public String toString() {
        return "VeltClientConfig[baseUrl=" + baseUrl + ", apiKey=" + mask(apiKey) + ", authToken=" + mask(authToken)
               + ", maxRetries=" + maxRetries + ", retryDelay=" + retryDelay + ", retryMaxDelay=" + retryMaxDelay
               + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + "]";
    }

    private static String mask(String secret) {
        return secret == null ? "null" : "xxxxxx";
    }
}
