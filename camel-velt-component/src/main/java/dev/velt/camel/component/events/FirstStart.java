package dev.velt.camel.component.events;

import dev.velt.camel.model.ExecutionView;

/**
 * The consumer's first start (stored with its state, so it survives restarts) and its {@code sinceTime}: what decides
 * whether a terminal execution the consumer meets for the first time is delivered.
 *
 * @param millis the first start, epoch milliseconds, by the component's clock
 * @param sinceTime the {@code sinceTime} option in epoch milliseconds, or null
 */
record FirstStart(long millis, Long sinceTime) {

    /**
     * Whether a terminal execution ended before the first start (then it is not delivered, unless {@code sinceTime}
     * reaches back to its start). It ended at its {@code completedAt} (completed, failed) or {@code cancelledAt}
     * (cancelled); without either its start decides.
     */
    boolean endedBefore(ExecutionView execution) {
        Long started = execution.getStartedAt();
        if (sinceTime != null && started != null && started >= sinceTime) {
            return false;
        }
        Long ended = execution.getCompletedAt() != null ? execution.getCompletedAt() : execution.getCancelledAt();
        if (ended != null) {
            return ended < millis;
        }
        return started == null || started < millis;
    }
}
