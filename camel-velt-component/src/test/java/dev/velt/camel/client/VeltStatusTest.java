package dev.velt.camel.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VeltStatusTest {

    @Test
    void readsVeltsStatusNamesLeniently() {
        assertThat(VeltStatus.of("NOT_FOUND")).isEqualTo(VeltStatus.NOT_FOUND);
        assertThat(VeltStatus.of("not_found")).isEqualTo(VeltStatus.NOT_FOUND);
        assertThat(VeltStatus.of("SOMETHING_NEW")).isEqualTo(VeltStatus.UNKNOWN);
        assertThat(VeltStatus.of(null)).isEqualTo(VeltStatus.UNKNOWN);
    }

    @Test
    void classifiesStatuses() {
        assertThat(VeltStatus.values()).filteredOn(VeltStatus::isRetryable).containsExactlyInAnyOrder(
                VeltStatus.RESOURCE_EXHAUSTED, VeltStatus.UNAVAILABLE, VeltStatus.DEADLINE_EXCEEDED, VeltStatus.INTERNAL);
        assertThat(VeltStatus.values()).filteredOn(VeltStatus::isCredentialFailure)
                .containsExactlyInAnyOrder(VeltStatus.UNAUTHENTICATED, VeltStatus.PERMISSION_DENIED);
        assertThat(VeltStatus.ofHttpCode(404)).isEqualTo(VeltStatus.NOT_FOUND);
        assertThat(VeltStatus.ofHttpCode(418)).isEqualTo(VeltStatus.FAILED_PRECONDITION);
        assertThat(VeltStatus.ofHttpCode(599)).isEqualTo(VeltStatus.INTERNAL);
    }

    @Test
    void onlyVeltsOwnNotFoundSaysTheThingIsGone() {
        VeltApiException velt = new VeltApiException("get", "NOT_FOUND", 404, "gone", null, null, true);
        VeltApiException proxy = new VeltApiException("get", "NOT_FOUND", 404, "html page", null, null);
        assertThat(velt.isNotFound()).isTrue();
        assertThat(proxy.isNotFound()).isFalse();
        assertThat(new VeltApiException("get", "PERMISSION_DENIED", 403, "no", null, null, true).isCredentialFailure())
                .isTrue();
    }
}
