package dev.velt.camel.component.consumer;

import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StateRepositoryLifecycle}: start the repository if it is not started; stop only what was started here, and a
 * shared one only when its last user stops.
 */
class StateRepositoryLifecycleTest {

    /** A repository that counts its starts and stops. */
    static final class Repository extends ServiceSupport implements org.apache.camel.spi.StateRepository<String, String> {

        int starts;
        int stops;

        @Override
        protected void doStart() {
            starts++;
        }

        @Override
        protected void doStop() {
            stops++;
        }

        @Override
        public void setState(String key, String value) {
        }

        @Override
        public String getState(String key) {
            return null;
        }
    }

    private final Repository repository = new Repository();

    @Test
    void aRepositoryNotStartedIsStartedAndStoppedByItsConsumer() {
        StateRepositoryLifecycle lifecycle = new StateRepositoryLifecycle(repository);

        lifecycle.start();
        assertThat(repository.isStarted()).isTrue();

        lifecycle.stop();
        assertThat(repository.isStopped()).isTrue();
        assertThat(repository.starts).isEqualTo(1);
        assertThat(repository.stops).isEqualTo(1);
    }

    @Test
    void aRepositoryStartedByItsOwnerIsNotStoppedByAConsumer() {
        ServiceHelper.startService(repository);
        StateRepositoryLifecycle lifecycle = new StateRepositoryLifecycle(repository);

        lifecycle.start();
        lifecycle.stop();

        assertThat(repository.isStarted()).isTrue();
        assertThat(repository.starts).isEqualTo(1);
        assertThat(repository.stops).isZero();
    }

    @Test
    void aSharedRepositoryIsStoppedByTheLastConsumerThatStops() {
        StateRepositoryLifecycle first = new StateRepositoryLifecycle(repository);
        StateRepositoryLifecycle second = new StateRepositoryLifecycle(repository);
        StateRepositoryLifecycle third = new StateRepositoryLifecycle(repository);

        first.start();
        second.start();
        third.start();
        assertThat(repository.starts).isEqualTo(1);

        first.stop();
        assertThat(repository.isStarted()).isTrue();
        third.stop();
        assertThat(repository.isStarted()).isTrue();
        second.stop();
        assertThat(repository.isStopped()).isTrue();
        assertThat(repository.stops).isEqualTo(1);
    }

    @Test
    void aConsumerThatStopsTwiceCountsOnce() {
        StateRepositoryLifecycle first = new StateRepositoryLifecycle(repository);
        StateRepositoryLifecycle second = new StateRepositoryLifecycle(repository);
        first.start();
        second.start();

        first.stop();
        first.stop();

        assertThat(repository.isStarted()).as("the second consumer still uses it").isTrue();
        second.stop();
        assertThat(repository.stops).isEqualTo(1);
    }

    @Test
    void aConsumerThatNeverStartedStopsNothing() {
        StateRepositoryLifecycle user = new StateRepositoryLifecycle(repository);
        user.start();

        new StateRepositoryLifecycle(repository).stop();

        assertThat(repository.isStarted()).isTrue();
        user.stop();
        assertThat(repository.isStopped()).isTrue();
    }

    @Test
    void aRestartedConsumerStartsTheRepositoryAgain() {
        StateRepositoryLifecycle lifecycle = new StateRepositoryLifecycle(repository);
        lifecycle.start();
        lifecycle.stop();

        lifecycle.start();

        assertThat(repository.isStarted()).isTrue();
        assertThat(repository.starts).isEqualTo(2);
        lifecycle.stop();
        assertThat(repository.stops).isEqualTo(2);
    }

    @Test
    void repositoriesAreCountedApart() {
        Repository other = new Repository();
        StateRepositoryLifecycle onOne = new StateRepositoryLifecycle(repository);
        StateRepositoryLifecycle onOther = new StateRepositoryLifecycle(other);
        onOne.start();
        onOther.start();

        onOne.stop();

        assertThat(repository.isStopped()).isTrue();
        assertThat(other.isStarted()).isTrue();
        onOther.stop();
        assertThat(other.isStopped()).isTrue();
    }
}
