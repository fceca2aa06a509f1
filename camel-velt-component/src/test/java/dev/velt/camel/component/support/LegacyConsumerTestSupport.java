package dev.velt.camel.component.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.velt.camel.component.VeltComponent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** A WireMock server backed by {@link FakeVelt} and real CamelContexts running consumer routes against it. */
public abstract class LegacyConsumerTestSupport {

    public static final String API_KEY = "ak_test_key";
    public static final String AUTH_TOKEN = "tok_test_token";

    protected FakeVelt velt;
    protected WireMockServer wireMock;
    private final List<CamelContext> contexts = new ArrayList<>();

    @BeforeEach
    void startVelt() {
        velt = new FakeVelt();
        WireMockConfiguration options = wireMockConfig().dynamicPort().extensions(velt);
        if (!keepRequestJournal()) {
            options.disableRequestJournal();
        }
        wireMock = new WireMockServer(options);
        wireMock.start();
        wireMock.stubFor(post(urlPathMatching("/v2/.*")).atPriority(10)
                .willReturn(aResponse().withTransformers(FakeVelt.NAME)));
    }

    /**
     * Whether WireMock keeps every request and response for {@code verify}/{@code findAll}; tests sending thousands of
     * requests turn it off and count with a {@link FaultInjector} instead.
     */
    protected boolean keepRequestJournal() {
        return true;
    }

    @AfterEach
    void stopAll() throws Exception {
        for (CamelContext context : contexts) {
            context.stop();
        }
        wireMock.stop();
    }

    /** Starts a CamelContext whose velt component points at the fake, with one route from {@code uri} to {@code processor}. */
    protected CamelContext startRoute(String uri, Processor processor) throws Exception {
        return startRoute(uri, processor, context -> {
        });
    }

    /** As {@link #startRoute(String, Processor)}, letting {@code setup} bind beans before the context starts. */
    protected CamelContext startRoute(String uri, Processor processor, Consumer<CamelContext> setup) throws Exception {
        CamelContext context = new DefaultCamelContext();
        setup.accept(context);
        configure(context);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from(uri).routeId("consumer").process(processor);
            }
        });
        context.start();
        contexts.add(context);
        return context;
    }

    /** Adds a velt component pointing at the fake, retrying fast. */
    protected void configure(CamelContext context) {
        VeltComponent velt = new VeltComponent();
        velt.getConfiguration().setBaseUrl(wireMock.baseUrl());
        velt.getConfiguration().setApiKey(API_KEY);
        velt.getConfiguration().setAuthToken(AUTH_TOKEN);
        velt.getConfiguration().setRetryDelay(1);
        velt.getConfiguration().setRetryMaxDelay(20);
        context.addComponent("velt", velt);
    }

    protected void stop(CamelContext context) throws Exception {
        context.stop();
        contexts.remove(context);
    }

    /** A consumer URI option string with fast polling for tests. */
    protected static String fast() {
        return "initialDelay=0&delay=20";
    }
}
