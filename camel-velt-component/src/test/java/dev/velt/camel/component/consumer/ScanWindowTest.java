package dev.velt.camel.component.consumer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.velt.camel.component.consumer.ScanWindow.ItemShape;
import dev.velt.camel.component.consumer.ScanWindow.Lister;
import dev.velt.camel.component.consumer.ScanWindow.Listing;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * The rules of {@link ScanWindow}, each alone, against a fake newest-first list served in pages.
 */
class ScanWindowTest {

    private static final long W = 10_000L;
    private static final long REACH = 1_000L;
    private static final long CLOCK = 777L;
    private static final int ALL = 1_000;

    /** An item of the list. */
    record Item(String id, Long startedAt) {
    }

    private static final ItemShape<Item> SHAPE = new ItemShape<>(Item::id, Item::startedAt);

    /** A newest-first list served in pages of {@code size}; page n's cursor is "p<n>". Records the cursors asked. */
    static final class FakeList implements Lister<Item> {

        final List<Item> items = new ArrayList<>();
        final int size;
        final List<String> asked = new ArrayList<>();
        /** The cursor whose read fails once (null: none). */
        String failOnce;
        boolean failFirstPageOnce;

        FakeList(int size, Item... items) {
            this.size = size;
            this.items.addAll(Arrays.asList(items));
        }

        @Override
        public Listing<Item> list(String cursor) {
            asked.add(cursor);
            if (cursor == null && failFirstPageOnce || cursor != null && cursor.equals(failOnce)) {
                failFirstPageOnce = false;
                failOnce = null;
                throw new IllegalStateException("list failed at " + cursor);
            }
            int page = cursor == null ? 0 : Integer.parseInt(cursor.substring(1));
            int from = Math.min(items.size(), page * size);
            int to = Math.min(items.size(), from + size);
            return new Listing<>(new ArrayList<>(items.subList(from, to)), to < items.size() ? "p" + (page + 1) : null);
        }
    }

    /** The consumer side of a scan: what was listed and admitted; an admission may be told to fail once. */
    static final class Calls {

        final List<String> listed = new ArrayList<>();
        final List<String> admitted = new ArrayList<>();
        Predicate<Item> failOnce = item -> false;

        void listed(Item item) {
            listed.add(item.id());
        }

        void admit(Item item) {
            if (failOnce.test(item)) {
                failOnce = i -> false;
                throw new IllegalStateException("cannot store " + item.id());
            }
            admitted.add(item.id());
        }
    }

    private final Calls calls = new Calls();

    private static Item item(String id, Long startedAt) {
        return new Item(id, startedAt);
    }

    private static ScanWindow window(Long watermark, Map<String, Long> known) {
        return new ScanWindow(watermark, known, () -> CLOCK);
    }

    private boolean scan(ScanWindow window, Lister<Item> list, long reach, Long floor, boolean anchor, int budget) {
        return window.scan(list, SHAPE, reach, floor, anchor, new PollBudget(budget), calls::listed, calls::admit);
    }

    private boolean scan(ScanWindow window, Lister<Item> list) {
        return scan(window, list, REACH, null, false, ALL);
    }

    // where a pass reads

    @Test
    void aPassReadsDownToTheStoredWatermarkMinusTheReachNotFromTheNewestPage() {
        FakeList list = new FakeList(
                2, item("a", 13_000L), item("b", 12_000L), item("c", 11_000L), item("d", W - REACH),
                item("e", W - REACH - 1), item("f", 5_000L));
        ScanWindow window = window(W, Map.of());

        assertThat(scan(window, list)).isTrue();

        assertThat(calls.listed).containsExactly("a", "b", "c", "d");
        assertThat(calls.admitted).containsExactly("a", "b", "c", "d");
        assertThat(list.asked).as("the page below the horizon is not read").containsExactly(null, "p1", "p2");
        assertThat(window.knows("e")).isFalse();
    }

    @Test
    void aPassEndsAtTheFirstItemBelowTheHorizonAndReadsNoFurtherPage() {
        FakeList list = new FakeList(2, item("a", 12_000L), item("old", 1_000L), item("c", 11_000L), item("d", 11_000L));
        ScanWindow window = window(W, Map.of());

        assertThat(scan(window, list)).isTrue();

        assertThat(calls.listed).containsExactly("a");
        assertThat(list.asked).containsExactly((String) null);
    }

