package dev.velt.camel.component.consumer;

import dev.velt.camel.client.VeltApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PollFailures}: which failures fail a poll.
 */
class PollFailuresTest {

    private final PollFailures failures = new PollFailures();

    private static VeltApiException failure(String status, int http) {
        return new VeltApiException("op", status, http, status, null, null, true);
    }

    private static VeltApiException unavailable() {
        return failure("UNAVAILABLE", 503);
    }

    @Test
    void aPollWithoutFailuresSucceeds() {
        failures.itemSucceeded();

        assertThat(failures.pollFailure()).isNull();
        assertThat(new PollFailures().pollFailure()).isNull();
    }

    @Test
    void aFailedScanFailsThePollEvenWhenItemsSucceeded() {
        VeltApiException scan = unavailable();
        failures.itemSucceeded();

        failures.scanFailed(scan);

        assertThat(failures.pollFailure()).isSameAs(scan);
    }

    @Test
    void theFirstWholeFailureIsTheOneReported() {
        VeltApiException first = unavailable();
        failures.scanFailed(first);
        failures.scanFailed(unavailable());

        assertThat(failures.pollFailure()).isSameAs(first);
    }

    @Test
    void oneItemsFailureIsThatItemsAloneWhenAnotherItemSucceeded() {
        assertThat(failures.itemFailed(unavailable())).isFalse();
        failures.itemSucceeded();

        assertThat(failures.pollFailure()).isNull();
    }

    @Test
    void anItemThatSucceededBeforeOthersFailedKeepsThePollGood() {
        failures.itemSucceeded();
        failures.itemFailed(unavailable());
        failures.itemFailed(unavailable());

        assertThat(failures.pollFailure()).isNull();
    }

    @Test
    void whenEveryItemFailedThePollFailsWithTheFirstItemFailure() {
        VeltApiException first = unavailable();

        failures.itemFailed(first);
        failures.itemFailed(failure("INTERNAL", 500));

        assertThat(failures.pollFailure()).isSameAs(first);
    }

    @Test
    void refusedCredentialsFailThePollAndStopIt() {
        VeltApiException refused = failure("UNAUTHENTICATED", 401);
        failures.itemSucceeded();

        assertThat(failures.itemFailed(refused)).isTrue();

        assertThat(failures.pollFailure()).isSameAs(refused);
    }

    @Test
    void aPermissionDeniedIsACredentialFailureToo() {
        assertThat(failures.itemFailed(failure("PERMISSION_DENIED", 403))).isTrue();
    }

    @Test
    void aCredentialFailureAfterAScanFailureLeavesTheScanFailureReported() {
        VeltApiException scan = unavailable();
        failures.scanFailed(scan);

        failures.itemFailed(failure("UNAUTHENTICATED", 401));

        assertThat(failures.pollFailure()).isSameAs(scan);
    }
}
