package io.readstates.harness.gc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Thread names as /proc shows them (cut to 15 characters), per collector (docs/gc-figures.md). */
class GcThreadCpuTest {
    @Test
    void namesOfEachCollectorsThreadsMapToItsGroups() {
        assertThat(GcThreadCpu.groupOf("GC Thread#0")).isEqualTo("gc-parallel-workers");
        assertThat(GcThreadCpu.groupOf("G1 Main Marker")).isEqualTo("g1-concurrent-mark");
        assertThat(GcThreadCpu.groupOf("G1 Conc#0")).isEqualTo("g1-concurrent-mark");
        assertThat(GcThreadCpu.groupOf("G1 Refine#0")).isEqualTo("g1-refinement");
        assertThat(GcThreadCpu.groupOf("ZWorkerYoung#0")).isEqualTo("zgc-young-workers");
        assertThat(GcThreadCpu.groupOf("ZWorkerOld#1")).isEqualTo("zgc-old-workers");
        assertThat(GcThreadCpu.groupOf("ZDriverMajor")).isEqualTo("zgc-control");
        assertThat(GcThreadCpu.groupOf("ZWorker#0")).as("JDK 17's single-generation ZGC").isEqualTo("zgc-workers");
        assertThat(GcThreadCpu.groupOf("ZUnmapper")).isEqualTo("zgc-control");
        assertThat(GcThreadCpu.groupOf("Shenandoah GC T")).isEqualTo("shenandoah-workers");
        assertThat(GcThreadCpu.groupOf("Shenandoah Cont")).isEqualTo("shenandoah-control");
        assertThat(GcThreadCpu.groupOf("readstates-driv")).isNull();
        assertThat(GcThreadCpu.groupOf("C2 CompilerThre")).isNull();
    }

    @Test
    void aSnapshotOfThisJvmSeesItsGcThreads() {
        GcThreadCpu.Snapshot s = GcThreadCpu.snapshot();
        assertThat(s.nanosByGroup()).isNotEmpty();
        assertThat(s.nanosByGroup().values()).allMatch(v -> v >= 0);
    }
}
