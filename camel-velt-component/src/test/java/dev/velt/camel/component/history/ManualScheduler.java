package dev.velt.camel.component.history;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.apache.camel.support.service.ServiceSupport;

/**
 * A poll scheduler (Camel's generic {@code scheduler} option of polling endpoints) that polls only when the player
 * says so: the simulated clock moves, then one poll runs and the player knows when it ended. A history's long
 * {@code delay} is the clock moving between two polls; no real time passes. Polls run on a thread of their own, as
 * Camel's scheduler runs them, so the route's threads and the player's race as they would.
 */
final class ManualScheduler extends ServiceSupport implements ScheduledPollConsumerScheduler {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "history-poll");
        t.setDaemon(true);
        return t;
    });
    private CamelContext camelContext;
    private volatile Runnable task;

    /** Starts one poll; null when the consumer has not scheduled its task (stopped, or it does not use schedulers). */
    Future<?> poll() {
        Runnable run = task;
        return run == null ? null : thread.submit(run);
    }

    boolean scheduled() {
        return task != null;
    }

    /** Ends the poll thread (the route is gone for good). */
    void dispose() {
        thread.shutdownNow();
    }

    @Override
    public void onInit(Consumer consumer) {
        // the task comes with scheduleTask
    }

    @Override
    public void scheduleTask(Runnable task) {
        this.task = task;
    }

    @Override
    public void unscheduleTask() {
        this.task = null;
    }

    @Override
    public void startScheduler() {
        // polls come from poll()
    }

    @Override
    public boolean isSchedulerStarted() {
        return task != null;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    protected void doStop() {
        task = null;
    }
}
