package dev.velt.camel.component.consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PageGuard}: read on only while there is a cursor that moved.
 */
class PageGuardTest {

    private final PageGuard guard = new PageGuard();

    @Test
    void aNewTokenIsFollowed() {
        assertThat(guard.follow("a")).isTrue();
        assertThat(guard.follow("b")).isTrue();
    }

    @Test
    void noTokenOrAnEmptyOneEndsTheRead() {
        assertThat(guard.follow(null)).isFalse();
        assertThat(guard.follow("")).isFalse();
    }

    @Test
    void aTokenThatDoesNotMoveEndsTheRead() {
        assertThat(guard.follow("a")).isTrue();

        assertThat(guard.follow("a")).isFalse();
    }

    @Test
    void aTokenThatComesBackEndsTheRead() {
        guard.follow("a");
        guard.follow("b");

        assertThat(guard.follow("a")).isFalse();
    }

    @Test
    void aPagePointingBackToTheFirstPageOfTheReadEndsIt() {
        guard.started("first");

        assertThat(guard.follow("first")).isFalse();
        assertThat(guard.follow("other")).isTrue();
    }

    @Test
    void aReadFromTheTopHasNoFirstTokenToCount() {
        guard.started(null);

        assertThat(guard.follow("a")).isTrue();
    }

    @Test
    void eachReadHasAGuardOfItsOwn() {
        guard.follow("a");

        assertThat(new PageGuard().follow("a")).isTrue();
    }

    @Test
    void aSeqCursorIsFollowedOnlyWhenItMovedPastTheOneJustRead() {
        assertThat(PageGuard.seqMoved(5, 6L)).isTrue();
        assertThat(PageGuard.seqMoved(5, 5L)).isFalse();
        assertThat(PageGuard.seqMoved(5, 4L)).isFalse();
        assertThat(PageGuard.seqMoved(5, null)).isFalse();
    }
}
