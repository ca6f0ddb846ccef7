package io.readstates.workload;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The traffic model, as data: who exists (the population, sized relative to the cache), who is
 * active (Zipf over users, a power skew over each user's channels) and what they do (the mix of
 * the service's flows). Named presets make runs comparable across machines and months.
 *
 * @param name                 preset name, or "custom"
 * @param workingSetFactor     population states ÷ cache capacity (≥ 1); 1 keeps everything resident
 * @param meanChannelsPerUser  mean channels a user is in (counts are exponentially skewed, at least 1)
 * @param userZipfExponent     Zipf exponent of user activity (0 = uniform)
 * @param channelSkew          skew of activity over a user's channels (0 = uniform; 2 = strongly favours a few)
 * <p>The four percentages are shares of events; a mass mention is one event that adds
 * {@code massMentionSize - 1} further mention operations.
 *
 * @param ackPercent           share of acks
 * @param mentionPercent       share of mentions (message sends that mention the user)
 * @param getPercent           share of single-state reads
 * @param readyPercent         share of connects (READY: every state of the user)
 * @param massMentionChance    probability that a mention is an @everyone-style burst
 * @param massMentionSize      users touched by one burst (at most the channel's members when channels are shared)
 * @param membersPerChannel    mean members of a channel: 1 means every channel belongs to one user; above 1 users
 *                             share channels (guilds), and a burst fans out over the members of one channel
 * @param channelZipfExponent  with shared channels, how unequal channel sizes are (0 = even; 1 = a few hot channels
 *                             with a large share of all members)
 */
public record WorkloadSpec(
        String name,
        double workingSetFactor,
        int meanChannelsPerUser,
        double userZipfExponent,
        double channelSkew,
        double ackPercent,
        double mentionPercent,
        double getPercent,
        double readyPercent,
        double massMentionChance,
        int massMentionSize,
        double membersPerChannel,
        double channelZipfExponent) {

    public WorkloadSpec {
        require(workingSetFactor >= 1 && workingSetFactor <= 1000, "working-set factor must be between 1 and 1000 (population ÷ cache capacity), got " + workingSetFactor);
        require(meanChannelsPerUser >= 1 && meanChannelsPerUser <= 10_000, "mean channels per user must be between 1 and 10000, got " + meanChannelsPerUser);
        require(userZipfExponent >= 0 && userZipfExponent <= 5, "user Zipf exponent must be between 0 and 5, got " + userZipfExponent);
        require(channelSkew >= 0 && channelSkew <= 10, "channel skew must be between 0 and 10, got " + channelSkew);
        for (double p : new double[] {ackPercent, mentionPercent, getPercent, readyPercent}) {
            require(p >= 0, "operation percentages must be >= 0, got ack " + ackPercent + ", mention " + mentionPercent + ", get " + getPercent + ", ready " + readyPercent);
        }
        double sum = ackPercent + mentionPercent + getPercent + readyPercent;
        require(Math.abs(sum - 100) < 1e-6, "operation percentages must add up to 100, got " + sum);
        require(massMentionChance >= 0 && massMentionChance <= 1, "mass-mention chance must be between 0 and 1, got " + massMentionChance);
        require(massMentionSize >= 1, "mass-mention size must be >= 1, got " + massMentionSize);
        require(membersPerChannel >= 1 && membersPerChannel <= 1_000_000, "members per channel must be between 1 and 1000000, got " + membersPerChannel);
        require(channelZipfExponent >= 0 && channelZipfExponent <= 5, "channel Zipf exponent must be between 0 and 5, got " + channelZipfExponent);
    }

    /** A workload whose channels each belong to one user. */
    public WorkloadSpec(String name, double workingSetFactor, int meanChannelsPerUser, double userZipfExponent, double channelSkew,
                        double ackPercent, double mentionPercent, double getPercent, double readyPercent, double massMentionChance,
                        int massMentionSize) {
        this(name, workingSetFactor, meanChannelsPerUser, userZipfExponent, channelSkew, ackPercent, mentionPercent, getPercent, readyPercent,
                massMentionChance, massMentionSize, 1, 0);
    }

    /** True when users share channels. */
    public boolean sharedChannels() {
        return membersPerChannel > 1;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The cache holds everything (working set = capacity): the pure GC question, as in the case study's hot nodes. */
    public static final WorkloadSpec RESIDENT = new WorkloadSpec("resident", 1.0, 20, 0.9, 1.0, 55, 40, 5, 0, 0, 1);

    /**
     * Discord, 2019: more states than the cache, skewed activity, connects, and channels shared by
     * 50 members on average with a few hot ones, where an @everyone mention reaches up to 50 members.
     */
    public static final WorkloadSpec DISCORD_2019 = new WorkloadSpec("discord-2019", 1.25, 20, 1.0, 1.5, 52, 40, 7.5, 0.5, 0.001, 50, 50, 1.0);

    /** A tiny, quick model for tests: misses, evictions and every flow within seconds. */
    public static final WorkloadSpec SMALL = new WorkloadSpec("small", 2.0, 8, 1.0, 1.0, 45, 40, 10, 5, 0.01, 10);

    private static final Map<String, WorkloadSpec> PRESETS = presets();

    private static Map<String, WorkloadSpec> presets() {
        Map<String, WorkloadSpec> m = new LinkedHashMap<>();
        for (WorkloadSpec s : new WorkloadSpec[] {RESIDENT, DISCORD_2019, SMALL}) {
            m.put(s.name(), s);
        }
        return m;
    }

    public static WorkloadSpec preset(String name) {
        WorkloadSpec s = PRESETS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown workload preset '" + name + "'; known presets: " + String.join(", ", PRESETS.keySet()));
        }
        return s;
    }

    public static String presetNames() {
        return String.join(", ", PRESETS.keySet());
    }

    /** Population size in states for a cache of {@code capacity} states. */
    public long populationStates(long capacity) {
        return Math.round(capacity * workingSetFactor);
    }

    /** One line naming every parameter, for result files. */
    public String describe() {
        return Arrays.stream(getClass().getRecordComponents())
                .map(c -> {
                    try {
                        return c.getName() + "=" + c.getAccessor().invoke(this);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .collect(Collectors.joining(" "));
    }
}
