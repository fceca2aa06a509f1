package dev.velt.camel.springboot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.velt.camel.component.VeltComponent;
import dev.velt.camel.component.VeltComponentConfigurer;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.util.StringHelper;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Applies the {@code camel.component.velt.*} properties of the Spring environment (application.yaml, environment
 * variables, test properties) to the {@code velt} component.
 * <p>
 * Camel Spring Boot binds {@code camel.component.<name>.*} only for components that ship a starter; this is that
 * starter's auto-configuration. Like Camel's own starters it uses a {@link ComponentCustomizer}, and it binds through
 * Camel's property binding with the component's generated configurer, so every component option works, with Camel's
 * conversions ({@code 5s} durations, {@code #bean:name} references) and an error for an unknown option.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@ConditionalOnClass(VeltComponent.class)
public class VeltComponentAutoConfiguration {

    static final String PREFIX = "camel.component.velt";
    /** {@code {{env:NAME}}} without a default ({@code {{env:NAME:default}}}); not the optional {@code {{?env:NAME}}}. */
    private static final Pattern REQUIRED_ENV = Pattern.compile("\\{\\{env:([A-Za-z0-9_.-]+)}}");

    @Bean
    ComponentCustomizer veltComponentCustomizer(Environment environment) {
        Map<String, String> properties = Binder.get(environment)
                .bind(PREFIX, Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        rejectUnknownOptions(properties);
        rejectUnsetEnvironmentVariables(properties, System::getenv);
        return ComponentCustomizer.forType(VeltComponent.class, component -> {
            Map<String, Object> options = new LinkedHashMap<>();
            properties.forEach((name, value) -> options.put(StringHelper.dashToCamelCase(name), value));
            PropertyBindingSupport.build()
                    .withCamelContext(component.getCamelContext())
                    .withTarget(component)
                    .withProperties(options)
                    .withMandatory(true)
                    .withIgnoreCase(true)
                    .bind();
        });
    }

    /**
     * Fails while the application context is created, naming each property whose value is an {@code {{env:NAME}}}
     * placeholder (no default) while {@code NAME} is not set, with the variable: resolved later, inside the customizer,
     * the failure would read "Cannot auto create component: velt" with the variable six causes down. The message
     * shows the placeholder, never a value.
     */
    static void rejectUnsetEnvironmentVariables(Map<String, String> properties, UnaryOperator<String> environment) {
        List<String> unset = new ArrayList<>();
        properties.forEach((name, value) -> {
            Matcher placeholder = REQUIRED_ENV.matcher(value == null ? "" : value);
            while (placeholder.find()) {
                String variable = placeholder.group(1);
                if (environment.apply(variable) == null
                        && environment.apply(variable.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')) == null) {
                    unset.add(PREFIX + "." + name + " = " + placeholder.group() + ": the environment variable " + variable
                              + " is not set");
                }
            }
        });
        if (!unset.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", unset) + ". Set it before starting the application, or"
                                               + " give the property a value or a default ({{env:NAME:default}}).");
        }
    }

    /**
     * Fails while the application context is created, naming each property that is not a velt component option, so
     * the first line of the start-up failure says which property is misspelled (a failure inside the customizer would
     * surface as "Cannot auto create component: velt" with the property several causes down).
     */
    static void rejectUnknownOptions(Map<String, String> properties) {
        VeltComponentConfigurer options = new VeltComponentConfigurer();
        List<String> unknown = properties.keySet().stream()
                .filter(name -> options.getOptionType(StringHelper.dashToCamelCase(name.split("\\.", 2)[0]), true) == null)
                .map(name -> PREFIX + "." + name)
                .sorted()
                .toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    String.join(", ", unknown) + (unknown.size() == 1 ? " is not an option" : " are not options")
                                               + " of the velt component (its options include api-key, auth-token, base-url,"
                                               + " max-retries, connect-timeout, request-timeout)");
        }
    }
}
