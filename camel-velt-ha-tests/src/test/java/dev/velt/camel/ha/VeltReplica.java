package dev.velt.camel.ha;

import org.apache.camel.main.Main;

/**
 * One replica of the application, run as its own JVM by the tests: Camel Main with the routes and beans of
 * {@code ha/velt-replica.yaml} (the example of docs/high-availability.md plus a step recording what was processed).
 * Arguments are {@code key=value} properties, e.g. {@code velt.replica=replica-a-1}. SIGTERM stops it gracefully
 * (Camel Main's shutdown hook); the tests also SIGKILL it.
 */
public final class VeltReplica {

    private VeltReplica() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.configure().withRoutesIncludePattern("classpath:ha/velt-replica.yaml");
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            main.addInitialProperty(arg.substring(0, eq), arg.substring(eq + 1));
        }
        main.run();
    }
}
