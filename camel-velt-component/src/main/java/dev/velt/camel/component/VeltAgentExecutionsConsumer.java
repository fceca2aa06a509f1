package dev.velt.camel.component;

import java.util.Queue;

import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledBatchPollingConsumer;

public class VeltAgentExecutionsConsumer extends ScheduledBatchPollingConsumer {
    public VeltAgentExecutionsConsumer(VeltEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    protected int poll() {
        return 0;
    }

    @Override
    public int processBatch(Queue<Object> exchanges) {
        return 0;
    }
}
