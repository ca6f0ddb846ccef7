package io.readstates.store.engine;

import java.util.Arrays;

/**
 * Dirty states that were evicted and whose write to the backing store is still in flight. A miss on
 * such a state takes its value from here: the backing store may not have it yet.
 *
 * <p>Small (one entry per thread evicting at that moment) and guarded by the store's lock, so a
 * linear scan beats any index. The same key can be pending twice (evicted, reloaded from here,
 * changed, evicted again); {@link #find} returns the newest.
 */
final class PendingWrites {
    private long[] users = new long[16];
    private long[] channels = new long[16];
    private long[] lasts = new long[16];
    private int[] mentions = new int[16];
    private long[] versions = new long[16];
    private int size;

    void add(long user, long channel, long last, int mentionCount, long version) {
        if (size == users.length) {
            int n = size * 2;
            users = Arrays.copyOf(users, n);
            channels = Arrays.copyOf(channels, n);
            lasts = Arrays.copyOf(lasts, n);
            mentions = Arrays.copyOf(mentions, n);
            versions = Arrays.copyOf(versions, n);
        }
        users[size] = user;
        channels[size] = channel;
        lasts[size] = last;
        mentions[size] = mentionCount;
        versions[size] = version;
        size++;
    }

    /** Index of the newest pending write of (user, channel), or -1. */
    int find(long user, long channel) {
        int best = -1;
        for (int i = 0; i < size; i++) {
            if (users[i] == user && channels[i] == channel && (best < 0 || versions[i] > versions[best])) {
                best = i;
            }
        }
        return best;
    }

    long last(int i) { return lasts[i]; }
    int mentions(int i) { return mentions[i]; }
    int size() { return size; }

    /**
     * The write of (user, channel) with this version has landed: removes it and every older pending
     * write of the same state. Those may still be in flight, but the backing store keeps the highest
     * version, so their values are superseded — and keeping them would let a miss read an older
     * value here than the backing store already holds (writes can complete out of order). Their own
     * completion then finds nothing left to remove.
     */
    void remove(long user, long channel, long version) {
        int i = 0;
        while (i < size) {
            if (users[i] == user && channels[i] == channel && versions[i] <= version) {
                int last = --size;
                users[i] = users[last];
                channels[i] = channels[last];
                lasts[i] = lasts[last];
                mentions[i] = mentions[last];
                versions[i] = versions[last];
            } else {
                i++;
            }
        }
    }
}
