package dev.velt.camel.component.state;

import org.apache.camel.spi.StateRepository;

/**
 * A state repository that writes conditionally: a value replaces the stored one only if it is ahead of it. The Velt
 * consumers give every value they write an order (an execution's position: its seq; a consumer's scan state: the epoch
 * of the consumer that wrote it, then a counter), so that a late write of a replica that lost its leadership, or of a
 * thread that was overtaken, can never move a position back.
 * <p>
 * A repository that does not implement this interface is written unconditionally (last writer wins): enough for one
 * consumer per repository key, which is what a single JVM, or {@code master:} with a lock that never lets two leaders
 * overlap, gives. Several replicas writing one repository need this interface, each decision atomic (a conditional
 * SQL write, a compare-and-set), as {@code JdbcStateRepository} does.
 */
public interface OrderedStateRepository extends StateRepository<String, String> {

    /**
     * Stores {@code value} under {@code key} only if no value is stored there yet, or the stored value's order is lower
     * than {@code order}; atomically.
     *
     * @return true when the value was stored; false when the stored value was ahead or equal (it is kept)
     */
    boolean setStateIfAhead(String key, String value, long order);

    /** The order stored with the value under {@code key}; null when there is none. */
    Long getOrder(String key);
}
