package dev.velt.camel.springboot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    @Bean
    ComponentCustomizer veltComponentCustomizer(Environment environment) {
        Map<String, String> properties = Binder.get(environment)
                .bind(PREFIX, Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        rejectUnknownOptions(properties);
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
