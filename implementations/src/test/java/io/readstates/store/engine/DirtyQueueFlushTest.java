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
 * tail. It now takes only the dirty states, oldest first, from a queue.
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
    void theQueueKeepsItsOrderAcrossWrapAndGrowth() {
        DirtyQueue q = new DirtyQueue(16);
        for (int i = 0; i < 10; i++) {
            q.add(i, -i, i + 1);
        }
        for (int i = 0; i < 8; i++) {
            q.pop();
        }
        for (int i = 10; i < 100; i++) {
            q.add(i, -i, 65_000 + i % 500);
        }
        assertThat(q.size()).isEqualTo(92);
        for (int i = 8; i < 100; i++) {
            assertThat(q.headUser()).isEqualTo(i);
            assertThat(q.headChannel()).isEqualTo(-i);
            assertThat(q.headStamp()).as("stamps up to 65535 come back unsigned").isEqualTo(i < 10 ? i + 1 : 65_000 + i % 500);
            q.pop();
        }
        assertThat(q.isEmpty()).isTrue();
    }
}
