package dev.velt.camel.test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request the simulator received.
 *
 * @param at epoch ms of its arrival
 * @param path e.g. {@code /v2/workflow/executions/getEvents}
 * @param apiKey its {@code x-velt-api-key}, or null
 * @param data its {@code data} object (a missing node when the body had none)
 * @param fault the fault it was answered with, or null
 * @param tick the simulated clock's tick (seconds) when it was answered
 */
public record SimRequest(long at, String path, String apiKey, JsonNode data, Fault fault, long tick) {
}
