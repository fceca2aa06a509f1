package dev.velt.camel.component.consumer;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per group (an execution), striped so that memory does not grow with the executions ever seen: whoever
 * delivers an item of a group (the polling thread, or an HTTP thread with a push) holds its lock, so the two never
 * deliver the same group at once. Two groups may share a stripe; that only makes one wait for the other.
 */
public final class GroupLocks {

    private static final int STRIPES = 256;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    public GroupLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    public ReentrantLock of(String group) {
        return stripes[Math.floorMod(group.hashCode(), STRIPES)];
    }
}
