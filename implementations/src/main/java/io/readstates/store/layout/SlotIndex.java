package io.readstates.store.layout;

/**
 * Maps (user, channel) to a slot of {@link SlotLruLayout}. The hash index gives O(1) lookups; the
 * B+tree keeps keys ordered so a user's states are adjacent (Rust's {@code BTreeMap}, which the
 * Read States rewrite switched to) and grows only with what it holds.
 */
public interface SlotIndex {
    /** The slot of (user, channel), or -1. */
    int find(long userId, long channelId);

    /** Adds a key that is not present. */
    void insert(long userId, long channelId, int slot);

    /** Removes a key that is present. */
    void remove(long userId, long channelId);

    /** Keys held, for invariant checks. */
    long count();

    /** Builds an index over the layout's columns, sized for {@code capacity}. */
    @FunctionalInterface
    interface Factory {
        SlotIndex create(SlotColumns columns, int capacity);
    }
}
