package dev.velt.camel.component.consumer;

/**
 * The cap on what one poll costs: the requests it may send to Velt (list pages, {@code getEvents} pages,
 * {@code agents/execution/get}). What is left over waits for the next poll, which begins where this one stopped.
 */
public final class PollBudget {

    /** Requests one poll may send at most. */
    static final int MAX_REQUESTS_PER_POLL = 100;

    private final PollBudget parent;
    private int left;

    public PollBudget(int requests) {
        this(requests, null);
    }

    private PollBudget(int requests, PollBudget parent) {
        this.left = requests;
        this.parent = parent;
    }

    public static PollBudget perPoll() {
        return new PollBudget(MAX_REQUESTS_PER_POLL);
    }

    /** Takes one request from the budget; false when it is spent. */
    public boolean take() {
        if (left <= 0 || (parent != null && !parent.take())) {
            return false;
        }
        left--;
        return true;
    }

    /**
     * A part of this budget for the list scan: at most half of it, so a scan of a crowded window (continued by the next
     * poll) never leaves the executions and runs themselves unread.
     */
    public PollBudget forScan() {
        return new PollBudget(Math.max(1, left / 2), this);
    }

    public boolean spent() {
        return left <= 0;
    }
}
