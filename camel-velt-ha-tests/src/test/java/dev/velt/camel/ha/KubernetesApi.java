package dev.velt.camel.ha;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The Kubernetes API server of the tests: fabric8's mock server in CRUD mode (over plain HTTP), which stores what it is
 * sent (Pods, {@code coordination.k8s.io} Leases) and answers reads and label-selected lists from it, with optimistic
 * locking on {@code resourceVersion} (a PUT based on an old version is answered 409). The test plays the kubelet: it
 * creates each replica's Pod as Running and Ready before launching the replica, and marks it not Ready when it wants
 * the replica's death known ({@link #podNotReady}). Each replica's client sends a User-Agent of its own, so the request
 * log says who asked what.
 */
final class KubernetesApi implements AutoCloseable {

    static final String NAMESPACE = "velt-ha";
    /** The Pods' label, and the {@code clusterLabels} of the replicas' cluster service. */
    static final Map<String, String> LABELS = Map.of("app", "velt-ha");
    private static final String REPLICA_AGENT = "velt-replica/";
    /** The mock server logs every request it serves (java.util.logging, INFO); kept here, so the level sticks. */
    private static final java.util.logging.Logger SERVER_LOG = java.util.logging.Logger.getLogger(
            MockWebServer.class.getName());

    /** A request a replica made: its User-Agent's replica, the HTTP method and the path with its query. */
    record Request(String replica, String method, String path) {
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final List<Request> requests = new ArrayList<>();

    KubernetesApi() {
        SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url()).withNamespace(NAMESPACE).build();
        config.setUserAgent("velt-ha-test");
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    String url() {
        return server.url("/");
    }

    /**
     * The JVM options that point a replica's Kubernetes client at this server, as a pod's environment points it at its
     * cluster's (the client is built by {@code KubernetesClusterService} without a master URL: it configures itself).
     */
    List<String> jvmOptions(String replica) {
        return List.of("-D" + Config.KUBERNETES_MASTER_SYSTEM_PROPERTY + "=" + url(),
                "-D" + Config.KUBERNETES_NAMESPACE_SYSTEM_PROPERTY + "=" + NAMESPACE,
                "-D" + Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY + "=false",
                "-D" + Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY + "=false",
                "-D" + Config.KUBERNETES_USER_AGENT + "=" + REPLICA_AGENT + replica);
    }

    /** What the kubelet reports of a pod whose container runs and passes its readiness probe. */
    void podReady(String name) {
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                .withNewMetadata().withName(name).withLabels(LABELS).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("velt-ha-replica").endContainer().endSpec()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName("app").withReady(true).withNewState().withNewRunning().endRunning()
                .endState().endContainerStatus()
                .endStatus()
                .build()).create();
    }

    /** What the kubelet reports once the pod's container is dead: the pod is no longer Ready. */
    void podNotReady(String name) {
        Pod pod = client.pods().inNamespace(NAMESPACE).withName(name).get();
        pod.getStatus().getConditions().forEach(condition -> condition.setStatus("False"));
        pod.getStatus().getContainerStatuses().forEach(status -> status.setReady(false));
        client.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
    }

    /** The holder of each Lease, by Lease name (only Leases with a holder). */
    Map<String, String> leaseHolders() {
        Map<String, String> holders = new TreeMap<>();
        for (Lease lease : client.leases().inNamespace(NAMESPACE).list().getItems()) {
            if (lease.getSpec() != null && lease.getSpec().getHolderIdentity() != null) {
                holders.put(lease.getMetadata().getName(), lease.getSpec().getHolderIdentity());
            }
        }
        return holders;
    }

    /** Every request the replicas made so far (not the test's own), oldest first. */
    synchronized List<Request> replicaRequests() throws InterruptedException {
        RecordedRequest request;
        while ((request = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
            String agent = request.getHeader("User-Agent");
            if (agent != null && agent.startsWith(REPLICA_AGENT)) {
                requests.add(new Request(agent.substring(REPLICA_AGENT.length()), request.getMethod(), request.getPath()));
            }
        }
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
