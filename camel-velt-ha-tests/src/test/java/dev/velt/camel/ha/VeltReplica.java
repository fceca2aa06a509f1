package dev.velt.camel.ha;

import org.apache.camel.main.Main;

/**
 * One replica of the application, run as its own JVM by the tests: Camel Main with the routes and beans of
 * {@code ha/velt-replica.yaml} (the example of docs/high-availability.md plus a step recording what was processed) and
 * the cluster service of {@code ha/cluster-file-lock.yaml}, or the YAML resources named by {@code velt.routes}.
 * Arguments are {@code key=value} properties, e.g. {@code velt.replica=replica-a-1}. SIGTERM stops it gracefully
 * (Camel Main's shutdown hook); the tests also SIGKILL it.
 */
public final class VeltReplica {

    static final String DEFAULT_ROUTES = "classpath:ha/velt-replica.yaml,classpath:ha/cluster-file-lock.yaml";

    private VeltReplica() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        String routes = DEFAULT_ROUTES;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            String key = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            if (key.equals("velt.routes")) {
                routes = value;
            } else {
                main.addInitialProperty(key, value);
            }
        }
        main.configure().withRoutesIncludePattern(routes);
        main.run();
    }
}