    @Test
    void withoutAWatermarkAPassReadsTheWholeList() {
        FakeList list = new FakeList(2, item("a", 3_000L), item("b", 2_000L), item("c", 1_000L), item("d", Long.MIN_VALUE));
        ScanWindow window = window(null, Map.of());

        assertThat(scan(window, list)).isTrue();

        assertThat(calls.listed).containsExactly("a", "b", "c", "d");
        assertThat(window.watermark()).as("the newest start read").isEqualTo(3_000L);
    }

    @Test
    void aFirstStartAnchorsTheWatermarkOnTheNewestStartOfTheFirstPageAndReadsOnlyTheReachBelowIt() {
        FakeList list = new FakeList(
                3, item("b", 19_500L), item("a", 20_000L), item("undated", null), item("c", 19_000L),
                item("d", 18_999L));
        ScanWindow window = window(null, Map.of());

        assertThat(scan(window, list, REACH, null, true, ALL)).isTrue();

        assertThat(window.watermark()).isEqualTo(20_000L);
        assertThat(calls.listed).containsExactly("b", "a", "undated", "c");
        assertThat(window.takeChanged()).isTrue();
    }

    @Test
    void theAnchorIsTakenWhenThePassBeginsNotWhenItEnds() {
        FakeList list = new FakeList(1, item("a", 20_000L), item("b", 19_900L), item("c", 19_800L));
        ScanWindow window = window(null, Map.of());

        assertThat(scan(window, list, REACH, null, true, 1)).isFalse();

        assertThat(window.watermark()).isEqualTo(20_000L);
    }

    @Test
    void anAnchorDoesNotReplaceAStoredWatermark() {
        FakeList list = new FakeList(2, item("a", 20_000L), item("b", 9_500L), item("c", 8_000L));
        ScanWindow window = window(W, Map.of());

        scan(window, list, REACH, null, true, ALL);

        assertThat(calls.listed).as("read down to the stored watermark minus the reach").containsExactly("a", "b");
        assertThat(window.watermark()).isEqualTo(20_000L);
    }

    @Test
    void anAnchorOnAFirstPageWithoutStartsLeavesTheWholeListToRead() {
        FakeList list = new FakeList(1, item("undated", null), item("a", 5_000L), item("b", 1_000L));
        ScanWindow window = window(null, Map.of());

        assertThat(scan(window, list, REACH, null, true, ALL)).isTrue();

        assertThat(calls.listed).containsExactly("undated", "a", "b");
        assertThat(window.watermark()).isEqualTo(5_000L);
    }

    @Test
    void withoutAnAnchorNoWatermarkIsTakenBeforeThePassEnds() {
        FakeList list = new FakeList(1, item("a", 20_000L), item("b", 1_000L));
        ScanWindow window = window(null, Map.of());

        assertThat(scan(window, list, REACH, null, false, 1)).isFalse();

        assertThat(window.watermark()).isNull();
        assertThat(window.takeChanged()).as("only the admitted id changed").isTrue();
    }

    @Test
    void aFloorBelowTheHorizonLowersIt() {
        FakeList list = new FakeList(2, item("a", 9_500L), item("b", 7_000L), item("c", 6_999L));
        ScanWindow window = window(W, Map.of());

        scan(window, list, REACH, 7_000L, false, ALL);

        assertThat(calls.listed).containsExactly("a", "b");
    }

    @Test
    void aFloorAboveTheHorizonDoesNotRaiseIt() {
        FakeList list = new FakeList(2, item("a", 9_500L), item("b", 9_000L), item("c", 8_999L));
        ScanWindow window = window(W, Map.of());

        scan(window, list, REACH, 9_900L, false, ALL);

        assertThat(calls.listed).containsExactly("a", "b");
    }

    @Test
    void aFloorWithoutAWatermarkStillReadsTheWholeList() {
        FakeList list = new FakeList(2, item("a", 9_500L), item("b", 1L));
        ScanWindow window = window(null, Map.of());

        scan(window, list, REACH, 5_000L, false, ALL);

        assertThat(calls.listed).containsExactly("a", "b");
    }

