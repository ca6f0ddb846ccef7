package io.readstates.store.engine;

/**
 * A ring of the most recent states that left the cache: evicted clean, or evicted dirty and then
 * written. A miss loads from the backing store outside the store's lock; if the same state left the
 * cache while that load was in flight, the loaded value may predate the state's last write, and the
 * miss must retry. This log answers "did (user, channel) — or any state of this user — leave since
 * sequence number s?" in O(entries since s); if more than the ring holds have left, it answers yes
 * (a retry is always safe).
 *
 * <p>Not thread-safe: its owner writes and queries it under the owner's lock; {@link #sequence()}
 * may be read without it.
 */
public final class EvictionLog {
    private final long[] users;
    private final long[] channels;
    private final int mask;
    private volatile long sequence;

    public EvictionLog(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("eviction log size must be a power of two");
        }
        users = new long[capacityPowerOfTwo];
        channels = new long[capacityPowerOfTwo];
        mask = capacityPowerOfTwo - 1;
    }

    public long sequence() {
        return sequence;
    }

    public void record(long user, long channel) {
        long s = sequence;
        users[(int) s & mask] = user;
        channels[(int) s & mask] = channel;
        sequence = s + 1;
    }

    public boolean leftSince(long since, long user, long channel) {
        long now = sequence;
        if (now - since > users.length) {
            return true;
        }
        for (long s = since; s < now; s++) {
            if (users[(int) s & mask] == user && channels[(int) s & mask] == channel) {
                return true;
            }
        }
        return false;
    }

    public boolean userLeftSince(long since, long user) {
        long now = sequence;
        if (now - since > users.length) {
            return true;
        }
        for (long s = since; s < now; s++) {
            if (users[(int) s & mask] == user) {
                return true;
            }
        }
        return false;
    }
}
