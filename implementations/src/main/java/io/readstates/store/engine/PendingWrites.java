package io.readstates.store.engine;

import io.readstates.store.backing.WriteBatch;

/**
 * Dirty states that were evicted and whose write to the backing store is still in flight. A miss on
 * such a state takes its value from here: the backing store may not have it yet.
 *
 * <p>Small (one entry per thread evicting at that moment) and guarded by the store's lock, so a
 * linear scan beats any index. The same key can be pending twice (evicted, reloaded from here,
 * changed, evicted again); {@link #find} returns the newest.
 */
final class PendingWrites {
    private final WriteBatch entries = new WriteBatch(16);

    void add(long user, long channel, long last, int mentionCount, long version) {
        entries.add(user, channel, last, mentionCount, version);
    }

    /** Index of the newest pending write of (user, channel), or -1. */
    int find(long user, long channel) {
        int best = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.userId(i) == user && entries.channelId(i) == channel && (best < 0 || entries.version(i) > entries.version(best))) {
                best = i;
            }
        }
        return best;
    }

    long last(int i) { return entries.lastMessageId(i); }
    int mentions(int i) { return entries.mentionCount(i); }
    int size() { return entries.size(); }

    /**
     * The write of (user, channel) with this version has landed: removes it and every older pending
     * write of the same state. Those may still be in flight, but the backing store keeps the highest
     * version, so their values are superseded — and keeping them would let a miss read an older
     * value here than the backing store already holds (writes can complete out of order). Their own
     * completion then finds nothing left to remove.
     */
    void remove(long user, long channel, long version) {
        int i = 0;
        while (i < entries.size()) {
            if (entries.userId(i) == user && entries.channelId(i) == channel && entries.version(i) <= version) {
                entries.removeAt(i);
            } else {
                i++;
            }
        }
    }
}
