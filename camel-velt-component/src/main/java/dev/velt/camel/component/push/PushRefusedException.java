package dev.velt.camel.component.push;

/**
 * A push that the consumer does not take now (not started, suspended or stopping): answered 503 so that Velt retries.
 */
public final class PushRefusedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public PushRefusedException() {
        super("velt:events consumer not running", null);
    }
}
