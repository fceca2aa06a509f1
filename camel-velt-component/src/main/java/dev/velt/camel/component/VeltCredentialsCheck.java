package dev.velt.camel.component;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.spi.ClassResolver;
import org.apache.camel.util.ObjectHelper;

/**
 * Refuses to start an endpoint that would call Velt without an API key or an auth token, before any request, with a
 * message that names the missing options and the properties that set them. In a Spring Boot application that has the
 * plain component but not the starter, it also says why {@code camel.component.velt.*} had no effect.
 */
final class VeltCredentialsCheck {

    static final String SPRING_BOOT_CLASS = "org.springframework.boot.SpringApplication";
    static final String STARTER_CLASS = "dev.velt.camel.springboot.VeltComponentAutoConfiguration";

    private VeltCredentialsCheck() {
    }

    static void check(VeltOperation operation, VeltConfiguration config, ClassResolver classes) {
        List<String> missing = new ArrayList<>();
        List<String> properties = new ArrayList<>();
        if (ObjectHelper.isEmpty(config.getApiKey())) {
            missing.add("apiKey");
            properties.add("camel.component.velt.api-key={{env:VELT_API_KEY}}");
        }
        if (ObjectHelper.isEmpty(config.getAuthToken())) {
            missing.add("authToken");
            properties.add("camel.component.velt.auth-token={{env:VELT_AUTH_TOKEN}}");
        }
        if (missing.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("velt:").append(operation).append(" cannot call Velt: ")
                .append(String.join(" and ", missing)).append(missing.size() == 1 ? " is" : " are")
                .append(" not set. Set ").append(missing.size() == 1 ? "it" : "them")
                .append(" on the component (").append(String.join(", ", properties))
                .append(") or as endpoint option").append(missing.size() == 1 ? " " : "s ")
                .append(String.join(" and ", missing)).append('.');
        if (isPresent(classes, SPRING_BOOT_CLASS) && !isPresent(classes, STARTER_CLASS)) {
            message.append(" This is a Spring Boot application without camel-velt-spring-boot-starter: Camel Spring Boot"
                           + " applies camel.component.velt.* properties only to components that ship a starter, so"
                           + " use the dependency camel-velt-spring-boot-starter instead of camel-velt-component.");
        }
        throw new IllegalArgumentException(message.toString());
    }

    private static boolean isPresent(ClassResolver classes, String name) {
        return classes.resolveClass(name) != null;
    }
}
