package io.readstates.workload;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WorkloadTest {

    private static List<String> take(OperationStream s, int n) {
        Operation op = new Operation();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.next(op);
            out.add(op.toString());
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameStream() {
        Population p = Population.of(WorkloadSpec.DISCORD_2019, 50_000, 7);
        assertThat(take(new OperationStream(p, WorkloadSpec.DISCORD_2019, 42, 0, 1), 10_000))
                .isEqualTo(take(new OperationStream(Population.of(WorkloadSpec.DISCORD_2019, 50_000, 7), WorkloadSpec.DISCORD_2019, 42, 0, 1), 10_000));
        assertThat(take(new OperationStream(p, WorkloadSpec.DISCORD_2019, 43, 0, 1), 100))
                .isNotEqualTo(take(new OperationStream(p, WorkloadSpec.DISCORD_2019, 42, 0, 1), 100));
    }

    @Test
    void sharedChannelsHaveSkewedMembershipsAndNoUserJoinsAChannelTwice() {
        Population p = new Population(60_000, 20, 7, 50, 1.0);
        assertThat(p.sharedChannels()).isTrue();
        assertThat(p.channels()).isEqualTo(1_200);
        int[] members = new int[p.channels()];
        for (int u = 0; u < p.users(); u++) {
            Set<Long> ids = new HashSet<>();
            for (int k = 0; k < p.channelsOf(u); k++) {
                assertThat(ids.add(p.channelId(u, k))).as("user %d joins each channel once", u).isTrue();
                int s = p.stateIndex(u, k);
                assertThat(p.userOfState(s)).isEqualTo(u);
                int c = p.channelOfState(s);
                if (c < p.channels()) {
                    members[c]++;
                }
            }
        }
        int joined = 0;
        for (int c = 0; c < p.channels(); c++) {
            assertThat(p.members(c)).isEqualTo(members[c]);
            for (int i = 0; i < p.members(c); i++) {
                assertThat(p.channelOfState(p.member(c, i))).isEqualTo(c);
            }
            joined += members[c];
        }
        assertThat(joined).as("almost every state joined a shared channel").isGreaterThan(59_000);
        int[] sorted = members.clone();
        java.util.Arrays.sort(sorted);
        assertThat(sorted[sorted.length - 1]).as("the hottest channel is far above the median one").isGreaterThan(20 * sorted[sorted.length / 2]);
    }

    @Test
    void anEveryoneMentionFansOutOverTheMembersOfOneChannel() {
        WorkloadSpec everyone = new WorkloadSpec("t", 1, 10, 1.0, 1.0, 0, 100, 0, 0, 1.0, 8, 20, 0.5);
        Population p = Population.of(everyone, 20_000, 3);
        OperationStream stream = new OperationStream(p, everyone, 5, 0, 1);
        Operation op = new Operation();
        Map<Long, Set<Long>> channelsOfUser = new java.util.HashMap<>();
        for (int u = 0; u < p.users(); u++) {
            Set<Long> ids = channelsOfUser.computeIfAbsent(Population.userId(u), k -> new HashSet<>());
            for (int k = 0; k < p.channelsOf(u); k++) {
                ids.add(p.channelId(u, k));
            }
        }
        int bursts = 0;
        long message = -1;
        Set<Long> channels = new HashSet<>();
        Set<Long> users = new HashSet<>();
        for (int i = 0; i < 8_000; i++) {
            stream.next(op);
            assertThat(channelsOfUser.get(op.userId)).as("every mention is of a real state").contains(op.channelId);
            if (op.messageId != message) {
                if (message >= 0 && users.size() > 1) {
                    assertThat(channels).as("one burst, one channel").hasSize(1);
                    bursts++;
                }
                message = op.messageId;
                channels.clear();
                users.clear();
            }
            channels.add(op.channelId);
            assertThat(users.add(op.userId)).as("a burst mentions each member once").isTrue();
        }
        assertThat(bursts).isGreaterThan(500);
    }

    @Test
    void thePopulationHasExactlyTheRequestedStatesWithUniqueKeys() {
        Population p = new Population(100_003, 20, 1);
        assertThat(p.states()).isEqualTo(100_003);
        assertThat(p.users()).isBetween(4_000, 6_000);
        Set<String> keys = new HashSet<>();
        for (int u = 0; u < p.users(); u++) {
            assertThat(p.channelsOf(u)).isPositive();
            for (int k = 0; k < p.channelsOf(u); k++) {
                keys.add(Population.userId(u) + "/" + p.channelId(u, k));
            }
        }
        assertThat(keys).hasSize(100_003);
    }

    @Test
    void theMixMatchesTheSpecAndMessageIdsIncrease() {
        Population p = new Population(200_000, 20, 3);
        OperationStream s = new OperationStream(p, WorkloadSpec.SMALL, 9, 0, 1);
        Map<OperationType, Integer> counts = new EnumMap<>(OperationType.class);
        Operation op = new Operation();
        long lastMessage = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            s.next(op);
            counts.merge(op.type, 1, Integer::sum);
            if (op.type == OperationType.ACK) {
                assertThat(op.messageId).isGreaterThan(lastMessage);
                lastMessage = op.messageId;
            }
        }
        // Percentages are of events; a mass mention adds (size - 1) extra mention operations.
        double opsPerEvent = 1 + 0.40 * 0.01 * (10 - 1);
        assertThat(counts.get(OperationType.ACK) * 100.0 / n).isCloseTo(45 / opsPerEvent, within(0.5));
        assertThat(counts.get(OperationType.READY) * 100.0 / n).isCloseTo(5 / opsPerEvent, within(0.3));
    }

    @Test
    void lanesPartitionOneSchedule() {
        Population p = new Population(10_000, 10, 3);
        OperationStream a = new OperationStream(p, WorkloadSpec.SMALL, 1, 0, 2);
        OperationStream b = new OperationStream(p, WorkloadSpec.SMALL, 1, 1, 2);
        assertThat(a.nextIndex()).isEqualTo(0);
        assertThat(b.nextIndex()).isEqualTo(1);
        a.next(new Operation());
        assertThat(a.nextIndex()).isEqualTo(2);
    }

    @Test
    void badParametersAreExplained() {
        assertThatThrownBy(() -> WorkloadSpec.preset("discord-2030"))
                .hasMessageContaining("unknown workload preset 'discord-2030'").hasMessageContaining("discord-2019");
        assertThatThrownBy(() -> new Population(10, 20, 1))
                .hasMessageContaining("fewer than one user");
        assertThatThrownBy(() -> new WorkloadSpec("x", 1, 20, 1, 1, 50, 40, 5, 0, 0, 1))
                .hasMessageContaining("must add up to 100");
        assertThatThrownBy(() -> new WorkloadSpec("x", 0.5, 20, 1, 1, 50, 40, 10, 0, 0, 1))
                .hasMessageContaining("working-set factor");
    }
}
