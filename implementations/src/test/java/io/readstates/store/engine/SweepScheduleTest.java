package io.readstates.store.engine;

import io.readstates.store.ReadStateHolder;
import io.readstates.store.backing.HeapBackingStore;
import io.readstates.store.layout.ObjectGraphLayout;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** How the write-behind sweep keeps to its schedule of one pass per delay. */
class SweepScheduleTest {

    /**
     * Regression (issue 17, the 32M run of 2026-11-29): a pass behind its schedule made every
     * operation sweep a whole 512-position chunk, and the object graph's operations at 32M states
     * took about 50 µs each for 3 s after the 4 s collection before the window — 1.3 s of backlog.
     */
    @Test
    void aPassBehindItsScheduleCostsEachOperationTwiceItsShareNotAWholeChunk() {
        assertThat(WriteBehindLruStore.sweepStep(32, 10)).as("on schedule").isEqualTo(32);
        assertThat(WriteBehindLruStore.sweepStep(32, 1_000_000)).as("far behind").isEqualTo(64);
        assertThat(WriteBehindLruStore.sweepStep(512, 1_000_000)).as("the flusher's stand-in keeps its chunk").isEqualTo(512);
    }

    /**
     * With operations too rare for their share to cover the layout once per delay (100 a second,
     * twice 32 positions each, against 300k positions and a 1 s delay: a pass would take 47 s), the
     * flusher stands in once the pass is a whole delay late, and every dirty state is written within
     * a few delays.
     */
    @Test
    void aRateTooLowForTheOperationsShareStillFlushesEveryStateWithinAFewDelays() {
        int states = 300_000;
        try (WriteBehindLruStore store = new WriteBehindLruStore(new ObjectGraphLayout(states), new HeapBackingStore(), Duration.ofSeconds(1))) {
            for (int c = 0; c < states; c++) {
                store.ack(1, c, 7);
            }
            long dirtied = System.nanoTime();
            ReadStateHolder h = new ReadStateHolder();
            long deadline = dirtied + Duration.ofSeconds(20).toNanos();
            while (store.stats().flushWrites() < states && System.nanoTime() < deadline) {
                store.get(1, 0, h);
                LockSupport.parkNanos(10_000_000);
            }
            double seconds = (System.nanoTime() - dirtied) / 1e9;
            assertThat(store.stats().flushWrites()).as("states written after %.1f s", seconds).isEqualTo(states);
        }
    }
}
