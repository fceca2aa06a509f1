package dev.velt.camel.examples.springboot;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.velt.camel.component.VeltConstants;
import dev.velt.camel.model.ExecutionView;
import dev.velt.camel.model.WorkflowEvent;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where the route hands each event, together with its execution as it was when the event was processed. A real
 * application would update a dashboard, notify someone or start follow-up work; this one keeps the entries in memory.
 */
@Component("executionEventLog")
public class ExecutionEventLog {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionEventLog.class);

    /**
     * One processed event: the execution it belongs to, its seq and type, the execution's status then, and whether it
     * came by push or by poll.
     */
    public record Entry(String executionId, long seq, String type, String executionStatus, String definitionId,
            String deliveredBy) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** Called by the route: {@code event} is the variable set from the consumer's body, the body is the execution. */
    public void record(@Variable("event") WorkflowEvent event, @Body ExecutionView execution,
            @Header(VeltConstants.DELIVERED_BY) String deliveredBy) {
        Entry entry = new Entry(execution.getExecutionId(), event.getSeq(), event.getType(), execution.getStatus(),
                execution.getDefinitionId(), deliveredBy);
        entries.add(entry);
        LOG.info("Recorded {}", entry);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }
}
