package dev.velt.camel.component.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.velt.camel.component.consumer.PollBudget;
import dev.velt.camel.component.consumer.ScanWindow.Listing;
import dev.velt.camel.model.ExecutionView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * The rules of {@link LiveListing}: both live lists, page by page, resumable across budgets.
 */
class LiveListingTest {

    private static final long UNDATED = 4_242L;

    /** Pages per status, keyed by cursor (null: the first); records what was asked as "status:cursor". */
    private final Map<String, Map<String, Listing<ExecutionView>>> pages = new HashMap<>();
    private final List<String> asked = new ArrayList<>();
    private final List<String> found = new ArrayList<>();
    private final LiveListing listing = new LiveListing(status -> cursor -> {
        asked.add(status + ":" + cursor);
        return pages.getOrDefault(status, new HashMap<>()).getOrDefault(cursor, new Listing<>(List.of(), null));
    }, () -> UNDATED);

    private static ExecutionView execution(String id, Long startedAt) {
        ExecutionView execution = new ExecutionView();
        execution.setExecutionId(id);
        execution.setStartedAt(startedAt);
        return execution;
    }

    private void page(String status, String cursor, String next, ExecutionView... executions) {
        pages.computeIfAbsent(status, s -> new HashMap<>()).put(cursor, new Listing<>(List.of(executions), next));
    }

    private boolean readOn(int budget) {
        return listing.readOn(new PollBudget(budget), e -> found.add(e.getExecutionId()));
    }

    @Test
    void readsTheRunningListThenThePendingListPageByPage() {
        page("running", null, "r1", execution("a", 3L));
        page("running", "r1", null, execution("b", 2L));
        page("pending", null, "q1", execution("c", null));
        page("pending", "q1", null, execution("d", null));

        assertThat(readOn(100)).isTrue();

        assertThat(asked).containsExactly("running:null", "running:r1", "pending:null", "pending:q1");
        assertThat(found).containsExactly("a", "b", "c", "d");
        assertThat(listing.done()).isTrue();
        assertThat(listing.inProgress()).isFalse();
    }

    @Test
    void theLiveExecutionsAreKeptWithTheirStartOrTheUndatedStart() {
        page("running", null, null, execution("a", 3L));
        page("pending", null, null, execution("p", null));

        readOn(100);

        assertThat(listing.open()).containsExactly(entry("a", 3L), entry("p", UNDATED));
    }

    @Test
    void anExecutionWithoutIdIsSkipped() {
        page("running", null, null, execution(null, 3L), execution("a", 4L));

        readOn(100);

        assertThat(found).containsExactly("a");
        assertThat(listing.open()).containsOnlyKeys("a");
    }

    @Test
    void aListingThatRunsOutOfBudgetResumesAtThePageItStoppedAt() {
        page("running", null, "r1", execution("a", 3L));
        page("running", "r1", null, execution("b", 2L));
        page("pending", null, null, execution("c", null));

        assertThat(readOn(1)).isFalse();
        assertThat(listing.inProgress()).isTrue();
        assertThat(listing.done()).isFalse();
        assertThat(readOn(1)).isFalse();
        assertThat(listing.inProgress()).as("between the two lists").isTrue();
        assertThat(readOn(1)).isTrue();

        assertThat(asked).containsExactly("running:null", "running:r1", "pending:null");
        assertThat(found).containsExactly("a", "b", "c");
    }

    @Test
    void aListingWithNoBudgetReadsNothingAndHasNotBegun() {
        assertThat(readOn(0)).isFalse();

        assertThat(asked).isEmpty();
        assertThat(listing.inProgress()).isFalse();
    }

    @Test
    void aDoneListingReadsNothingMore() {
        readOn(100);
        asked.clear();

        assertThat(readOn(0)).as("no request needed").isTrue();
        assertThat(asked).isEmpty();
    }

