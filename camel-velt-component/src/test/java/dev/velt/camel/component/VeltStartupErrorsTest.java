package dev.velt.camel.component;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.velt.camel.component.support.LogCapture;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.engine.DefaultClassResolver;
import org.apache.camel.main.Main;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The mistakes of a new user's first hour, reported at start-up in words that say what to fix, before any request:
 * missing credentials, a misspelled endpoint parameter, a misspelled component property; and a consumer that cannot
 * start says why, and nothing else.
 */
class VeltStartupErrorsTest {

    private WireMockServer velt;
    private CamelContext context;

    @BeforeEach
    void startStub() {
        velt = new WireMockServer(wireMockConfig().dynamicPort());
        velt.start();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
        velt.stop();
    }

    @Test
    void aConsumerWithoutCredentialsFailsAtStartNamingBothOptionsAndTheirProperties() {
        context = contextWith(null, null);

        assertThatThrownBy(() -> start("velt:events?executionId=exec_1&initialDelay=0"))
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apiKey and authToken are not set")
                .hasMessageContaining("camel.component.velt.api-key={{env:VELT_API_KEY}}")
                .hasMessageContaining("camel.component.velt.auth-token={{env:VELT_AUTH_TOKEN}}")
                .message().doesNotContain("Spring Boot");
        assertThat(velt.getAllServeEvents()).isEmpty();
    }

    @Test
    void aProducerWithoutAuthTokenFailsAtStartNamingIt() {
        context = contextWith("ak_only_a_key", null);

        assertThatThrownBy(() -> start("velt:getExecution?executionId=exec_1", "direct:get"))
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("velt:getExecution cannot call Velt: authToken is not set")
                .hasMessageContaining("camel.component.velt.auth-token")
                .message().doesNotContain("apiKey").doesNotContain("ak_only_a_key");
        assertThat(velt.getAllServeEvents()).isEmpty();
    }

    @Test
    void inSpringBootWithoutTheStarterTheErrorSaysThePropertiesNeedTheStarter() {
        context = contextWith(null, null);
        // the application's classpath has Spring Boot but not camel-velt-spring-boot-starter
        context.setClassResolver(new DefaultClassResolver(context) {

            @Override
            public Class<?> resolveClass(String name) {
                return VeltCredentialsCheck.SPRING_BOOT_CLASS.equals(name) ? Object.class : super.resolveClass(name);
            }
        });

        assertThatThrownBy(() -> start("velt:events?executionId=exec_1&initialDelay=0"))
                .rootCause()
                .hasMessageContaining("apiKey and authToken are not set")
                .hasMessageContaining("Spring Boot application without camel-velt-spring-boot-starter")
                .hasMessageContaining("use the dependency camel-velt-spring-boot-starter instead of camel-velt-component");
        assertThat(velt.getAllServeEvents()).isEmpty();
    }

    @Test
    void aMisspelledEndpointParameterIsReportedByNameBeforeOurOwnChecks() {
        context = contextWith("ak_key", "tok_token");

        assertThatThrownBy(() -> start("velt:events?definitonId=marketing-copy-approval"))
                .hasMessageContaining("Unknown parameters=[{definitonId=marketing-copy-approval}]")
                .rootCause().message().doesNotContain("needs executionId");
        assertThat(velt.getAllServeEvents()).isEmpty();
    }

    @Test
    void aMisspelledComponentPropertyInCamelMainIsNamedInTheFirstLine() {
        Main main = new Main();
        main.addInitialProperty("camel.component.velt.base-uri", velt.baseUrl());
        main.addInitialProperty("camel.component.velt.api-key", "ak_key");
        main.addInitialProperty("camel.component.velt.auth-token", "tok_token");
        main.configure().addRoutesBuilder(new RouteBuilder() {

            @Override
            public void configure() {
                from("velt:events?executionId=exec_1&initialDelay=0").to("log:event");
            }
        });

        try {
            assertThatThrownBy(main::start)
                    .message().startsWith("Error binding property (camel.component.velt.baseUri=")
                    .contains("on bean: " + VeltComponent.class.getName());
        } finally {
            main.stop();
        }
        assertThat(velt.getAllServeEvents()).isEmpty();
    }

