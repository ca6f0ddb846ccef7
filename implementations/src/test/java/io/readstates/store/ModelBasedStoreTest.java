package io.readstates.store;

import io.readstates.store.registry.StoreKind;
import io.readstates.store.backing.HeapBackingStore;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Long random traces against {@link ReferenceModel}. For every store, every value read, every
 * {@code ready} and the backing store after {@code flush()} must equal the model's — whatever the
 * eviction policy, nothing acknowledged may be lost. For strict-LRU stores the model has the same
 * capacity and the resident states and their LRU order must match it after every step too; for the
 * others (Caffeine's W-TinyLFU, per-shard LRU) the model never evicts and gives the true values. Runs a fixed seed (the
 * regression case) and a fresh seed per run; a failure names the seed so it can be replayed.
 */
class ModelBasedStoreTest {
    static final long FIXED_SEED = 20190219L;

    static Stream<Arguments> cases() {
        long randomSeed = new SplittableRandom().nextLong();
        List<Arguments> out = new ArrayList<>();
        for (StoreKind kind : StoreKind.values()) {
            out.add(Arguments.of(kind, Named.of("seed " + FIXED_SEED, FIXED_SEED)));
            out.add(Arguments.of(kind, Named.of("seed " + randomSeed, randomSeed)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void behavesLikeTheReferenceModel(StoreKind kind, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int capacity = 1 + rnd.nextInt(40);
        int users = 1 + rnd.nextInt(12);
        int channels = 1 + rnd.nextInt(10);
        HeapBackingStore backing = new HeapBackingStore();
        ReferenceModel model = new ReferenceModel(kind.strictLru() ? capacity : Long.MAX_VALUE);
        String context = "store " + kind + ", seed " + seed + ", capacity " + capacity;
        try (ReadStateStore store = StoreFixture.open(kind, capacity, backing)) {
            ReadStateHolder holder = new ReadStateHolder();
            int steps = StoreFixture.operations(kind, 20_000);
            for (int step = 0; step < steps; step++) {
                long user = 1000 + rnd.nextInt(users);
                long channel = 5000 + rnd.nextInt(channels);
                int op = rnd.nextInt(100);
                String at = context + ", step " + step;
                if (op < 40) {
                    long msg = rnd.nextLong(1_000_000);
                    store.ack(user, channel, msg);
                    model.ack(user, channel, msg);
                } else if (op < 75) {
                    store.mention(user, channel, 1);
                    model.mention(user, channel);
                } else if (op < 92) {
                    store.get(user, channel, holder);
                    assertThat(holder.toState(user, channel)).as(at).isEqualTo(model.get(user, channel));
                } else if (op < 98) {
                    List<ReadState> got = new ArrayList<>();
                    store.ready(user, (u, c, l, m) -> got.add(new ReadState(u, c, l, m)));
                    assertThat(got).as(at + " ready").containsExactlyInAnyOrderElementsOf(model.ready(user));
                } else {
                    store.flush();
                    model.flush();
                    assertThat(StoreFixture.contents(backing)).as(at + " backing after flush").isEqualTo(model.backingContents());
                }
                if (kind.strictLru()) {
                    assertThat(StoreFixture.resident(store)).as(at + " resident, MRU first").isEqualTo(model.resident());
                }
                if (step % 1000 == 0) {
                    StoreFixture.checkInvariants(store);
                }
            }
            store.flush();
            model.flush();
            assertThat(StoreFixture.contents(backing)).as(context + " final backing").isEqualTo(model.backingContents());
            StoreFixture.checkInvariants(store);
        }
    }
}
