package io.readstates.store.support;

/**
 * Hash mixing for (user, channel) keys. Snowflake IDs share their high bits (timestamps), so raw
 * IDs cluster badly in power-of-two tables; the finaliser of MurmurHash3 spreads every input bit.
 *
 * <p>Reference: Austin Appleby, MurmurHash3 {@code fmix64}.
 */
public final class Hashing {
    private Hashing() {
    }

    public static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    public static long mix(long userId, long channelId) {
        return mix(userId * 0x9E3779B97F4A7C15L + channelId);
    }

    /** Smallest power of two ≥ {@code n / loadFactor}, as an int table length. */
    public static int tableLength(long n, double loadFactor) {
        long want = (long) Math.ceil(Math.max(2, n) / loadFactor);
        long len = Long.highestOneBit(want - 1) << 1;
        if (len > (1L << 30)) {
            throw new IllegalArgumentException("capacity " + n + " needs a hash table of " + len
                    + " slots; at most 2^30 are supported (use the sharded store for more states)");
        }
        return (int) len;
    }
}
