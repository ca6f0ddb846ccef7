package io.readstates.store.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression: a state evicted twice has two eviction writes in flight. When the newer one landed
 * first, the older stayed pending, and a miss took its older value from there although the backing
 * store already held the newer one — mentions were lost under concurrency (found by
 * {@code ConcurrencyStressTest}). Completing a write now retires every older pending write of the
 * same state.
 */
class OutOfOrderEvictionWritesTest {
    @Test
    void theNewerWriteLandingFirstRetiresTheOlderOne() {
        PendingWrites pending = new PendingWrites();
        pending.add(1, 2, 100, 5, 10);
        pending.add(1, 2, 100, 6, 11);
        pending.add(1, 3, 7, 7, 12);
        assertThat(pending.mentions(pending.find(1, 2))).isEqualTo(6);

        pending.remove(1, 2, 11);

        assertThat(pending.find(1, 2)).isEqualTo(-1);
        assertThat(pending.find(1, 3)).isNotNegative();
        pending.remove(1, 2, 10);
        assertThat(pending.size()).isEqualTo(1);
    }

    @Test
    void theOlderWriteLandingFirstLeavesTheNewerPending() {
        PendingWrites pending = new PendingWrites();
        pending.add(1, 2, 100, 5, 10);
        pending.add(1, 2, 100, 6, 11);

        pending.remove(1, 2, 10);

        assertThat(pending.mentions(pending.find(1, 2))).isEqualTo(6);
    }
}
