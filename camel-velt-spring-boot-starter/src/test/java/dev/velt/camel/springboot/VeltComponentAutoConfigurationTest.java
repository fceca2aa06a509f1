package dev.velt.camel.springboot;

import org.apache.camel.spi.ComponentCustomizer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter's binding of {@code camel.component.velt.*}: a misspelled property is named in the first line. */
class VeltComponentAutoConfigurationTest {

    private final ApplicationContextRunner application = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VeltComponentAutoConfiguration.class));

    @Test
    void aMisspelledPropertyFailsTheStartNamingIt() {
        application.withPropertyValues("camel.component.velt.api-key=ak", "camel.component.velt.base-uri=http://localhost:1")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure().getMessage().lines().findFirst().orElseThrow())
                            .contains("camel.component.velt.base-uri is not an option of the velt component");
                });
    }

    @Test
    void knownPropertiesInAnySpellingSpringAcceptsAreBound() {
        application.withPropertyValues("camel.component.velt.api-key=ak", "camel.component.velt.baseUrl=http://localhost:1",
                "camel.component.velt.max-retries=5")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ComponentCustomizer.class));
    }

    @Test
    void anUnsetEnvironmentVariableIsNamedWithItsPropertyInTheFirstLine() {
        application.withPropertyValues("camel.component.velt.api-key=ak",
                "camel.component.velt.webhook-secret={{env:VELT_TEST_UNSET_WEBHOOK_SECRET}}")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure().getMessage().lines().findFirst().orElseThrow())
                            .contains("camel.component.velt.webhook-secret = {{env:VELT_TEST_UNSET_WEBHOOK_SECRET}}:"
                                      + " the environment variable VELT_TEST_UNSET_WEBHOOK_SECRET is not set")
                            .doesNotContain("Cannot auto create component");
                });
    }

    @Test
    void aPlaceholderWithADefaultOrASetVariableIsLeftToCamel() {
        application.withPropertyValues("camel.component.velt.api-key={{env:VELT_TEST_UNSET_API_KEY:ak_default}}",
                "camel.component.velt.base-url={{env:PATH}}")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
