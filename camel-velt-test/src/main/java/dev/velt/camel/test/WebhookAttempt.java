package dev.velt.camel.test;

/**
 * One webhook POST the simulator made (or, with {@code status} -1, tried to make: the receiver did not answer).
 *
 * @param attempt 0-based, as in {@code x-velt-attempt}
 * @param status the receiver's HTTP status, or -1 when the connection failed or timed out
 */
public record WebhookAttempt(long at, String eventId, String executionId, long seq, String type, int attempt,
        int status) {

    public boolean delivered() {
        return status >= 200 && status < 300;
    }
}
