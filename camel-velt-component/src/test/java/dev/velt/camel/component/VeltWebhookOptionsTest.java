package dev.velt.camel.component;

import java.time.Duration;

import dev.velt.camel.component.support.WebhookCalls;
import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * webhookPath, webhookSecret and reconcileDelay: checked when the endpoint is created, with a message naming the
 * option and never showing the secret.
 */
class VeltWebhookOptionsTest {

    private static final String EVENTS = "velt:events?executionId=exec-1";
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        context = new DefaultCamelContext();
        // the accepted endpoints' receivers start at once, on this server
        WebhookCalls.serverFor(context);
        // credentials set, so an accepted endpoint starts (without them it refuses to, naming apiKey and authToken)
        VeltComponent velt = new VeltComponent();
        velt.getConfiguration().setApiKey("test-api-key");
        velt.getConfiguration().setAuthToken("test-auth-token");
        context.addComponent("velt", velt);
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private IllegalArgumentException failureOf(String uri) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> context.getEndpoint(uri));
        assertThat(thrown).isInstanceOf(ResolveEndpointFailedException.class);
        assertThat(thrown.getCause()).isInstanceOf(IllegalArgumentException.class);
        return (IllegalArgumentException) thrown.getCause();
    }

    @Test
    void webhookPathNeedsAWebhookSecret() {
        assertThat(failureOf(EVENTS + "&webhookPath=/velt/events").getMessage()).contains("webhookSecret");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 513})
    void webhookSecretMustBe16To512Characters(int length) {
        String secret = "Q".repeat(length);

        IllegalArgumentException failure = failureOf(EVENTS + "&webhookPath=/velt/events&webhookSecret=" + secret);

        assertThat(failure.getMessage()).contains("webhookSecret", "16 to 512").doesNotContain(secret);
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 512})
    void webhookSecretOf16Or512CharactersIsAccepted(int length) {
        VeltEndpoint endpoint = context.getEndpoint(
                EVENTS + "&webhookPath=/velt/events-" + length + "&webhookSecret=" + "s".repeat(length), VeltEndpoint.class);

        assertThat(endpoint.getWebhookReceiver().getPath()).isEqualTo("/velt/events-" + length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"velt/events", "/", "/velt events"})
    void webhookPathMustBeAnHttpPath(String path) {
        assertThat(failureOf(EVENTS + "&webhookPath=" + path + "&webhookSecret=" + "s".repeat(20)).getMessage())
                .contains("webhookPath");
    }

    @Test
    void webhookPathOnlyAppliesToVeltEvents() {
        assertThat(failureOf("velt:getExecution?executionId=exec-1&webhookPath=/velt/events&webhookSecret="
                             + "s".repeat(20))
                .getMessage()).contains("webhookPath", "velt:events");
    }

    @Test
    void reconcileDelayIsADurationDefaulting60Seconds() {
        VeltEndpoint byDefault = context.getEndpoint(EVENTS, VeltEndpoint.class);
        VeltEndpoint set = context.getEndpoint(EVENTS + "&reconcileDelay=5m", VeltEndpoint.class);

        assertThat(byDefault.getConfiguration().getReconcileDelay()).isEqualTo(Duration.ofSeconds(60).toMillis());
        assertThat(set.getConfiguration().getReconcileDelay()).isEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(failureOf(EVENTS + "&reconcileDelay=0").getMessage()).contains("reconcileDelay");
    }

    @Test
    void withoutWebhookPathThereIsNoReceiver() {
        assertThat(context.getEndpoint(EVENTS, VeltEndpoint.class).getWebhookReceiver()).isNull();
    }

    @Test
    void theSecretDoesNotShowInTheEndpointUri() {
        String secret = "whsec_visible_0123456789";

        VeltEndpoint endpoint = context.getEndpoint(EVENTS + "&webhookPath=/velt/events&webhookSecret=" + secret,
                VeltEndpoint.class);

        assertThat(endpoint.getEndpointUri()).doesNotContain(secret);
        assertThat(endpoint.getConfiguration().toString()).doesNotContain(secret);
        assertThatThrownBy(() -> context.getEndpoint(EVENTS + "&webhookPath=/velt/other&webhookSecret=too_short"))
                .hasStackTraceContaining("webhookSecret").hasMessageNotContaining("too_short");
    }

    @Test
    void withoutAnHttpServerTheContextFailsToStartNamingThePath() {
        CamelContext bare = new DefaultCamelContext();
        try {
            bare.getEndpoint(EVENTS + "&webhookPath=/velt/events&webhookSecret=" + "s".repeat(20));

            assertThatThrownBy(bare::start).hasStackTraceContaining("webhookPath /velt/events could not be registered")
                    .hasStackTraceContaining("camel.server.enabled");
        } finally {
            bare.stop();
        }
    }
}
