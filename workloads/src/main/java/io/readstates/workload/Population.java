package io.readstates.workload;

import java.util.SplittableRandom;

/**
 * Who exists: users, and the channels each is in. Deterministic from (states, mean channels,
 * seed), so two runs — or two machines — see the same keys.
 *
 * <p>Channel counts per user are exponentially distributed around the mean (most users are in a
 * few channels, some in many), at least one. State {@code s} (0 ≤ s < {@link #states()}) is the
 * {@code k}-th channel of user {@code u} where {@code offsets[u] ≤ s < offsets[u+1]}; IDs are
 * Snowflakes, unique per user and per state. Channels are not shared between users: a read state
 * is keyed by the pair, and which other users are in the channel never reaches a store.
 */
public final class Population {
    private final int[] offsets;
    private final int users;

    public Population(long targetStates, int meanChannelsPerUser, long seed) {
        if (targetStates < 1 || targetStates > Integer.MAX_VALUE - 100_000) {
            throw new IllegalArgumentException("population must be between 1 and " + (Integer.MAX_VALUE - 100_000) + " states, got " + targetStates);
        }
        if (meanChannelsPerUser < 1 || meanChannelsPerUser > targetStates) {
            throw new IllegalArgumentException("mean channels per user must be between 1 and the population (" + targetStates
                    + " states), got " + meanChannelsPerUser + ": there would be fewer than one user");
        }
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5EED_0F_0DDL);
        int[] off = new int[(int) Math.min(Integer.MAX_VALUE - 8, targetStates / meanChannelsPerUser + 16)];
        int cap = meanChannelsPerUser * 20;
        int n = 0;
        long total = 0;
        while (total < targetStates) {
            if (n + 1 >= off.length) {
                off = java.util.Arrays.copyOf(off, off.length + off.length / 4 + 16);
            }
            off[n++] = (int) total;
            long count = 1 + (long) Math.min(cap, -Math.log(1 - rnd.nextDouble()) * (meanChannelsPerUser - 1));
            total += Math.min(count, targetStates - total);
        }
        off[n] = (int) total;
        this.offsets = off;
        this.users = n;
    }

    public int users() {
        return users;
    }

    public long states() {
        return offsets[users];
    }

    public int channelsOf(int user) {
        return offsets[user + 1] - offsets[user];
    }

    /** Global index of the user's k-th state. */
    public int stateIndex(int user, int k) {
        return offsets[user] + k;
    }

    public static long userId(int user) {
        return Snowflakes.of(Snowflakes.USER_EPOCH_MS + user, user * 0x9E37L);
    }

    public long channelId(int user, int k) {
        int s = stateIndex(user, k);
        return Snowflakes.of(Snowflakes.USER_EPOCH_MS + (s >>> 10), s & 0x3FF);
    }
}
