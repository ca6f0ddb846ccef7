package io.readstates.workload;

/**
 * Discord-style Snowflake IDs: milliseconds since the Discord epoch (2015-01-01) in the high 42
 * bits, then worker, process and sequence bits. Stores see realistic 64-bit keys whose high bits
 * are shared — which is why they must hash them well.
 *
 * <p>Reference: Discord developer documentation, "Snowflakes".
 */
public final class Snowflakes {
    /** 2015-01-01T00:00:00Z in Unix milliseconds. */
    public static final long DISCORD_EPOCH_MS = 1_420_070_400_000L;
    /** Users and channels are dated around 2017, messages around the case study's 2019. */
    static final long USER_EPOCH_MS = 1_483_228_800_000L;
    static final long MESSAGE_EPOCH_MS = 1_546_300_800_000L;

    private Snowflakes() {
    }

    public static long of(long unixMillis, long low22Bits) {
        return ((unixMillis - DISCORD_EPOCH_MS) << 22) | (low22Bits & 0x3FFFFF);
    }

    public static long unixMillis(long snowflake) {
        return (snowflake >>> 22) + DISCORD_EPOCH_MS;
    }
}
