package io.readstates.workload;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * A seeded, reproducible, allocation-free stream of operations over a {@link Population}.
 *
 * <p>Streams partition one global schedule: stream {@code lane} of {@code lanes} produces the
 * operations with global index {@code lane, lane + lanes, …}, so each driver worker owns one lane,
 * message IDs (derived from the global index) increase along the schedule, and the same seed gives
 * the same operations for the same number of lanes. Users are drawn from a Zipf
 * distribution (rejection-inversion sampling, Hörmann &amp; Derflinger 1996, as implemented by
 * Apache Commons RNG) and mapped through a fixed permutation so that hot users are spread over the
 * ID space; a user's channel is drawn with a power skew towards the user's first channels.
 */
public final class OperationStream implements OperationSource {
    private final Population population;
    private final WorkloadSpec spec;
    private final UniformRandomProvider rng;
    private final SharedStateDiscreteSampler userSampler;
    private final long lanes;
    private final long permutationMultiplier;
    private final double ackBelow;
    private final double mentionBelow;
    private final double getBelow;
    private final double channelPower;
    private long index;
    private int burstLeft;
    private long burstMessageId;
    private int burstChannel = -1;
    private int burstMembers;
    private int burstStart;
    private int burstNext;
    private int burstOrigin;
    private int lastState;

    public OperationStream(Population population, WorkloadSpec spec, long seed, int lane, int lanes) {
        if (lanes < 1 || lane < 0 || lane >= lanes) {
            throw new IllegalArgumentException("lane must be in [0, lanes), got lane " + lane + " of " + lanes);
        }
        this.population = population;
        this.spec = spec;
        this.rng = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {seed, lane * 0x9E3779B97F4A7C15L + 1});
        this.userSampler = spec.userZipfExponent() > 0
                ? RejectionInversionZipfSampler.of(rng, population.users(), spec.userZipfExponent())
                : null;
        this.lanes = lanes;
        this.index = lane;
        this.permutationMultiplier = Permutation.multiplier(population.users());
        this.ackBelow = spec.ackPercent();
        this.mentionBelow = ackBelow + spec.mentionPercent();
        this.getBelow = mentionBelow + spec.getPercent();
        this.channelPower = 1 + spec.channelSkew();
    }

    private int drawUser() {
        int users = population.users();
        long rank = userSampler != null ? userSampler.sample() - 1 : rng.nextInt(users);
        return (int) ((rank * permutationMultiplier) % users);
    }

    private int drawChannel(int user) {
        int n = population.channelsOf(user);
        return Math.min(n - 1, (int) (n * Math.pow(rng.nextDouble(), channelPower)));
    }

    /** Global index of the next operation in the schedule. */
    public long nextIndex() {
        return index;
    }

    /** Fills {@code op} with the next operation of this lane. */
    @Override
    public void next(Operation op) {
        long i = index;
        index += lanes;
        long messageId = Snowflakes.of(Snowflakes.MESSAGE_EPOCH_MS + (i >>> 12), i & 0xFFF);
        if (burstLeft > 0) {
            burstLeft--;
            if (burstChannel >= 0) {
                int member;
                do {
                    member = population.member(burstChannel, (burstStart + burstNext++) % burstMembers);
                } while (member == burstOrigin);
                op.set(OperationType.MENTION, Population.userId(population.userOfState(member)), Population.sharedChannelId(burstChannel), burstMessageId);
            } else {
                fill(op, OperationType.MENTION, burstMessageId);
            }
            return;
        }
        double x = rng.nextDouble() * 100;
        if (x < ackBelow) {
            fill(op, OperationType.ACK, messageId);
        } else if (x < mentionBelow) {
            fill(op, OperationType.MENTION, messageId);
            if (spec.massMentionSize() > 1 && rng.nextDouble() < spec.massMentionChance()) {
                startBurst(messageId);
            }
        } else if (x < getBelow) {
            fill(op, OperationType.GET, 0);
        } else {
            int user = drawUser();
            op.set(OperationType.READY, Population.userId(user), 0, 0);
        }
    }

    private void fill(Operation op, OperationType type, long messageId) {
        int user = drawUser();
        int k = drawChannel(user);
        lastState = population.stateIndex(user, k);
        op.set(type, Population.userId(user), population.channelId(user, k), messageId);
    }

    /**
     * An @everyone-style message: with shared channels, the mention just drawn fans out over the
     * other members of its channel (up to the burst size), in member order from a random start;
     * otherwise over randomly drawn states.
     */
    private void startBurst(long messageId) {
        burstMessageId = messageId;
        if (!population.sharedChannels()) {
            burstChannel = -1;
            burstLeft = spec.massMentionSize() - 1;
            return;
        }
        int c = population.channelOfState(lastState);
        burstMembers = population.members(c);
        burstChannel = c;
        burstOrigin = lastState;
        burstNext = 0;
        burstStart = burstMembers > 0 ? rng.nextInt(burstMembers) : 0;
        burstLeft = Math.max(0, Math.min(spec.massMentionSize(), burstMembers) - 1);
    }
}
