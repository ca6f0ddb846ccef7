package io.readstates.workload;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;
import org.apache.commons.rng.simple.RandomSource;

import java.util.SplittableRandom;

/**
 * Who exists: users, and the channels each is in. Deterministic from (states, mean channels,
 * seed), so two runs — or two machines — see the same keys.
 *
 * <p>Channel counts per user are exponentially distributed around the mean (most users are in a
 * few channels, some in many), at least one. State {@code s} (0 ≤ s < {@link #states()}) is the
 * {@code k}-th channel of user {@code u} where {@code offsets[u] ≤ s < offsets[u+1]}; IDs are
 * Snowflakes.
 *
 * <p>Channels are either private to a user (one state per channel) or shared: then there are
 * {@code states ÷ membersPerChannel} channels, each state joins one drawn from a Zipf distribution
 * over them (a few hot channels with many members, many small ones), a user never joins the same
 * channel twice, and an index from channel to member states (compressed rows: two {@code int[]})
 * lets a message fan out over a channel's members. Keys stay (user, channel) pairs either way.
 */
public final class Population {
    private static final int JOIN_ATTEMPTS = 32;
    private final int[] offsets;
    private final int users;
    private final int channels;
    private final int[] channelOfState;
    private final int[] memberOffsets;
    private final int[] memberStates;

    /** The population a workload describes: its channel counts and, if it shares channels, its channel sizes. */
    public static Population of(WorkloadSpec spec, long states, long seed) {
        return new Population(states, spec.meanChannelsPerUser(), seed, spec.membersPerChannel(), spec.channelZipfExponent());
    }

    /** Channels private to each user. */
    public Population(long targetStates, int meanChannelsPerUser, long seed) {
        this(targetStates, meanChannelsPerUser, seed, 1, 0);
    }

    public Population(long targetStates, int meanChannelsPerUser, long seed, double membersPerChannel, double channelZipfExponent) {
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
        if (membersPerChannel > 1) {
            this.channels = (int) Math.max(1, Math.round(total / membersPerChannel));
            this.channelOfState = joinChannels(seed, channelZipfExponent);
            this.memberOffsets = new int[channels + 1];
            this.memberStates = new int[(int) total];
            indexMembers();
        } else {
            this.channels = 0;
            this.channelOfState = null;
            this.memberOffsets = null;
            this.memberStates = null;
        }
    }

    /**
     * Each state joins a channel drawn by popularity (rejection-inversion Zipf sampling, Commons
     * RNG); a draw the user already joined is redrawn, and after {@value #JOIN_ATTEMPTS} tries (a
     * user in more channels than the hot ones can serve) the state gets a channel of its own.
     */
    private int[] joinChannels(long seed, double exponent) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {seed, 0xC4A77E15L});
        SharedStateDiscreteSampler zipf = exponent > 0 ? RejectionInversionZipfSampler.of(rng, channels, exponent) : null;
        long multiplier = Permutation.multiplier(channels);
        int total = offsets[users];
        int[] of = new int[total];
        for (int u = 0; u < users; u++) {
            for (int s = offsets[u]; s < offsets[u + 1]; s++) {
                int c = -1;
                for (int attempt = 0; attempt < JOIN_ATTEMPTS && c < 0; attempt++) {
                    long rank = zipf != null ? zipf.sample() - 1 : rng.nextInt(channels);
                    int candidate = (int) ((rank * multiplier) % channels);
                    c = candidate;
                    for (int t = offsets[u]; t < s; t++) {
                        if (of[t] == candidate) {
                            c = -1;
                            break;
                        }
                    }
                }
                of[s] = c >= 0 ? c : channels + s;
            }
        }
        return of;
    }

    /** Counting sort of states by channel: members of channel c are memberStates[memberOffsets[c] .. memberOffsets[c+1]). */
    private void indexMembers() {
        for (int c : channelOfState) {
            if (c < channels) {
                memberOffsets[c + 1]++;
            }
        }
        for (int c = 0; c < channels; c++) {
            memberOffsets[c + 1] += memberOffsets[c];
        }
        int[] next = java.util.Arrays.copyOf(memberOffsets, channels);
        for (int s = 0; s < channelOfState.length; s++) {
            int c = channelOfState[s];
            if (c < channels) {
                memberStates[next[c]++] = s;
            }
        }
    }

    /** True when users share channels. */
    public boolean sharedChannels() {
        return channelOfState != null;
    }

    /** Shared channels in the population (0 when channels are private). */
    public int channels() {
        return channels;
    }

    /** The channel (index) state {@code s} belongs to; only with shared channels. */
    public int channelOfState(int s) {
        return channelOfState[s];
    }

    /** Members (states) of shared channel {@code c}; 0 for a channel of its own. */
    public int members(int c) {
        return c < channels ? memberOffsets[c + 1] - memberOffsets[c] : 0;
    }

    /** The {@code i}-th member state of shared channel {@code c}. */
    public int member(int c, int i) {
        return memberStates[memberOffsets[c] + i];
    }

    /** The user a state belongs to (binary search over the users' first states). */
    public int userOfState(int s) {
        int lo = 0;
        int hi = users - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (offsets[mid] <= s) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
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
        return channelOfState != null ? sharedChannelId(channelOfState[s]) : Snowflakes.of(Snowflakes.USER_EPOCH_MS + (s >>> 10), s & 0x3FF);
    }

    /** The ID of shared channel {@code c} (or of a state's own channel, numbered from {@link #channels()} on). */
    public static long sharedChannelId(int c) {
        return Snowflakes.of(Snowflakes.USER_EPOCH_MS + (c >>> 10), c & 0x3FF);
    }
}
