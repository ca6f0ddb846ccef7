package io.readstates.harness.gc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GcCycleKindsTest {
    @Test
    void concurrentAndFullCyclesMarkTheWholeHeapAndYoungOnesDoNot() {
        assertThat(GcCycleKinds.marksWholeHeap("G1Old", "G1New/G1Old")).isTrue();
        assertThat(GcCycleKinds.marksWholeHeap("G1Full", "G1New/G1Old")).isTrue();
        assertThat(GcCycleKinds.marksWholeHeap("G1New", "G1New/G1Old")).isFalse();
        assertThat(GcCycleKinds.marksWholeHeap("ZGC Major", "ZGC Minor/ZGC Major")).isTrue();
        assertThat(GcCycleKinds.marksWholeHeap("ZGC Minor", "ZGC Minor/ZGC Major")).isFalse();
        assertThat(GcCycleKinds.marksWholeHeap("Z", "Z/Z")).isTrue();
        assertThat(GcCycleKinds.marksWholeHeap("Shenandoah", "Shenandoah/Shenandoah")).isTrue();
        assertThat(GcCycleKinds.marksWholeHeap("ParallelScavenge", "ParallelScavenge/ParallelOld")).isFalse();
    }
}
