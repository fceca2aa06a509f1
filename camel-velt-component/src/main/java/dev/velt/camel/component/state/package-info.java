/**
 * Where the consumers keep their positions: {@link VeltPositionStore} over any
 * {@link org.apache.camel.spi.StateRepository}, the conditional and removing repositories it uses when it can, and the
 * shard hand-over lists and push inboxes.
 * <h2>The stored format</h2>
 * Keys and values are a stable, documented format, because users keep these files across upgrades; values written by
 * earlier releases are read and rewritten in the current form.
 * Values are one-line JSON; ids inside keys are URL-encoded (so {@code =} and newlines, which
 * {@code FileStateRepository} forbids, cannot occur).
 * <ul>
 * <li>{@code velt.events.execution.<executionId>} = {@code {"seq":12,"terminal":false}}: the last seq of that workflow
 * execution whose exchange completed (or that was skipped by {@code types}, or a gap of internal events skipped), and
 * {@code {"seq":57,"terminal":true}} once its terminal event completed. A named execution keeps its terminal marker; a
 * discovered one's key is removed once the discovery state no longer lists it as live (where the repository can remove
 * keys: the default in-memory one, {@code FileStateRepository}'s cache, {@code JdbcStateRepository}).</li>
 * <li>{@code velt.events.discovery.<definitionId>[.<status>]} =
 * {@code {"watermark":..,"window":{"<id>":<startedAt>},"live":[..],"open":{..},"firstStart":..,"firstPassDone":true}}:
 * the newest {@code startedAt} seen, the ids seen within the lookback window, the discovered executions not yet
 * terminal, and (with a {@code status} filter) the executions running or pending at the last scan; {@code forget}
 * lists ended executions whose keys were being removed when it was written. With
 * {@code shards}, the consumer of shard 0 writes it, and {@code live} lists only the executions of shard 0.</li>
 * <li>{@code velt.events.shard.<definitionId>.<n>} = {@code {"shards":3,"live":["<executionId>",..]}} (with
 * {@code shards}, for each shard n from 1): the executions of shard n that the consumer of shard 0 discovered and
 * handed
 * to the consumer of shard n, until their owner stored the terminal position and shard 0 forgot their position key;
 * written by the consumer of shard 0 only, read
 * by the consumer of shard n at every poll. An execution is listed here only after its position key was written (at
 * {@code {"seq":0,"terminal":false}} when it had none), so a listed execution without a position key ended and was
 * forgotten. The shard of an execution is {@code CRC32(UTF-8 executionId) mod shards}.</li>
 * <li>{@code velt.events.push.<definitionId>.<n>} = {@code {"shards":3,"events":[{<webhook body>},..]}} (with
 * {@code shards} and a push receiver, for each shard n from 0): the pushes of executions of shard n that a replica's
 * push receiver recorded because the consumer of shard n did not run in its JVM, each the webhook body as received
 * (with the {@code x-velt-event-id} added as {@code eventId} when the body had none), in the order recorded, at most
 * {@value ShardPushStore#MAX_EVENTS} events and
 * {@value ShardPushStore#MAX_CHARS} characters; appended by the receivers
 * of every replica, read by the consumer of shard n at
 * every poll, which removes each once it is delivered and committed (or at or below the execution's position). Its
 * order is a version, one more at each write (a compare-and-set: needs an
 * {@link OrderedStateRepository}); the key
 * stays once empty.</li>
 * <li>{@code velt.agentExecutions.<filter>} (filter e.g. {@code agentId:abc,documentId:doc_1}) =
 * {@code {"watermark":..,"window":{..},"pending":{"<runId>":<findings
 * delivered>},"firstStart":..,"firstPassDone":true}}:
 * the same window, and the runs seen but not yet delivered (still running, or whose exchange failed); {@code forget} as
 * above, for delivered runs. With {@code shards}, the consumer of shard 0 writes it, and {@code pending} holds the runs
 * of every shard until they are delivered (shard 0's) or handed over (the others', once finished).</li>
 * <li>{@code velt.agentExecutions.<filter>.run.<runId>} = {@code {"findings":3,"done":false}}: how far the delivery of
 * a pending run got, written when its exchange (or a finding's) completed; removed once the runs state no longer lists
 * the run. With {@code shards}, a run of shard n from 1 gets it from the consumer of shard 0 (at
 * {@code {"findings":0,"done":false}} when it has none) before it is listed for shard n; its owner writes it as above
 * (and {@code done} for a run Velt no longer knows), and the consumer of shard 0 removes it once it says
 * {@code done}.</li>
 * <li>{@code velt.agentExecutions.shard.<filter>.<n>} = {@code {"shards":3,"live":["<runId>",..]}} (with
 * {@code shards}, for each shard n from 1): the finished runs of shard n that the consumer of shard 0 handed to the
 * consumer of shard n, until their owner stored them {@code done} and shard 0 removed their progress key; written by
 * the consumer of shard 0 only, read by the consumer of shard n at every poll. A listed run without a progress key was
 * delivered and forgotten. The shard of a run is {@code CRC32(UTF-8 runId) mod shards}.</li>
 * </ul>
 * Older values carried {@code "seen":[ids at the watermark]} instead of {@code window}; they are read as a window
 * holding those ids at the watermark.
 * <p>
 * Positions never move back: where the repository writes conditionally
 * ({@link OrderedStateRepository}), an execution's
 * position is ordered by its seq, and a scan state by the epoch of the consumer that wrote it (each start takes the
 * next
 * epoch), then a counter; a late write of an overtaken thread or of a replica that lost its leadership is refused.
 */
package dev.velt.camel.component.state;
