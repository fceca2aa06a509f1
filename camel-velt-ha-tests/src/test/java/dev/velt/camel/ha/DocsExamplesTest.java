package dev.velt.camel.ha;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import dev.velt.camel.component.VeltEndpoint;
import dev.velt.camel.state.jdbc.JdbcStateRepository;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.PropertiesFunction;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The YAML examples of docs/high-availability.md load as written: their beans bind with the documented properties
 * (the Kubernetes cluster service too, without a cluster: nothing is started), and their {@code velt:} endpoints accept
 * the documented options. The file-lock example also runs, in {@code ha/velt-replica.yaml}, in the failover tests.
 */
class DocsExamplesTest {

    @Test
    void fileLockExampleBindsItsBeansAndVeltEndpoints() throws Exception {
        try (CamelContext context = load(HaDocs.yamlBlock("- beans:\n    # the shared database"))) {
            HikariDataSource dataSource = context.getRegistry().lookupByNameAndType("veltDataSource", HikariDataSource.class);
            assertEquals("jdbc:postgresql://db:5432/integration", dataSource.getJdbcUrl());
            assertEquals(4, dataSource.getMaximumPoolSize());

            JdbcStateRepository state = context.getRegistry().lookupByNameAndType("veltState", JdbcStateRepository.class);
            assertSame(dataSource, state.getDataSource());
            assertEquals("orders-app", state.getNamespace());
            assertEquals("velt_state", state.getTableName());

            FileLockClusterService cluster = context.getRegistry().lookupByNameAndType("veltClusterService",
                    FileLockClusterService.class);
            assertEquals("/var/lib/orders-app/cluster", cluster.getRoot());
            assertEquals(2, cluster.getAcquireLockInterval());
            assertEquals(3, cluster.getHeartbeatTimeoutMultiplier());

            List<RouteDefinition> routes = ((ModelCamelContext) context).getRouteDefinitions();
            assertEquals(List.of("velt-events", "velt-agent-runs"), routes.stream().map(RouteDefinition::getRouteId).toList());
            for (RouteDefinition route : routes) {
                String uri = route.getInput().getEndpointUri();
                assertTrue(uri.startsWith("master:velt:velt:"), uri);
                // the delegated endpoint, as master: creates it: options valid, the repository bean resolved
                VeltEndpoint velt = (VeltEndpoint) context.getEndpoint(uri.substring("master:velt:".length()));
                assertSame(state, velt.getConfiguration().getStateRepository());
            }
        }
    }

    @Test
    void kubernetesExampleBindsALeaseBasedClusterService() throws Exception {
        try (CamelContext context = load(HaDocs.yamlBlock("KubernetesClusterService"))) {
            KubernetesClusterService cluster = context.getRegistry().lookupByNameAndType("veltClusterService",
                    KubernetesClusterService.class);
            assertEquals(LeaseResourceType.Lease, cluster.getLeaseResourceType());
            assertEquals("orders-app", cluster.getKubernetesResourceName());
            assertEquals("orders-app-0", cluster.getPodName());
            assertEquals("integration", cluster.getKubernetesResourcesNamespace());
            assertEquals(Map.of("app", "orders-app"), cluster.getClusterLabels());
            assertEquals(15000, cluster.getLeaseDurationMillis());
            assertEquals(10000, cluster.getRenewDeadlineMillis());
            assertEquals(2000, cluster.getRetryPeriodMillis());
        }
    }

    /** A not started CamelContext with the block's beans and routes loaded, placeholders as a deployment sets them. */
    private static CamelContext load(String yaml) throws Exception {
        CamelContext context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.put("velt.state.jdbc-url", "jdbc:postgresql://db:5432/integration");
        properties.put("velt.state.username", "app");
        properties.put("velt.state.password", "secret");
        properties.put("velt.cluster.root", "/var/lib/orders-app/cluster");
        properties.put("velt.definition-id", "def_onboarding");
        properties.put("velt.agent-id", "agent_1");
        properties.put("velt.since-time", "2026-01-01T00:00:00Z");
        context.getPropertiesComponent().setInitialProperties(properties);
        Map<String, String> env = Map.of("POD_NAME", "orders-app-0", "POD_NAMESPACE", "integration");
        context.getPropertiesComponent().addPropertiesFunction(new PropertiesFunction() {

            @Override
            public String getName() {
                return "env";
            }

            @Override
            public String apply(String remainder) {
                return env.get(remainder);
            }
        });
        context.build();
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("example.yaml", yaml));
        return context;
    }

}
