package dev.velt.camel.component.consumer;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FailureIsolation}: exponential per-item skip, capped, reset by one success.
 */
class FailureIsolationTest {

    /** Polls the item {@code polls} times; which of them it was polled in ('x') or sat out ('.'). */
    private static String polls(FailureIsolation isolation, String id, int polls) {
        StringBuilder pattern = new StringBuilder();
        for (int i = 0; i < polls; i++) {
            pattern.append(isolation.shouldPoll(id) ? 'x' : '.');
        }
        return pattern.toString();
    }

    /** How many polls the item sits out after each of {@code failures} failures in a row. */
    private static List<Integer> skips(int maxSkipped, int failures) {
        FailureIsolation isolation = new FailureIsolation(maxSkipped);
        List<Integer> skips = new ArrayList<>();
        for (int n = 1; n <= failures; n++) {
            assertThat(isolation.failed("a")).isEqualTo(n);
            int skipped = 0;
            while (!isolation.shouldPoll("a")) {
                skipped++;
            }
            skips.add(skipped);
        }
        return skips;
    }

    @Test
    void anItemWithoutFailuresIsPolledEveryTime() {
        assertThat(polls(new FailureIsolation(10), "a", 3)).isEqualTo("xxx");
    }

    @Test
    void afterNFailuresInARowTheItemSitsOutTwoToTheNMinusOneMinusOnePolls() {
        assertThat(skips(1_000, 6)).containsExactly(0, 1, 3, 7, 15, 31);
    }

    @Test
    void theSkipIsCappedAtMaxSkipped() {
        assertThat(skips(5, 5)).containsExactly(0, 1, 3, 5, 5);
    }

    @Test
    void aNegativeCapMeansNoSkip() {
        assertThat(skips(-3, 4)).containsExactly(0, 0, 0, 0);
    }

    @Test
    void aLongStreakDoesNotOverflowTheSkip() {
        FailureIsolation isolation = new FailureIsolation(Integer.MAX_VALUE);
        for (int i = 0; i < 100; i++) {
            isolation.failed("a");
        }

        assertThat(isolation.shouldPoll("a")).isFalse();
        assertThat(isolation.backingOff()).isEqualTo(1);
    }

    @Test
    void theSkipIsCountedDownByThePollsItSitsOut() {
        FailureIsolation isolation = new FailureIsolation(10);
        isolation.failed("a");
        isolation.failed("a");
        isolation.failed("a");

        assertThat(polls(isolation, "a", 5)).isEqualTo("...xx");
    }

    @Test
    void otherItemsKeepTheirPollRate() {
        FailureIsolation isolation = new FailureIsolation(10);
        isolation.failed("a");
        isolation.failed("a");

        assertThat(polls(isolation, "b", 3)).isEqualTo("xxx");
        assertThat(polls(isolation, "a", 2)).isEqualTo(".x");
    }

    @Test
    void oneSuccessResetsTheStreak() {
        FailureIsolation isolation = new FailureIsolation(10);
        isolation.failed("a");
        isolation.failed("a");
        isolation.failed("a");

        isolation.succeeded("a");

        assertThat(polls(isolation, "a", 2)).isEqualTo("xx");
        assertThat(isolation.failed("a")).as("counted from one again").isEqualTo(1);
        assertThat(isolation.size()).isEqualTo(1);
    }

    @Test
    void aForgottenItemHoldsNothing() {
        FailureIsolation isolation = new FailureIsolation(10);
        isolation.failed("a");
        isolation.failed("a");
        isolation.failed("b");

        isolation.forget("a");

        assertThat(isolation.size()).isEqualTo(1);
        assertThat(isolation.shouldPoll("a")).isTrue();
        assertThat(isolation.failed("a")).isEqualTo(1);
    }

    @Test
    void onlyItemsWithASkipLeftAreBackingOff() {
        FailureIsolation isolation = new FailureIsolation(10);
        isolation.failed("once"); // skip 0
        isolation.failed("twice");
        isolation.failed("twice"); // skip 1

        assertThat(isolation.size()).isEqualTo(2);
        assertThat(isolation.backingOff()).isEqualTo(1);

        isolation.shouldPoll("twice");

        assertThat(isolation.backingOff()).isZero();
        assertThat(isolation.size()).as("the streak is held until a success").isEqualTo(2);
    }
}
