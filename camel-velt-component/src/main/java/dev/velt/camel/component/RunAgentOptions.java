package dev.velt.camel.component;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import org.apache.camel.util.ObjectHelper;

/**
 * The options of {@code runAgent} and the await options of {@code runAgent} and {@code getAgentExecution}, checked when
 * the endpoint is created, before any request, with Velt's limits.
 */
final class RunAgentOptions {

    private RunAgentOptions() {
    }

    static void validate(VeltOperation operation, VeltConfiguration config) {
        if (operation == VeltOperation.runAgent) {
            for (String[] required : new String[][]{
                    {"agentId", config.getAgentId()}, {"organizationId", config.getOrganizationId()},
                    {"documentId", config.getDocumentId()}}) {
                if (ObjectHelper.isEmpty(required[1])) {
                    throw new IllegalArgumentException("velt:runAgent needs the " + required[0] + " option");
                }
            }
            if (config.getUrl() != null) {
                checkUrl(config.getUrl(), "url");
            }
            if (config.getMaxUrlsToProcess() != null && config.getMaxUrlsToProcess() < 1) {
                throw new IllegalArgumentException("maxUrlsToProcess must be positive, was " + config.getMaxUrlsToProcess());
            }
            VeltWriteRules.checkOneOf(config.getDeviceType(), List.of("mobile", "desktop"), "deviceType");
            VeltWriteRules.checkOneOf(config.getAnnotationVisibility(), List.of("public", "private"),
                    "annotationVisibility");
        }
        if (config.getAwaitInterval() <= 0) {
            throw new IllegalArgumentException("awaitInterval must be positive, was " + config.getAwaitInterval());
        }
        if (config.getAwaitTimeout() <= 0) {
            throw new IllegalArgumentException("awaitTimeout must be positive, was " + config.getAwaitTimeout());
        }
    }

    /** An absolute http or https URL with a host, as Velt requires. */
    static void checkUrl(String url, String source) {
        URISyntaxException cause = null;
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            cause = e;
        }
        throw new IllegalArgumentException(source + " must be an http or https URL, was '" + url + "'", cause);
    }
}