    // the window

    @Test
    void aKnownIdIsListedButNeverAdmittedAgain() {
        FakeList list = new FakeList(2, item("new", 11_000L), item("known", 10_500L));
        ScanWindow window = window(W, Map.of("known", 10_500L));

        scan(window, list);
        scan(window, list);

        assertThat(calls.listed).containsExactly("new", "known", "new", "known");
        assertThat(calls.admitted).containsExactly("new");
    }

    @Test
    void anIdEntersTheWindowOnlyAfterItsAdmission() {
        FakeList list = new FakeList(2, item("a", 11_000L));
        ScanWindow window = window(W, Map.of());
        List<Boolean> knownDuringAdmission = new ArrayList<>();

        window.scan(list, SHAPE, REACH, null, false, new PollBudget(ALL), i -> {
        }, i -> knownDuringAdmission.add(window.knows(i.id())));

        assertThat(knownDuringAdmission).containsExactly(false);
        assertThat(window.knows("a")).isTrue();
        assertThat(window.snapshot()).containsExactly(entry("a", 11_000L));
    }

    @Test
    void anItemWithoutIdIsNeitherListedNorAdmitted() {
        FakeList list = new FakeList(3, item(null, 11_000L), item("a", 10_500L));
        ScanWindow window = window(W, Map.of());

        scan(window, list);

        assertThat(calls.listed).containsExactly("a");
        assertThat(window.size()).isEqualTo(1);
    }

    @Test
    void anItemWithoutIdDoesNotEndThePassEvenBelowTheHorizon() {
        FakeList list = new FakeList(3, item(null, 1L), item("a", 10_500L));
        ScanWindow window = window(W, Map.of());

        scan(window, list);

        assertThat(calls.listed).containsExactly("a");
    }

    @Test
    void anItemWhoseAdmissionThrowsStaysUnknownAndThePassResumesAtThatPage() {
        FakeList list = new FakeList(2, item("a", 13_000L), item("b", 12_000L), item("c", 11_000L), item("d", 10_500L));
        ScanWindow window = window(W, Map.of());
        calls.failOnce = i -> i.id().equals("d");

        assertThatThrownBy(() -> scan(window, list)).hasMessage("cannot store d");

        assertThat(window.knows("c")).isTrue();
        assertThat(window.knows("d")).isFalse();
        assertThat(window.midPass()).isTrue();
        assertThat(window.watermark()).as("the pass did not end").isEqualTo(W);

        assertThat(scan(window, list)).isTrue();

        assertThat(list.asked).containsExactly(null, "p1", "p1");
        assertThat(calls.admitted).containsExactly("a", "b", "c", "d");
        assertThat(window.midPass()).isFalse();
        assertThat(window.watermark()).isEqualTo(13_000L);
    }

    @Test
    void anAdmissionThatThrowsOnTheFirstPageResumesAtTheFirstPageWithTheSameHorizon() {
        FakeList list = new FakeList(2, item("a", 13_000L), item("b", 9_500L));
        ScanWindow window = window(W, Map.of());
        calls.failOnce = i -> i.id().equals("a");

        assertThatThrownBy(() -> scan(window, list));
        assertThat(window.midPass()).isTrue();

        // a new pass would read down to 10_000 only
        scan(window, list, 0, null, false, ALL);

        assertThat(calls.admitted).containsExactly("a", "b");
    }

    @Test
    void aPassThatRunsOutOfBudgetResumesAtThePageItStoppedAtWithTheSameHorizon() {
        FakeList list = new FakeList(1, item("a", 13_000L), item("b", 12_000L), item("c", 9_500L), item("d", 8_000L));
        ScanWindow window = window(W, Map.of());

        assertThat(scan(window, list, REACH, null, false, 2)).isFalse();
        assertThat(window.midPass()).isTrue();
        assertThat(list.asked).containsExactly(null, "p1");

        // a new pass with no reach would stop above c
        assertThat(scan(window, list, 0, null, false, ALL)).isTrue();

        assertThat(list.asked).containsExactly(null, "p1", "p2", "p3");
        assertThat(calls.listed).containsExactly("a", "b", "c");
        assertThat(window.midPass()).isFalse();
    }

