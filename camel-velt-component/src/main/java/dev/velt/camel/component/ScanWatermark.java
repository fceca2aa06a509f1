package dev.velt.camel.component;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a newest-first list scan (executions or agent runs) learns about where "already seen" begins: the newest
 * {@code startedAt} seen, and the ids started at exactly that time (ties the next scan must not take for new).
 */
final class ScanWatermark {

    private final Long previous;
    private final Set<String> seenBefore;
    private final Set<String> atNewest;
    private Long newest;

    ScanWatermark(Long watermark, List<String> seen) {
        this.previous = watermark;
        this.newest = watermark;
        this.seenBefore = new HashSet<>(seen);
        this.atNewest = new HashSet<>(seen);
    }

    /** True for an item that started before the previous scan's newest: from there on the list was read before. */
    boolean isOlderThanSeen(long started) {
        return previous != null && started < previous;
    }

    /** Records an item not older than what was seen. */
    void observe(String id, long started) {
        if (newest == null || started > newest) {
            newest = started;
            atNewest.clear();
        }
        if (started == newest) {
            atNewest.add(id);
        }
    }

    /** True for an id the previous scan saw at its newest {@code startedAt}. */
    boolean wasSeenAtWatermark(String id) {
        return seenBefore.contains(id);
    }

    /** True when this scan moved the watermark or saw new ties, so the state needs saving. */
    boolean moved() {
        return !Objects.equals(newest, previous) || !atNewest.equals(seenBefore);
    }

    Long newest() {
        return newest;
    }

    List<String> idsAtNewest() {
        return new ArrayList<>(atNewest);
    }
}
