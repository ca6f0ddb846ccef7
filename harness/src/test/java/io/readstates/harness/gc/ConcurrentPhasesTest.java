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
}
