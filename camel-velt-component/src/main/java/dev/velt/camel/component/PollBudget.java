package dev.velt.camel.component;

/**
 * The cap on what one poll costs: the requests it may send to Velt (list pages, {@code getEvents} pages,
 * {@code agents/execution/get}). What is left over waits for the next poll, which begins where this one stopped.
 */
final class PollBudget {

    /** Requests one poll may send at most. */
    static final int MAX_REQUESTS_PER_POLL = 100;

    private int left;

    PollBudget(int requests) {
        this.left = requests;
    }

    static PollBudget perPoll() {
        return new PollBudget(MAX_REQUESTS_PER_POLL);
    }

    /** Takes one request from the budget; false when it is spent. */
    boolean take() {
        if (left <= 0) {
            return false;
        }
        left--;
        return true;
    }

    boolean spent() {
        return left <= 0;
    }
}
