package dev.velt.camel.component;

import java.util.Objects;

/**
 * Which {@code webhookUrl} and {@code webhookSecret} a dispatch sends. Velt takes the two only together. A
 * {@code webhookSecret} set on the component is the secret of the {@code velt:events} receiver: a dispatch sends it
 * only when it has a {@code webhookUrl} (its option or header) and no secret of its own. A secret of the dispatch's
 * own (its endpoint option or header) with no {@code webhookUrl}, or a {@code webhookUrl} with no secret anywhere, is
 * refused before any request, naming both options.
 */
final class DispatchWebhook {

    /** What the dispatch sends: both null, or both set. */
    record Target(String url, String secret) {
    }

    private DispatchWebhook() {
    }

    /**
     * @param url the header's webhookUrl, else the endpoint's
     * @param headerSecret the CamelVeltWebhookSecret header, or null
     * @param endpointSecret the endpoint's webhookSecret (the component's unless the endpoint set another)
     * @param componentSecret the component's webhookSecret
     */
    static Target resolve(String url, String headerSecret, String endpointSecret, String componentSecret) {
        String own = headerSecret != null ? headerSecret
                : Objects.equals(endpointSecret, componentSecret) ? null : endpointSecret;
        if (url == null) {
            if (own != null) {
                throw new IllegalArgumentException("velt:dispatch has a webhookSecret (" + (headerSecret != null
                        ? "header " + VeltConstants.WEBHOOK_SECRET : "endpoint option")
                                                   + ") but no webhookUrl: Velt takes webhookUrl and webhookSecret only"
                                                   + " together; set webhookUrl (or the " + VeltConstants.WEBHOOK_URL
                                                   + " header) or remove the webhookSecret");
            }
            return new Target(null, null);
        }
        String secret = own != null ? own : componentSecret;
        if (secret == null) {
            throw new IllegalArgumentException("velt:dispatch has a webhookUrl but no webhookSecret: Velt takes webhookUrl"
                                               + " and webhookSecret only together; set webhookSecret on the endpoint,"
                                               + " the component or the " + VeltConstants.WEBHOOK_SECRET + " header");
        }
        VeltWriteRules.checkWebhookSecret(secret);
        return new Target(url, secret);
    }
}