    @Test
    void aPassThatHasNoBudgetAtAllDoesNotBegin() {
        FakeList list = new FakeList(1, item("a", 13_000L));
        ScanWindow window = window(W, Map.of());

        assertThat(scan(window, list, REACH, null, false, 0)).isFalse();

        assertThat(list.asked).isEmpty();
        assertThat(window.midPass()).isFalse();
    }

    @Test
    void aPassResumedWithNoBudgetStaysWhereItStopped() {
        FakeList list = new FakeList(1, item("a", 13_000L), item("b", 12_000L), item("c", 11_000L));
        ScanWindow window = window(W, Map.of());
        scan(window, list, REACH, null, false, 1);

        assertThat(scan(window, list, REACH, null, false, 0)).isFalse();
        assertThat(window.midPass()).isTrue();
        scan(window, list);

        assertThat(list.asked).containsExactly(null, "p1", "p2");
    }

    @Test
    void aFailedFirstPageBeginsANewPassNextTime() {
        FakeList list = new FakeList(2, item("a", 13_000L), item("b", 9_500L));
        list.failFirstPageOnce = true;
        ScanWindow window = window(W, Map.of());

        assertThatThrownBy(() -> scan(window, list)).hasMessageContaining("list failed");
        assertThat(window.midPass()).isFalse();

        // the new pass takes the horizon of this call
        scan(window, list, 0, null, false, ALL);
        assertThat(calls.listed).containsExactly("a");
    }

    @Test
    void aFailedLaterPageIsReadAgainByTheNextScanWithTheSameHorizon() {
        FakeList list = new FakeList(1, item("a", 13_000L), item("b", 9_500L), item("c", 8_000L));
        list.failOnce = "p1";
        ScanWindow window = window(W, Map.of());

        assertThatThrownBy(() -> scan(window, list));
        assertThat(window.midPass()).isTrue();

        scan(window, list, 0, null, false, ALL);

        assertThat(list.asked).containsExactly(null, "p1", "p1", "p2");
        assertThat(calls.listed).containsExactly("a", "b");
    }

    @Test
    void aCursorThatComesBackEndsThePass() {
        Map<String, Listing<Item>> pages = new HashMap<>();
        pages.put(null, new Listing<>(List.of(item("a", 13_000L)), "x"));
        pages.put("x", new Listing<>(List.of(item("b", 12_000L)), "y"));
        pages.put("y", new Listing<>(List.of(item("c", 11_000L)), "x"));
        List<String> asked = new ArrayList<>();
        ScanWindow window = window(W, Map.of());

        assertThat(scan(window, cursor -> {
            asked.add(cursor);
            return pages.get(cursor);
        })).isTrue();

        assertThat(asked).containsExactly(null, "x", "y");
        assertThat(window.watermark()).isEqualTo(13_000L);
    }

    @Test
    void aResumedPassEndsWhenAPagePointsBackToTheOneItResumedAt() {
        Map<String, Listing<Item>> pages = new HashMap<>();
        pages.put(null, new Listing<>(List.of(item("a", 13_000L)), "x"));
        pages.put("x", new Listing<>(List.of(item("b", 12_000L)), "x"));
        List<String> asked = new ArrayList<>();
        Lister<Item> lister = cursor -> {
            asked.add(cursor);
            return pages.get(cursor);
        };
        ScanWindow window = window(W, Map.of());
        scan(window, lister, REACH, null, false, 1);

        assertThat(scan(window, lister, REACH, null, false, 3)).isTrue();

        assertThat(asked).containsExactly(null, "x");
    }

    @Test
    void anEmptyPageThatSaysThereIsMoreIsFollowed() {
        Map<String, Listing<Item>> pages = new HashMap<>();
        pages.put(null, new Listing<>(List.of(), "x"));
        pages.put("x", new Listing<>(List.of(item("a", 11_000L)), ""));
        ScanWindow window = window(W, Map.of());

        assertThat(scan(window, pages::get)).isTrue();

        assertThat(calls.admitted).containsExactly("a");
    }

