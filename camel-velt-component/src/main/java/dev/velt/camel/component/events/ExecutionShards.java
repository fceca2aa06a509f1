package dev.velt.camel.component.events;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Which shard an execution belongs to, with {@code shards} = K: {@code CRC32(UTF-8 bytes of the executionId) mod K},
 * the CRC32 taken as the unsigned 32-bit value {@link CRC32#getValue()} returns (the checksum of zip, PNG and
 * Ethernet). This is part of the stored format: every replica, of every version, must put an execution in the same
 * shard, because the shard decides which consumer delivers it and under which hand-over key it is listed. It must
 * never change.
 */
public final class ExecutionShards {

    private ExecutionShards() {
    }

    /**
     * The shard of {@code executionId} among {@code shards}.
     *
     * @throws IllegalArgumentException when {@code shards} is not positive
     */
    public static int of(String executionId, int shards) {
        if (shards <= 0) {
            throw new IllegalArgumentException("shards must be positive, was " + shards);
        }
        CRC32 crc = new CRC32();
        crc.update(executionId.getBytes(StandardCharsets.UTF_8));
        return (int) Math.floorMod(crc.getValue(), (long) shards);
    }
}