    @Test
    void anUnsetEnvironmentVariableForTheApiKeyIsNamedWithItsPropertyInTheFirstLine() {
        Main main = mainWith("camel.component.velt.api-key", "{{env:VELT_TEST_UNSET_API_KEY}}");

        try {
            assertThatThrownBy(main::start).satisfies(e -> assertThat(e.toString().lines().findFirst().orElseThrow())
                    .contains("camel.component.velt.api-key")
                    .contains("environment variable VELT_TEST_UNSET_API_KEY is not set")
                    .doesNotContain("Cannot auto create component"));
        } finally {
            main.stop();
        }
        assertThat(velt.getAllServeEvents()).isEmpty();
    }

    @Test
    void anUnsetEnvironmentVariableForTheWebhookSecretIsNamedWithItsPropertyInTheFirstLine() {
        Main main = mainWith("camel.component.velt.webhook-secret", "{{env:VELT_TEST_UNSET_WEBHOOK_SECRET}}");

        try {
            assertThatThrownBy(main::start).satisfies(e -> assertThat(e.toString().lines().findFirst().orElseThrow())
                    .contains("camel.component.velt.webhook-secret")
                    .contains("environment variable VELT_TEST_UNSET_WEBHOOK_SECRET is not set")
                    .doesNotContain("Cannot auto create component"));
        } finally {
            main.stop();
        }
    }

    /** A Camel Main with the component configured by properties, as the docs show, and one more property. */
    private Main mainWith(String property, String value) {
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("false");
        main.addInitialProperty("camel.component.velt.base-url", velt.baseUrl());
        main.addInitialProperty("camel.component.velt.api-key", "ak_key");
        main.addInitialProperty("camel.component.velt.auth-token", "tok_token");
        main.addInitialProperty(property, value);
        main.configure().addRoutesBuilder(new RouteBuilder() {

            @Override
            public void configure() {
                from("velt:events?executionId=exec_1&initialDelay=0").to("log:event");
            }
        });
        return main;
    }

    @Test
    void aConsumerWithoutCredentialsStopsQuietlyAfterSayingWhy() throws Exception {
        context = contextWith(null, null);

        assertStartFailsQuietly("velt:events?definitionId=def_1&initialDelay=0", "apiKey and authToken are not set");
    }

    @Test
    void aConsumerWhoseStateRepositoryIsDownStopsQuietlyAfterSayingWhy() throws Exception {
        context = contextWith("ak_test", "at_test");
        context.getRegistry().bind("downRepository", new MemoryStateRepository() {

            @Override
            public String getState(String key) {
                throw new IllegalStateException("state database down");
            }
        });

        assertStartFailsQuietly("velt:events?definitionId=def_1&stateRepository=#downRepository&initialDelay=0",
                "state database down");
    }

    /** The start fails with the cause in its message; stopping what started logs no error of its own. */
    private void assertStartFailsQuietly(String consumerUri, String cause) throws Exception {
        try (LogCapture camelLogs = new LogCapture("org.apache.camel", Level.WARN);
                LogCapture veltLogs = new LogCapture("dev.velt.camel", Level.WARN)) {
            assertThatThrownBy(() -> start(consumerUri)).hasMessageContaining(cause);
            context.stop();

            List<String> logged = new ArrayList<>(camelLogs.linesWithCauses());
            logged.addAll(veltLogs.linesWithCauses());
            assertThat(logged).noneMatch(line -> line.contains("NullPointerException"))
                    .noneMatch(line -> line.contains("Error occurred while shutting down service"));
        }
        assertThat(velt.getAllServeEvents()).isEmpty();
    }

    private CamelContext contextWith(String apiKey, String authToken) {
        CamelContext camel = new DefaultCamelContext();
        VeltComponent component = new VeltComponent();
        component.getConfiguration().setBaseUrl(velt.baseUrl());
        component.getConfiguration().setApiKey(apiKey);
        component.getConfiguration().setAuthToken(authToken);
        camel.addComponent("velt", component);
        return camel;
    }

    private void start(String consumerUri) throws Exception {
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                from(consumerUri).to("log:event");
            }
        });
        context.start();
    }

    private void start(String producerUri, String from) throws Exception {
        context.addRoutes(new RouteBuilder() {

            @Override
            public void configure() {
                from(from).to(producerUri);
            }
        });
        context.start();
    }
}
