package dev.velt.camel.component;

import java.nio.file.Path;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.model.ExecutionView;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TLS is verified by default; {@code sslContextParameters} lets users trust their own certificates. */
class VeltTlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;
    private WireMockServer https;
    private CamelContext context;

    @BeforeEach
    void startHttpsStub() throws Exception {
        Path serverStore = dir.resolve("server.p12");
        Path certificate = dir.resolve("server.cer");
        keytool("-genkeypair", "-alias", "velt", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", serverStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "velt", "-keystore", serverStore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "velt", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", dir.resolve("trust.p12").toString(), "-storepass", PASSWORD);
        https = new WireMockServer(wireMockConfig().httpDisabled(true).dynamicHttpsPort()
                .keystorePath(serverStore.toString()).keystoreType("PKCS12")
                .keystorePassword(PASSWORD).keyManagerPassword(PASSWORD));
        https.start();
        https.stubFor(post(urlEqualTo("/v2/workflow/executions/get"))
                .willReturn(okJson("{\"result\":{\"executionId\":\"exec_tls\",\"status\":\"running\",\"steps\":[]}}")));
        context = new DefaultCamelContext();
        VeltComponent velt = new VeltComponent();
        velt.getConfiguration().setApiKey("ak_tls");
        velt.getConfiguration().setAuthToken("tok_tls");
        context.addComponent("velt", velt);
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
        https.stop();
    }

    @Test
    void anUntrustedCertificateIsRefusedByDefault() {
        ProducerTemplate template = context.createProducerTemplate();
        String uri = "velt:getExecution?executionId=exec_tls&maxRetries=0&baseUrl=https://localhost:" + https.httpsPort();

        assertThatThrownBy(() -> template.requestBody(uri, (Object) null))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(VeltApiException.class)
                .cause().isInstanceOf(SSLHandshakeException.class);
        assertThat(https.getAllServeEvents()).isEmpty();
    }

    @Test
    void sslContextParametersTrustTheGivenStore() {
        KeyStoreParameters trustStore = new KeyStoreParameters();
        trustStore.setResource(dir.resolve("trust.p12").toUri().toString());
        trustStore.setType("PKCS12");
        trustStore.setPassword(PASSWORD);
        TrustManagersParameters trustManagers = new TrustManagersParameters();
        trustManagers.setKeyStore(trustStore);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(trustManagers);
        context.getRegistry().bind("veltTls", ssl);

        ExecutionView execution = context.createProducerTemplate().requestBody(
                "velt:getExecution?executionId=exec_tls&sslContextParameters=#veltTls&baseUrl=https://localhost:"
                                                                               + https.httpsPort(),
                null, ExecutionView.class);

        assertThat(execution.getExecutionId()).isEqualTo("exec_tls");
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("keytool %s: %s", args[0], output).isZero();
    }
}
