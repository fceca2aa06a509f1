package dev.velt.camel.component.support;

import dev.velt.camel.test.SimulatorOptions;

/**
 * Consumer tests of seeded streams written ahead of the simulator's clock, which moves one tick (one simulated ms) per
 * request, so a stream plays with the requests whatever the machine's speed; runs show both findings shapes. The clock
 * starts when the test writes its stream, once the route runs, so nothing in it ended before the consumer's first
 * start.
 */
public abstract class StreamTestSupport extends ConsumerTestSupport {

    @Override
    protected SimulatorOptions simulatorOptions() {
        return SimulatorOptions.defaults().workflowExecutions(0).agentRuns(0).tickMillis(0).simulatedMillisPerTick(1)
                .ticksPerRequest(1).findingsShape(SimulatorOptions.FindingsShape.MIXED);
    }

    @Override
    protected boolean startClockBeforeTest() {
        return false;
    }
}
