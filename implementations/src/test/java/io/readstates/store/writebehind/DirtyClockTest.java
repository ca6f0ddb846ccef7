package io.readstates.store.writebehind;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DirtyClockTest {

    @Test
    void aReadingTheCallerAlreadyHasGivesTheStampOfThatMomentAndNeverTheCleanZero() {
        long before = System.nanoTime();
        DirtyClock clock = new DirtyClock(Duration.ofSeconds(10));
        assertThat(clock.at(before - 5_000_000_000L)).as("before the clock started").isEqualTo(1);
        assertThat(clock.at(System.nanoTime())).isEqualTo(clock.now()).isEqualTo(1);
        assertThat(clock.at(System.nanoTime() + 3_500_000_000L)).isEqualTo(4);
        assertThat(DirtyClock.age(clock.at(System.nanoTime() + 12_000_000_000L), clock.now())).isEqualTo(12);
    }
}
