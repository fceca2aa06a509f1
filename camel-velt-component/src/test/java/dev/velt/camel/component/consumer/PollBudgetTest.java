package dev.velt.camel.component.consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PollBudget}: the cap on the requests one poll sends, and the scan's part of it.
 */
class PollBudgetTest {

    private static int takeAll(PollBudget budget) {
        int taken = 0;
        while (budget.take()) {
            taken++;
        }
        return taken;
    }

    @Test
    void aBudgetGivesExactlyItsRequests() {
        PollBudget budget = new PollBudget(3);

        assertThat(budget.spent()).isFalse();
        assertThat(takeAll(budget)).isEqualTo(3);
        assertThat(budget.spent()).isTrue();
        assertThat(budget.take()).as("stays spent").isFalse();
    }

    @Test
    void aPollMaySendAHundredRequests() {
        assertThat(takeAll(PollBudget.perPoll())).isEqualTo(PollBudget.MAX_REQUESTS_PER_POLL).isEqualTo(100);
    }

    @Test
    void anEmptyBudgetIsSpentFromTheStart() {
        PollBudget budget = new PollBudget(0);

        assertThat(budget.spent()).isTrue();
        assertThat(budget.take()).isFalse();
    }

    @Test
    void aNegativeBudgetGivesNothing() {
        PollBudget budget = new PollBudget(-2);

        assertThat(budget.take()).isFalse();
        assertThat(budget.spent()).isTrue();
    }

    @Test
    void theScanGetsHalfOfWhatIsLeft() {
        PollBudget poll = new PollBudget(100);
        poll.take();
        poll.take();

        assertThat(takeAll(poll.forScan())).isEqualTo(49);
        assertThat(takeAll(poll)).as("the other half is left for the items").isEqualTo(49);
    }

    @Test
    void whatTheScanTakesIsTakenFromThePoll() {
        PollBudget poll = new PollBudget(10);
        PollBudget scan = poll.forScan();

        scan.take();
        scan.take();

        assertThat(takeAll(poll)).isEqualTo(8);
    }

    @Test
    void theScanGetsOneRequestEvenWhenOnlyOneIsLeft() {
        PollBudget poll = new PollBudget(1);

        PollBudget scan = poll.forScan();

        assertThat(takeAll(scan)).isEqualTo(1);
        assertThat(poll.spent()).isTrue();
    }

    @Test
    void theScanOfASpentPollGetsNothing() {
        PollBudget poll = new PollBudget(2);
        takeAll(poll);

        PollBudget scan = poll.forScan();

        assertThat(scan.take()).isFalse();
        assertThat(scan.spent()).as("its own share is untouched, the poll's is spent").isFalse();
    }

    @Test
    void theScanStopsWhenThePollIsSpentByOthers() {
        PollBudget poll = new PollBudget(10);
        PollBudget scan = poll.forScan();
        takeAll(poll);

        assertThat(scan.take()).isFalse();
    }

    @Test
    void aSpentScanDoesNotTakeFromThePoll() {
        PollBudget poll = new PollBudget(4);
        PollBudget scan = poll.forScan();
        takeAll(scan);

        assertThat(scan.take()).isFalse();
        assertThat(takeAll(poll)).isEqualTo(2);
    }
}
