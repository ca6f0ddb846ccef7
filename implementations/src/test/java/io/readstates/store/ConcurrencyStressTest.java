package io.readstates.store;

import io.readstates.store.registry.StoreKind;
import io.readstates.store.backing.HeapBackingStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several threads hammer overlapping keys of a small store (so misses, evictions, eviction writes,
 * write-behind flushes and {@code ready} all race), with operations whose result does not depend on
 * their order: mentions (counts add up) and acks (the highest message wins). Afterwards no update
 * may be lost, in the store or in the backing store.
 */
class ConcurrencyStressTest {
    static final int THREADS = 4;
    static final int OPS = 100_000;
    static final int USERS = 8;
    static final int CHANNELS = 16;

    private static void hammer(int threads, ThreadBody body) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    body.run(id);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        start.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertThat(failure.get()).as("a worker failed").isNull();
    }

    @FunctionalInterface
    interface ThreadBody {
        void run(int thread) throws Exception;
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void noUpdateIsLost(StoreKind kind) throws Exception {
        HeapBackingStore backing = new HeapBackingStore();
        int ops = StoreFixture.operations(kind, OPS);
        try (ReadStateStore store = StoreFixture.open(kind, 32, Duration.ofMillis(100), backing)) {
            long[][] mentions = new long[THREADS][USERS * CHANNELS];
            hammer(THREADS, t -> {
                SplittableRandom rnd = new SplittableRandom(t);
                for (int i = 0; i < ops; i++) {
                    int u = rnd.nextInt(USERS);
                    int c = rnd.nextInt(CHANNELS);
                    if (rnd.nextInt(20) == 0) {
                        store.ready(u, (a, b, l, m) -> { });
                    } else {
                        store.mention(u, c, 1);
                        mentions[t][u * CHANNELS + c]++;
                    }
                }
            });
            Map<String, Long> expectedMentions = new HashMap<>();
            for (int k = 0; k < USERS * CHANNELS; k++) {
                long sum = 0;
                for (long[] m : mentions) {
                    sum += m[k];
                }
                expectedMentions.put((k / CHANNELS) + "/" + (k % CHANNELS), sum);
            }
            store.flush();
            ReadStateHolder h = new ReadStateHolder();
            backing.forEach((u, c, l, m) -> assertThat((long) m).as("backing mentions of %d/%d", u, c)
                    .isEqualTo(expectedMentions.get(u + "/" + c)));
            for (int u = 0; u < USERS; u++) {
                for (int c = 0; c < CHANNELS; c++) {
                    store.get(u, c, h);
                    assertThat((long) h.mentionCount).as("mentions of %d/%d", u, c).isEqualTo(expectedMentions.get(u + "/" + c));
                }
            }

            long[][] acked = new long[THREADS][USERS * CHANNELS];
            hammer(THREADS, t -> {
                SplittableRandom rnd = new SplittableRandom(100 + t);
                for (int i = 0; i < ops; i++) {
                    int u = rnd.nextInt(USERS);
                    int c = rnd.nextInt(CHANNELS);
                    long msg = rnd.nextLong(1, 1_000_000_000L);
                    store.ack(u, c, msg);
                    acked[t][u * CHANNELS + c] = Math.max(acked[t][u * CHANNELS + c], msg);
                }
            });
            store.flush();
            for (int u = 0; u < USERS; u++) {
                for (int c = 0; c < CHANNELS; c++) {
                    long max = 0;
                    for (long[] a : acked) {
                        max = Math.max(max, a[u * CHANNELS + c]);
                    }
                    assertThat(backing.load(u, c, h)).isTrue();
                    assertThat(h.lastMessageId).as("backing last message of %d/%d", u, c).isEqualTo(max);
                    store.get(u, c, h);
                    assertThat(h.lastMessageId).as("last message of %d/%d", u, c).isEqualTo(max);
                }
            }
            StoreFixture.checkInvariants(store);
        }
    }
}