    @Test
    void theListerAndTheAdmissionRunWithoutTheWindowsLock() {
        ScanWindow window = window(W, Map.of());
        List<Boolean> readByAnotherThread = new ArrayList<>();
        Lister<Item> lister = cursor -> {
            readByAnotherThread.add(knowsFromAnotherThread(window, "x"));
            return new Listing<>(List.of(item("a", 11_000L)), null);
        };

        window.scan(lister, SHAPE, REACH, null, false, new PollBudget(ALL), i -> {
        }, i -> readByAnotherThread.add(knowsFromAnotherThread(window, "x")));

        assertThat(readByAnotherThread).containsExactly(false, false);
    }

    private static boolean knowsFromAnotherThread(ScanWindow window, String id) {
        try {
            return CompletableFuture.supplyAsync(() -> window.knows(id)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the window's lock is held", e);
        }
    }

    @Test
    void anIdAdmittedByAPushDuringThePassIsNotAdmittedAgainByIt() {
        FakeList list = new FakeList(2, item("a", 13_000L), item("b", 12_000L));
        ScanWindow window = window(W, Map.of());

        window.scan(list, SHAPE, REACH, null, false, new PollBudget(ALL), calls::listed, i -> {
            calls.admit(i);
            window.admitted("b", 12_000L); // a push thread
        });

        assertThat(calls.admitted).containsExactly("a");
        assertThat(calls.listed).containsExactly("a", "b");
    }

    @Test
    void aListenerThatThrowsLeavesThePassToResumeAtThePageItWasReading() {
        FakeList list = new FakeList(1, item("a", 13_000L), item("b", 12_000L), item("c", 11_000L));
        ScanWindow window = window(W, Map.of());
        boolean[] failed = new boolean[1];

        assertThatThrownBy(() -> window.scan(list, SHAPE, REACH, null, false, new PollBudget(ALL), i -> {
            if (i.id().equals("b") && !failed[0]) {
                failed[0] = true;
                throw new IllegalStateException("listener failed");
            }
        }, calls::admit));
        assertThat(window.midPass()).isTrue();

        scan(window, list, 0, null, false, ALL);

        assertThat(list.asked).containsExactly(null, "p1", "p1", "p2");
        assertThat(calls.admitted).containsExactly("a", "b", "c");
    }

    // the watermark

    @Test
    void theWatermarkMovesOnlyWhenAPassEnds() {
        FakeList list = new FakeList(1, item("a", 13_000L), item("b", 12_000L), item("c", 8_000L));
        ScanWindow window = window(W, Map.of());

        scan(window, list, REACH, null, false, 1);
        assertThat(window.watermark()).isEqualTo(W);
        scan(window, list, REACH, null, false, 1);
        assertThat(window.watermark()).isEqualTo(W);

        assertThat(scan(window, list)).isTrue();
        assertThat(window.watermark()).isEqualTo(13_000L);
    }

    @Test
    void theWatermarkMovesToTheNewestStartReadNotTheFirst() {
        FakeList list = new FakeList(3, item("b", 12_000L), item("a", 13_000L), item("c", 11_000L));
        ScanWindow window = window(W, Map.of());

        scan(window, list);

        assertThat(window.watermark()).isEqualTo(13_000L);
    }

    @Test
    void theWatermarkNeverMovesBack() {
        FakeList list = new FakeList(2, item("a", 9_800L), item("b", 9_500L));
        ScanWindow window = window(W, Map.of("a", 9_800L));

        assertThat(scan(window, list)).isTrue();

        assertThat(window.watermark()).isEqualTo(W);
    }

    @Test
    void aPassWhoseNewestStartIsTheWatermarkChangesNothing() {
        ScanWindow window = window(W, Map.of("k", W));

        scan(window, new FakeList(2, item("k", W)));

        assertThat(window.watermark()).isEqualTo(W);
        assertThat(window.takeChanged()).isFalse();
    }

    @Test
    void aPassThatReadsNothingLeavesTheWatermark() {
        ScanWindow window = window(W, Map.of());

        assertThat(scan(window, new FakeList(2))).isTrue();

        assertThat(window.watermark()).isEqualTo(W);
        assertThat(window.takeChanged()).isFalse();
    }

    @Test
    void aPassThatReadsOnlyUndatedItemsLeavesNoWatermark() {
        ScanWindow window = window(null, Map.of());

        scan(window, new FakeList(2, item("u", null)));

        assertThat(window.watermark()).isNull();
        assertThat(window.snapshot()).containsExactly(entry("u", CLOCK));
    }

    @Test
    void theNewestStartOfAnEarlierPassDoesNotCarryIntoTheNext() {
        ScanWindow window = window(null, Map.of());
        scan(window, new FakeList(2, item("a", 20_000L)));
        assertThat(window.watermark()).isEqualTo(20_000L);

        // the next pass reads nothing new; an undated item counts at the watermark
        scan(window, new FakeList(2, item("u", null)));

        assertThat(window.snapshot()).containsEntry("u", 20_000L);
        assertThat(window.watermark()).isEqualTo(20_000L);
    }

    // pruning

    @Test
    void idsBelowTheHorizonOfAnEndedPassLeaveTheWindow() {
        Map<String, Long> known = new LinkedHashMap<>();
        known.put("old", W - REACH - 1);
        known.put("edge", W - REACH);
        known.put("recent", 9_900L);
        ScanWindow window = window(W, known);

        assertThat(scan(window, new FakeList(2))).isTrue();

        assertThat(window.snapshot()).containsOnlyKeys("edge", "recent");
        assertThat(window.knows("old")).isFalse();
        assertThat(window.takeChanged()).isTrue();
    }

    @Test
    void aPassThatDoesNotEndPrunesNothing() {
        ScanWindow window = window(W, Map.of("old", 1L));
        FakeList list = new FakeList(1, item("a", 13_000L), item("b", 12_000L));

        scan(window, list, REACH, null, false, 1);

        assertThat(window.knows("old")).isTrue();
    }

    @Test
    void pruningUsesTheHorizonOfThePassThatEndedNotTheNewWatermark() {
        ScanWindow window = window(W, Map.of("mid", 9_500L));

        scan(window, new FakeList(1, item("top", 50_000L)));

        assertThat(window.watermark()).isEqualTo(50_000L);
        assertThat(window.knows("mid")).isTrue();

        scan(window, new FakeList(1, item("top", 50_000L)));

        assertThat(window.knows("mid")).isFalse();
        assertThat(window.knows("top")).isTrue();
    }

    @Test
    void anItemAdmittedBeforeItStartedStaysKnownWhileAPassStillReadsIt() {
        ScanWindow window = window(W, Map.of());
        // pending when first listed: known at the watermark
        scan(window, new FakeList(5, item("u", null)));
        assertThat(window.snapshot()).containsEntry("u", W);

        // it started at 10_900; a newer item moves the watermark to 11_500
        FakeList list = new FakeList(5, item("n", 11_500L), item("u", 10_900L));
        scan(window, list);
        assertThat(window.watermark()).isEqualTo(11_500L);
        // horizon 10_500: u is read by each pass from now on
        scan(window, list);
        scan(window, list);

        assertThat(calls.listed).endsWith("n", "u", "n", "u");
        assertThat(calls.admitted).as("u is known, never taken for new twice").containsExactly("u", "n");
    }

    @Test
    void anItemThatStaysUndatedStaysKnownWhileTheWatermarkMovesOn() {
        ScanWindow window = window(W, Map.of());
        // the list shows the pending item on top
        FakeList list = new FakeList(5, item("u", null));
        scan(window, list);

        for (long top = 12_000L; top <= 20_000L; top += 2_000L) {
            list.items.add(1, item("n" + top, top));
            scan(window, list);
        }

        assertThat(calls.admitted).filteredOn("u"::equals).as("u is read by every pass, so it stays known").hasSize(1);
    }

    // outside a scan

    @Test
    void anItemAdmittedOutsideAScanIsKnownAndNotAdmittedByTheNextPass() {
        ScanWindow window = window(W, Map.of());
        window.admitted("p", 10_500L);

        assertThat(window.knows("p")).isTrue();
        assertThat(window.takeChanged()).isTrue();

        scan(window, new FakeList(2, item("p", 10_500L)));

        assertThat(calls.listed).containsExactly("p");
        assertThat(calls.admitted).isEmpty();
    }

    @Test
    void admittingAKnownIdAgainChangesNothing() {
        ScanWindow window = window(W, Map.of("p", 10_500L));

        window.admitted("p", 12_000L);

        assertThat(window.takeChanged()).isFalse();
        assertThat(window.snapshot()).containsExactly(entry("p", 10_500L));
    }

    @Test
    void anUndatedItemAdmittedOutsideAScanCountsAtTheWatermarkOrElseTheClock() {
        ScanWindow dated = window(W, Map.of());
        ScanWindow fresh = window(null, Map.of());

        dated.admitted("p", null);
        fresh.admitted("p", null);

        assertThat(dated.snapshot()).containsExactly(entry("p", W));
        assertThat(fresh.snapshot()).containsExactly(entry("p", CLOCK));
    }

    @Test
    void anUndatedItemInAPassCountsAtTheNewestStartReadSoFarAndNeverReachesTheHorizon() {
        FakeList list = new FakeList(
                5, item("u1", null), item("a", 12_000L), item("u2", null), item("b", 11_000L), item("u3", null));
        ScanWindow window = window(W, Map.of());

        assertThat(scan(window, list)).isTrue();

        assertThat(calls.listed).containsExactly("u1", "a", "u2", "b", "u3");
        assertThat(window.snapshot()).containsEntry("u1", W).containsEntry("u2", 12_000L).containsEntry("u3", 12_000L);
        assertThat(window.watermark()).isEqualTo(12_000L);
    }

    @Test
    void anUndatedItemCountsAtTheWatermarkWhenThePassReadNothingNewer() {
        FakeList list = new FakeList(5, item("a", 9_500L), item("u", null));
        ScanWindow window = window(W, Map.of());

        scan(window, list);

        assertThat(window.snapshot()).containsEntry("u", W);
    }

    @Test
    void aPushedItemMayBeNewUnlessKnownOrStartedBelowTheLookback() {
        ScanWindow window = window(W, Map.of("known", 10_500L));
        long floor = W - ScanWindow.LOOKBACK_MS;

        assertThat(window.mayBeNew("known", 10_500L)).isFalse();
        assertThat(window.mayBeNew("known", null)).isFalse();
        assertThat(window.mayBeNew("x", null)).isTrue();
        assertThat(window.mayBeNew("x", floor)).isTrue();
        assertThat(window.mayBeNew("x", floor - 1)).isFalse();
        assertThat(window(null, Map.of()).mayBeNew("x", Long.MIN_VALUE)).isTrue();
    }

    // what needs saving

    @Test
    void theStateNeedsSavingOnlyAfterAChange() {
        ScanWindow window = window(W, Map.of("k", 9_500L));
        assertThat(window.takeChanged()).isFalse();

        scan(window, new FakeList(2, item("k", 9_500L)));
        assertThat(window.takeChanged()).as("nothing new, nothing pruned, same watermark").isFalse();

        scan(window, new FakeList(2, item("n", 10_600L), item("k", 9_500L)));
        assertThat(window.takeChanged()).isTrue();
        assertThat(window.takeChanged()).as("taken").isFalse();
    }

    @Test
    void aWatermarkMovedByAPassNeedsSaving() {
        ScanWindow window = window(W, Map.of("k", 10_500L));

        scan(window, new FakeList(2, item("k", 10_500L)));

        assertThat(window.watermark()).isEqualTo(10_500L);
        assertThat(window.takeChanged()).isTrue();
    }

    @Test
    void aFailedWriteMarksTheStateStillToSave() {
        ScanWindow window = window(W, Map.of());

        window.markChanged();

        assertThat(window.takeChanged()).isTrue();
        assertThat(window.takeChanged()).isFalse();
    }

    @Test
    void theWindowIsACopyInAndOut() {
        Map<String, Long> stored = new HashMap<>(Map.of("a", 10_500L));
        ScanWindow window = window(W, stored);
        stored.put("b", 10_600L);

        Map<String, Long> snapshot = window.snapshot();
        snapshot.put("c", 10_700L);

        assertThat(window.knows("b")).isFalse();
        assertThat(window.knows("c")).isFalse();
        assertThat(window.size()).isEqualTo(1);
    }
}
