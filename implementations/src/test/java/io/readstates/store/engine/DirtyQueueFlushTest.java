package io.readstates.store.engine;

import io.readstates.store.ReadStateHolder;
import io.readstates.store.backing.HeapBackingStore;
import io.readstates.store.layout.LruLayout;
import io.readstates.store.layout.ObjectGraphLayout;
import io.readstates.store.writebehind.DirtyQueue;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression (issue 17): the write-behind flusher swept every slot of the cache once per delay —
 * at 10M states a core's worth of work on a 2-core machine, and the pointer-free stores' own p99.9
 * tail. It now takes only the dirty states, oldest first, from a queue — a queue of segments, since
 * its first version doubled one array under the store's lock and stalled every operation while it
 * copied millions of entries.
 */
class DirtyQueueFlushTest {

    @Test
    void theBackgroundFlusherWritesDirtyStatesWithoutSweepingTheCache() throws Exception {
        ObjectGraphLayout real = new ObjectGraphLayout(50_000);
        AtomicLong swept = new AtomicLong();
        LruLayout counted = (LruLayout) Proxy.newProxyInstance(LruLayout.class.getClassLoader(), new Class<?>[] {LruLayout.class}, (proxy, m, args) -> {
            if (m.getName().equals("sweep")) {
                swept.addAndGet((Long) args[1]);
            }
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        HeapBackingStore backing = new HeapBackingStore();
        try (WriteBehindLruStore store = new WriteBehindLruStore(counted, backing, Duration.ofSeconds(1))) {
            ReadStateHolder h = new ReadStateHolder();
            for (long channel = 0; channel < 50_000; channel++) {
                store.get(1, channel, h);
            }
            store.ack(1, 7, 700);
            store.mention(1, 9, 1);
            store.mention(1, 9, 2);
            ReadStateHolder seven = new ReadStateHolder();
            ReadStateHolder nine = new ReadStateHolder();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                backing.load(1, 7, seven);
                backing.load(1, 9, nine);
                if (seven.lastMessageId == 700 && nine.mentionCount == 2) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(seven.lastMessageId).as("the ack reached the backing store behind").isEqualTo(700);
            assertThat(nine.mentionCount).as("both mentions reached the backing store behind").isEqualTo(2);
            assertThat(store.stats().flushWrites()).as("written by the flusher, not by an eviction").isGreaterThanOrEqualTo(2);
            assertThat(swept.get()).as("slots the background flusher swept").isZero();
        }
    }

    @Test
    void theQueueKeepsItsOrderAcrossSegmentsAndReusesEmptiedOnes() {
        DirtyQueue q = new DirtyQueue();
        assertThat(q.segments()).as("an idle store holds no segment").isZero();
        long next = 0;
        long expected = 0;
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < 30_000; i++, next++) {
                q.add(next, -next, (int) (1 + next % 65_535));
            }
            for (int i = 0; i < 30_000; i++, expected++) {
                assertThat(q.headUser()).isEqualTo(expected);
                assertThat(q.headChannel()).isEqualTo(-expected);
                assertThat(q.headStamp()).as("stamps up to 65535 come back unsigned").isEqualTo((int) (1 + expected % 65_535));
                q.pop();
            }
        }
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.segments()).as("300,000 entries passed through, never more than 30,000 at once: emptied segments were reused")
                .isLessThanOrEqualTo(30_000 / 4096 + 2);
    }

    @Test
    void noAddCopiesTheQueue() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        DirtyQueue q = new DirtyQueue();
        for (int i = 0; i < 1_000_000; i++) {
            q.add(i, i, 1);
        }
        long largest = 0;
        for (int i = 0; i < 100_000; i++) {
            long before = threads.getThreadAllocatedBytes(self);
            q.add(i, i, 2);
            largest = Math.max(largest, threads.getThreadAllocatedBytes(self) - before);
        }
        assertThat(largest).as("bytes one add allocated, at most (a new segment is 72 KB; a doubling of 1M entries would be 36 MB)")
                .isLessThan(1L << 20);
    }
}
