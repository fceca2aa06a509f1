package dev.velt.camel.component.state;

import org.apache.camel.spi.StateRepository;

/**
 * A state repository that can also remove a key. Camel's {@link StateRepository} cannot, so with a plain one an ended
 * execution's terminal marker stays behind; with this one the consumers remove it, and the state stays bounded by what
 * is live. The in-memory default and {@code camel-velt-state-jdbc}'s repository implement it.
 */
public interface RemovableStateRepository extends StateRepository<String, String> {

    /** Removes the key; true when it was there. */
    boolean removeState(String key);
}
