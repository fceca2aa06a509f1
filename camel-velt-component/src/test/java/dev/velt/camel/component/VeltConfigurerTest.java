package dev.velt.camel.component;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.velt.camel.component.support.Payloads;
import dev.velt.camel.component.support.VeltTestSupport;
import org.apache.camel.CatalogCamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.BeanIntrospection;
import org.apache.camel.spi.EndpointUriFactory;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.PropertyBindingSupport;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated configurers, URI factory and component descriptor are on the classpath, found by Camel and used:
 * options
 * are bound without reflection (Camel's {@link BeanIntrospection} counts every reflective call), and the descriptor
 * marks
 * the credentials secret.
 */
class VeltConfigurerTest extends VeltTestSupport {

    @Test
    void camelFindsTheGeneratedConfigurers() {
        PropertyConfigurer endpointConfigurer = PluginHelper.getConfigurerResolver(context)
                .resolvePropertyConfigurer("velt-endpoint", context);
        PropertyConfigurer componentConfigurer = PluginHelper.getConfigurerResolver(context)
                .resolvePropertyConfigurer("velt-component", context);

        assertInstanceOf(VeltEndpointConfigurer.class, endpointConfigurer);
        assertInstanceOf(VeltComponentConfigurer.class, componentConfigurer);
        VeltComponent component = context.getComponent("velt", VeltComponent.class);
        assertInstanceOf(VeltComponentConfigurer.class, component.getComponentPropertyConfigurer());
        assertInstanceOf(VeltEndpointConfigurer.class, component.getEndpointPropertyConfigurer());
    }

    @Test
    void optionSetThroughTheEndpointConfigurerIsReadBack() {
        VeltEndpoint endpoint = context.getEndpoint("velt:getEvents?executionId=" + EXEC_ID, VeltEndpoint.class);
        PropertyConfigurer configurer = PluginHelper.getConfigurerResolver(context).resolvePropertyConfigurer("velt-endpoint",
                context);

        assertTrue(configurer.configure(context, endpoint, "pageSize", 42, true));
        assertTrue(configurer.configure(context, endpoint, "FETCHALLPAGES", "true", true));
        assertTrue(configurer.configure(context, endpoint, "requestTimeout", "2s", false));

        assertEquals(42, endpoint.getConfiguration().getPageSize());
        assertTrue(endpoint.getConfiguration().isFetchAllPages());
        assertEquals(2000L, endpoint.getConfiguration().getRequestTimeout());
        PropertyConfigurerGetter getter = assertInstanceOf(PropertyConfigurerGetter.class, configurer);
        assertEquals(42, getter.getOptionValue(endpoint, "pageSize", false));
        assertEquals(Integer.class, getter.getOptionType("pageSize", false));
        assertEquals(false, configurer.configure(context, endpoint, "noSuchOption", "x", false));
    }

    @Test
    void endpointOptionsAreBoundWithoutReflection() {
        BeanIntrospection introspection = PluginHelper.getBeanIntrospection(context);
        introspection.resetCounters();

        VeltEndpoint endpoint = context.getEndpoint("velt:listAgentExecutions?agentId=" + AGENT_ID
                                                    + "&documentId=doc_001&organizationId=org_001&pageSize=25"
                                                    + "&fetchAllPages=true&maxRetries=5&retryDelay=250ms&retryMaxDelay=2s"
                                                    + "&connectTimeout=1500&requestTimeout=3s&includeResults=true"
                                                    + "&apiKey=RAW(ak_x)&authToken=RAW(tok_y)&baseUrl=" + VELT.baseUrl(),
                VeltEndpoint.class);

        assertEquals(0, introspection.getInvokedCounter(), "options set through reflection");
        VeltConfiguration config = endpoint.getConfiguration();
        assertEquals(AGENT_ID, config.getAgentId());
        assertEquals("doc_001", config.getDocumentId());
        assertEquals("org_001", config.getOrganizationId());
        assertEquals(25, config.getPageSize());
        assertTrue(config.isFetchAllPages());
        assertEquals(5, config.getMaxRetries());
        assertEquals(250L, config.getRetryDelay());
        assertEquals(2000L, config.getRetryMaxDelay());
        assertEquals(1500L, config.getConnectTimeout());
        assertEquals(3000L, config.getRequestTimeout());
        assertTrue(config.isIncludeResults());
        assertEquals("ak_x", config.getApiKey());
        assertEquals("tok_y", config.getAuthToken());
        assertEquals(VELT.baseUrl(), config.getBaseUrl());

        // the counter does count: an object without a generated configurer is bound by reflection
        VeltConfiguration plain = new VeltConfiguration();
        PropertyBindingSupport.build().bind(context, plain, "pageSize", 7);
        assertEquals(7, plain.getPageSize());
        assertTrue(introspection.getInvokedCounter() > 0);
    }

    /**
     * {@code camel.component.velt.api-key=...} style configuration: camel-main binds such properties onto the component
     * with {@link PropertyBindingSupport} and the component configurer (camel-main itself is not a dependency here).
     */
    @Test
    void componentPropertiesInDashCaseConfigureEveryEndpoint() {
        VeltComponent component = context.getComponent("velt", VeltComponent.class);
        component.getConfiguration().setApiKey(null);
        component.getConfiguration().setAuthToken(null);
        component.getConfiguration().setBaseUrl("http://127.0.0.1:1");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("api-key", "ak_from_properties");
        properties.put("auth-token", "tok_from_properties");
        properties.put("base-url", VELT.baseUrl());
        properties.put("max-retries", "0");
        BeanIntrospection introspection = PluginHelper.getBeanIntrospection(context);
        introspection.resetCounters();

        boolean bound = PropertyBindingSupport.build().withCamelContext(context).withTarget(component)
                .withConfigurer(component.getComponentPropertyConfigurer()).withProperties(properties)
                .withIgnoreCase(true).withRemoveParameters(true).bind();

        assertTrue(bound);
        assertTrue(properties.isEmpty(), () -> "not bound: " + properties);
        assertEquals(0, introspection.getInvokedCounter(), "component options set through reflection");
        stubOk(GET_EXECUTION, "workflow-executions-get.json");

        Exchange exchange = send("velt:getExecution?executionId=" + EXEC_ID);

        assertNull(exchange.getException());
        VELT.verify(exactly(1), veltRequest(GET_EXECUTION, "ak_from_properties", "tok_from_properties"));
    }

    @Test
    void camelFindsTheGeneratedUriFactory() throws Exception {
        EndpointUriFactory factory = PluginHelper.getUriFactoryResolver(context).resolveFactory("velt", context);

        assertInstanceOf(VeltEndpointUriFactory.class, factory);
        assertTrue(factory.secretPropertyNames().contains("apiKey"));
        assertTrue(factory.secretPropertyNames().contains("authToken"));
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("operation", "getEvents");
        options.put("executionId", EXEC_ID);
        options.put("pageSize", 50);
        assertEquals("velt:getEvents?executionId=" + EXEC_ID + "&pageSize=50", factory.buildUri("velt", options, false));
    }

    @Test
    void descriptorOnTheClasspathMarksTheCredentialsSecret() throws Exception {
        JsonNode descriptor;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/dev/velt/camel/component/velt.json")) {
            assertNotNull(in, "META-INF/dev/velt/camel/component/velt.json is on the classpath");
            descriptor = Payloads.MAPPER.readTree(in);
        }

        assertEquals("velt", descriptor.at("/component/scheme").asText());
        assertEquals("velt:operation", descriptor.at("/component/syntax").asText());
        for (String group : new String[]{"componentProperties", "properties"}) {
            for (String secret : new String[]{"apiKey", "authToken"}) {
                assertTrue(descriptor.path(group).path(secret).path("secret").asBoolean(false),
                        group + "." + secret + " is secret");
            }
            assertEquals(false, descriptor.path(group).path("baseUrl").path("secret").asBoolean(true));
            assertEquals("https://api.velt.dev", descriptor.path(group).path("baseUrl").path("defaultValue").asText());
            assertEquals(3, descriptor.path(group).path("maxRetries").path("defaultValue").asInt());
        }
        // Camel itself finds it through the component's service file
        String fromCamel = assertInstanceOf(CatalogCamelContext.class, context).getComponentParameterJsonSchema("velt");
        assertNotNull(fromCamel);
        assertEquals(descriptor, Payloads.json(fromCamel));
    }
}