    @Test
    void anExecutionWhoseHandOverThrowsIsHandedOverAgainWithoutReadingItsPageAgain() {
        page("running", null, "r1", execution("a", 3L));
        page("running", "r1", null, execution("b", 2L), execution("c", 1L));
        boolean[] failed = new boolean[1];

        readOn(1);
        assertThatThrownBy(() -> listing.readOn(new PollBudget(100), e -> {
            if (e.getExecutionId().equals("c") && !failed[0]) {
                failed[0] = true;
                throw new IllegalStateException("store down");
            }
            found.add(e.getExecutionId());
        })).hasMessage("store down");
        assertThat(listing.done()).isFalse();
        assertThat(listing.inProgress()).isTrue();
        assertThat(readOn(0)).as("no request needed").isTrue();

        assertThat(asked).containsExactly("running:null", "running:r1", "pending:null");
        assertThat(found).containsExactly("a", "b", "c");
    }

    /**
     * A state repository down at the first start: the lists are read to their end all the same, so an execution that
     * ends meanwhile (and leaves the running list) was read before it did.
     */
    @Test
    void everyPageIsReadBeforeAnyExecutionIsHandedOver() {
        page("running", null, "r1", execution("a", 3L));
        page("running", "r1", null, execution("b", 2L));
        page("pending", null, null, execution("c", null));

        assertThatThrownBy(() -> listing.readOn(new PollBudget(100), e -> {
            throw new IllegalStateException("store down");
        })).hasMessage("store down");
        assertThat(asked).containsExactly("running:null", "running:r1", "pending:null");

        pages.clear();
        assertThat(readOn(100)).isTrue();
        assertThat(found).containsExactly("a", "b", "c");
        assertThat(asked).hasSize(3);
    }

    @Test
    void aCursorThatComesBackEndsThatListAndThePendingListIsStillRead() {
        page("running", null, "r1", execution("a", 3L));
        page("running", "r1", "r1", execution("b", 2L));
        page("pending", null, "r1", execution("c", null));
        page("pending", "r1", null, execution("d", null));

        assertThat(readOn(100)).isTrue();

        assertThat(asked).as("the pending list has a guard of its own")
                .containsExactly("running:null", "running:r1", "pending:null", "pending:r1");
    }

    @Test
    void anEmptyPageThatSaysThereIsMoreIsFollowed() {
        page("running", null, "r1");
        page("running", "r1", null, execution("a", 3L));

        readOn(100);

        assertThat(found).containsExactly("a");
    }

    @Test
    void aResetReadsBothListsAgainFromTheirFirstPage() {
        page("running", null, "r1", execution("a", 3L));
        page("running", "r1", "r1", execution("b", 2L));
        page("pending", null, null, execution("c", null));
        readOn(100);
        asked.clear();
        pages.remove("pending");

        listing.reset();

        assertThat(listing.open()).isEmpty();
        assertThat(listing.done()).isFalse();
        assertThat(listing.inProgress()).isFalse();
        assertThat(readOn(100)).isTrue();
        assertThat(asked).as("a cursor of the last read is followed again")
                .containsExactly("running:null", "running:r1", "pending:null");
        assertThat(listing.open()).containsOnlyKeys("a", "b");
    }

    @Test
    void aResetInTheMiddleOfTheRunningListStartsOver() {
        page("running", null, "r1", execution("a", 3L));
        page("running", "r1", null, execution("b", 2L));
        readOn(1);

        listing.reset();
        readOn(100);

        assertThat(asked).containsExactly("running:null", "running:null", "running:r1", "pending:null");
    }

    @Test
    void theOldestStartIsTakenFromTheExecutionsOpenNowAndThoseOpenAtTheEndOfTheLastPass() {
        assertThat(LiveListing.oldest(Map.of("now", 30L, "older", 20L), Map.of("before", 25L))).isEqualTo(20L);
        assertThat(LiveListing.oldest(Map.of("now", 30L), Map.of("before", 10L, "later", 40L))).isEqualTo(10L);
        assertThat(LiveListing.oldest(Map.of("now", 30L), null)).isEqualTo(30L);
        assertThat(LiveListing.oldest(Map.of(), Map.of())).isNull();
    }
}
