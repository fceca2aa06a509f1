package dev.velt.camel.component.observability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.velt.camel.client.VeltCallStats;
import dev.velt.camel.component.VeltOperation;
import dev.velt.camel.component.consumer.VeltPollingConsumer;
import org.apache.camel.Route;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonObject;

/**
 * The {@code velt} dev console: per Velt consumer its route, what it tracks (live executions with their last delivered
 * seq, or pending agent runs; at most {@value VeltConsumerStatus#TRACKED_LIMIT} listed), its last poll and outcome, the
 * last poll error, its item counters, the API calls of its endpoint and the pushes received.
 */
@DevConsole(name = "velt", displayName = "Velt", description = "Velt consumers: tracked executions and runs, polls, errors")
public class VeltDevConsole extends AbstractDevConsole {

    public VeltDevConsole() {
        super("camel", "velt", "Velt", "Velt consumers: tracked executions and runs, polls, errors");
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> c : consumers()) {
            sb.append(String.format("%n    Route Id: %s", c.get("routeId")));
            sb.append(String.format("%n    From: %s", c.get("uri")));
            sb.append(String.format("%n    Polls: %s (last at %s, %s ms, %s)", c.get("polls"), c.get("lastPollAt"),
                    c.get("lastPollMillis"), c.get("lastPollOutcome")));
            if (c.get("lastError") != null) {
                sb.append(String.format("%n    Last Error: %s (at %s)", c.get("lastError"), c.get("lastErrorAt")));
            }
            sb.append(String.format("%n    Items: %s delivered, %s failed, %s positions committed", c.get("itemsDelivered"),
                    c.get("itemsFailed"), c.get("positionsCommitted")));
            sb.append(String.format("%n    API Calls: %s succeeded, %s failed, %s retries", c.get("callsSucceeded"),
                    c.get("callsFailed"), c.get("retries")));
            sb.append(String.format("%n    Pushes: %s received, %s refused", c.get("pushesReceived"), c.get("pushesRefused")));
            Map<?, ?> tracked = (Map<?, ?>) c.get("tracked");
            sb.append(String.format("%n    %s: %s", c.get("trackedKind"), c.get("trackedCount")));
            tracked.forEach((id, value) -> sb.append(String.format("%n        %s: %s", id, value)));
            if ((int) c.get("trackedCount") > tracked.size()) {
                sb.append(String.format("%n        ... %d more", (int) c.get("trackedCount") - tracked.size()));
            }
            sb.append("\n");
        }
        return sb.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        JsonObject root = new JsonObject();
        List<JsonObject> list = new ArrayList<>();
        for (Map<String, Object> c : consumers()) {
            list.add(new JsonObject(c));
        }
        root.put("veltConsumers", list);
        return root;
    }

    private List<Map<String, Object>> consumers() {
        List<Map<String, Object>> answer = new ArrayList<>();
        for (Route route : getCamelContext().getRoutes()) {
            if (route.getConsumer() instanceof VeltPollingConsumer consumer) {
                answer.add(describe(route, consumer));
            }
        }
        return answer;
    }

    private static Map<String, Object> describe(Route route, VeltPollingConsumer consumer) {
        JsonObject jo = new JsonObject();
        jo.put("routeId", route.getRouteId());
        jo.put("uri", consumer.getEndpoint().getEndpointUri());
        jo.put("operation", consumer.getEndpoint().getOperation().name());
        jo.put("polls", consumer.getVeltPolls());
        jo.put("itemsDelivered", consumer.getItemsDelivered());
        jo.put("itemsFailed", consumer.getItemsFailed());
        jo.put("positionsCommitted", consumer.getPositionsCommitted());
        VeltCallStats stats = consumer.getEndpoint().getClient() == null ? null : consumer.getEndpoint().getClient().getStats();
        jo.put("callsSucceeded", stats == null ? 0 : stats.getSucceeded());
        jo.put("callsFailed", stats == null ? 0 : stats.getFailed());
        jo.put("retries", stats == null ? 0 : stats.getRetries());
        boolean events = consumer.getEndpoint().getOperation() == VeltOperation.events;
        jo.put("trackedKind", events ? "Live Executions (last delivered seq)" : "Pending Runs (findings delivered)");
        VeltConsumerStatus status = VeltPollObserver.statusOf(consumer);
        if (status == null) {
            jo.put("tracked", Map.of());
            jo.put("trackedCount", 0);
            putPushes(jo, consumer);
            return jo;
        }
        jo.put("lastPollAt", status.lastPollAt() == 0 ? null : Instant.ofEpochMilli(status.lastPollAt()).toString());
        jo.put("lastPollMillis", status.lastPollMillis());
        jo.put("lastPollOutcome", status.lastPollOutcome());
        if (status.lastError() != null) {
            jo.put("lastError", status.lastError());
            jo.put("lastErrorAt", Instant.ofEpochMilli(status.lastErrorAt()).toString());
        }
        jo.put("tracked", new JsonObject(status.tracked()));
        jo.put("trackedCount", status.trackedCount());
        putPushes(jo, consumer);
        return jo;
    }

    private static void putPushes(JsonObject jo, VeltPollingConsumer consumer) {
        jo.put("pushesReceived", consumer.pushesReceived());
        jo.put("pushesRefused", consumer.pushesRefused());
    }
}
