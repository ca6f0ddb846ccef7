package io.readstates.harness.gc;

import io.readstates.harness.gc.GcSummaries.PhaseSpan;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Concurrent phases are counted once even where a collector reports one phase twice, nested. */
class ConcurrentPhasesTest {
    @Test
    void aPhaseNestedInAnotherOfTheSameCycleIsDropped() {
        List<PhaseSpan> shenandoah = List.of(
                new PhaseSpan(4, 0.0, 0.11, "Concurrent reset"),
                new PhaseSpan(4, 0.20, 0.58, "Concurrent Mark Roots "),
                new PhaseSpan(4, 0.15, 0.66, "Concurrent marking roots"),
                new PhaseSpan(4, 1.01, 11.9, "Concurrent Marking"),
                new PhaseSpan(4, 1.00, 12.1, "Concurrent marking (unload classes)"),
                new PhaseSpan(4, 13.0, 5.02, "Concurrent Update Refs"),
                new PhaseSpan(4, 13.0, 5.03, "Concurrent update references"));
        assertThat(GcSummaries.outermost(shenandoah)).extracting(PhaseSpan::name)
                .containsExactly("Concurrent reset", "Concurrent marking roots", "Concurrent marking (unload classes)", "Concurrent update references");
    }

    @Test
    void phasesOfDifferentCyclesAreKeptEvenWhenOneLiesInsideTheOther() {
        List<PhaseSpan> generationalZgc = List.of(
                new PhaseSpan(6, 0.0, 461, "Concurrent Mark"),
                new PhaseSpan(7, 100, 50, "Concurrent Mark"),
                new PhaseSpan(6, 470, 5.5, "Concurrent Relocate"));
        assertThat(GcSummaries.outermost(generationalZgc)).hasSize(3);
    }

    @Test
    void aYoungPhaseInsideAnOldPhaseOfTheSameGcIdIsGenuineWorkAndCounts() {
        List<PhaseSpan> sameId = List.of(
                new PhaseSpan(6, 0.0, 461, "Concurrent Mark"),
                new PhaseSpan(6, 100, 50, "Concurrent Mark"));
        assertThat(GcSummaries.counted("ZGC Minor/ZGC Major", sameId)).hasSize(2);
        assertThat(GcSummaries.counted("Shenandoah/Shenandoah", sameId)).hasSize(1);
    }

    @Test
    void eventsAreClippedToTheWindowNotKeptOrDroppedByTheirStart() {
        java.time.Instant ws = java.time.Instant.parse("2026-01-01T00:00:10Z");
        java.time.Instant we = ws.plusSeconds(10);
        double[] before = GcSummaries.clip(ws.minusMillis(300), java.time.Duration.ofMillis(500), ws, we);
        assertThat(before).as("began before the window, ran into it").containsExactly(0.0, 200.0);
        double[] after = GcSummaries.clip(we.minusMillis(100), java.time.Duration.ofMillis(400), ws, we);
        assertThat(after).as("ran past the end").containsExactly(9_900.0, 100.0);
        assertThat(GcSummaries.clip(ws.minusSeconds(2), java.time.Duration.ofMillis(500), ws, we)).isNull();
        assertThat(GcSummaries.clip(ws.plusSeconds(1), java.time.Duration.ofMillis(5), ws, we)).containsExactly(1_000.0, 5.0);
    }

    @Test
    void zgcOldMarkingIsTheMarkBeforeProcessNonStrongNotEveryMarkOfTheMajorCycle() {
        List<PhaseSpan> major = List.of(
                new PhaseSpan(11, 0.0, 6.76, "Concurrent Mark"),
                new PhaseSpan(11, 6.8, 0.001, "Concurrent Mark Free"),
                new PhaseSpan(11, 7.0, 2.08, "Concurrent Relocate"),
                new PhaseSpan(11, 9.5, 24.7, "Concurrent Mark"),
                new PhaseSpan(11, 34.3, 0.001, "Concurrent Mark Free"),
                new PhaseSpan(11, 34.4, 3.59, "Concurrent Process Non-Strong"),
                new PhaseSpan(11, 38.5, 1.28, "Concurrent Remap Roots"),
                new PhaseSpan(12, 100, 6.79, "Concurrent Mark"),
                new PhaseSpan(12, 107, 20.0, "Concurrent Mark"),
                new PhaseSpan(12, 128, 3.0, "Concurrent Process Non-Strong"));
        assertThat(GcSummaries.zgcOldMarkingMs(major)).isCloseTo(44.7, org.assertj.core.api.Assertions.within(1e-9));
    }
}
