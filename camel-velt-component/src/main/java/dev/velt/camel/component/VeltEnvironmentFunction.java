package dev.velt.camel.component;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesFunction;

/**
 * Camel's {@code env} properties function, as it is, except for one message: when a {@code camel.component.velt.*}
 * property is an {@code {{env:NAME}}} placeholder and {@code NAME} is not set, the failure names that property and the
 * variable ("camel.component.velt.api-key = {{env:VELT_API_KEY}}: the environment variable VELT_API_KEY is not set")
 * instead of Camel's "Property with key [env:VELT_API_KEY] using function [env] returned null value". Every other
 * lookup, and every placeholder outside the component's properties, is answered by the function it wraps. The message
 * shows placeholders only, never a value.
 */
final class VeltEnvironmentFunction implements PropertiesFunction {

    static final String PREFIX = "camel.component.velt.";

    private final PropertiesFunction env;
    private final PropertiesComponent properties;

    private VeltEnvironmentFunction(PropertiesFunction env, PropertiesComponent properties) {
        this.env = env;
        this.properties = properties;
    }

    /** Wraps the context's {@code env} function once; does nothing where there is none. */
    static void install(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        PropertiesFunction env = properties.getPropertiesFunction("env");
        if (env != null && !(env instanceof VeltEnvironmentFunction)) {
            properties.addPropertiesFunction(new VeltEnvironmentFunction(env, properties));
        }
    }

    @Override
    public String getName() {
        return env.getName();
    }

    @Override
    public String apply(String remainder) {
        String value = env.apply(remainder);
        if (value == null && remainder != null && !remainder.contains(":")) {
            String placeholder = "{{env:" + remainder + "}}";
            Map<String, String> naming = new TreeMap<>();
            Properties raw = properties.loadProperties(key -> key.startsWith(PREFIX));
            for (String key : raw.stringPropertyNames()) {
                if (raw.getProperty(key).contains(placeholder)) {
                    naming.put(key, placeholder);
                }
            }
            if (!naming.isEmpty()) {
                throw new IllegalArgumentException(message(List.copyOf(naming.keySet()), placeholder, remainder));
            }
        }
        return value;
    }

    static String message(List<String> properties, String placeholder, String variable) {
        return String.join(", ", properties) + " = " + placeholder + ": the environment variable " + variable
               + " is not set. Set it before starting the application, or give the property a value or a default"
               + " ({{env:" + variable + ":default}}).";
    }

    @Override
    public boolean lookupFirst(String remainder) {
        return env.lookupFirst(remainder);
    }

    @Override
    public boolean optional(String remainder) {
        return env.optional(remainder);
    }
}
