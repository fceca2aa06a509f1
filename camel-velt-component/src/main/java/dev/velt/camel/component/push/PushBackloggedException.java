package dev.velt.camel.component.push;

/**
 * A push that could not be recorded for the consumer of its shard because too many recorded pushes wait for it:
 * answered 503 so that Velt retries later.
 */
public final class PushBackloggedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public PushBackloggedException(String message) {
        super(message, null);
    }
}
