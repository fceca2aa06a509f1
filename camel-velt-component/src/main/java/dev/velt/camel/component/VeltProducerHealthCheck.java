package dev.velt.camel.component;

import java.util.Map;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.client.VeltClient;
import dev.velt.camel.component.consumer.VeltPollingConsumer;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of a velt producer, judged from what it already knows: it makes no call to Velt. DOWN when the
 * credentials are missing, or when the most recent call failed because Velt refused the credentials or stayed
 * unreachable after the retries; a caller's mistake (NOT_FOUND, INVALID_ARGUMENT) says nothing about Velt's health.
 */
final class VeltProducerHealthCheck extends AbstractHealthCheck {

    private final VeltEndpoint endpoint;

    VeltProducerHealthCheck(VeltEndpoint endpoint) {
        super("camel", "producer:velt-" + endpoint.getOperation() + "-" + endpoint.getId());
        this.endpoint = endpoint;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("velt.operation", endpoint.getOperation().name());
        builder.detail("velt.base.url", endpoint.getConfiguration().getBaseUrl());
        if (endpoint.getConfiguration().getApiKey() == null || endpoint.getConfiguration().getAuthToken() == null) {
            builder.message("apiKey and authToken must both be set").down();
            return;
        }
        VeltClient client = endpoint.getClient();
        VeltApiException last = client == null ? null : client.getStats().getLastFailure();
        if (last != null && (last.isRetryable() || last.isCredentialFailure())) {
            builder.detail(VeltPollingConsumer.VELT_STATUS_DETAIL, last.getStatus());
            if (last.getHttpStatusCode() > 0) {
                builder.detail(HTTP_RESPONSE_CODE, last.getHttpStatusCode());
            }
            builder.message("The last call to Velt failed: " + last.getStatus()).error(last).down();
            return;
        }
        builder.up();
    }
}
