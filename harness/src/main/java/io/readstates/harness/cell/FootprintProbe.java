package io.readstates.harness.cell;

import io.readstates.harness.gc.ClassHistogram;
import io.readstates.results.Footprint;
import io.readstates.store.ReadStateStore;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * A cell's second phase: what the store costs in memory. The heap after a full collection once the
 * cache is full, minus the same taken when everything but the store existed — signed, with the
 * spread of three baseline readings as this collector's noise floor (a concurrent collector's
 * {@code System.gc()} leaves floating garbage) — and, independent of the collector, the live bytes
 * the JVM's heap inspection counts ({@code GC.class_histogram}). Under Epsilon nothing can be
 * collected, so only the off-heap bytes the store reserved are reported.
 */
final class FootprintProbe {
    private FootprintProbe() {
    }

    /**
     * The heap before the store exists: three readings after full collections (their spread is the
     * noise floor of a heap figure under this collector) and the live bytes by heap inspection.
     */
    record Baseline(long used, long noiseFloor, Long liveBytes) {
    }

    static Baseline baseline(boolean collects) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 3; i++) {
            long used = heapUsedAfterFullGc(collects);
            min = Math.min(min, used);
            max = Math.max(max, used);
        }
        return new Baseline(max, max - min, collects ? ClassHistogram.liveBytes() : null);
    }

    static Footprint measure(ReadStateStore store, Baseline before, boolean collects, List<String> notes) {
        long resident = store.size();
        long heapAfter = heapUsedAfterFullGc(collects);
        long offHeap = store.offHeapBytes();
        if (!collects) {
            notes.add("heap footprint not measured: this collector cannot run a full collection (Epsilon)");
            return new Footprint(resident, null, offHeap, null, resident == 0 ? 0 : (double) offHeap / resident,
                    "off-heap: bytes the store reserved; heap: not measurable without a collection", null, null, null);
        }
        long heap = heapAfter - before.used();
        long intrinsic = ClassHistogram.liveBytes() - before.liveBytes();
        if (Math.abs(heap) <= before.noiseFloor()) {
            notes.add(String.format(Locale.ROOT, "heap footprint %+d bytes is within this collector's noise floor (%d bytes): too small to measure "
                    + "this way; the heap inspection counts %d bytes", heap, before.noiseFloor(), intrinsic));
        }
        return new Footprint(resident, heap, offHeap, resident == 0 ? null : (double) heap / resident,
                resident == 0 ? 0 : (double) offHeap / resident,
                "heap: used after System.gc() minus the same before the store was built (signed; noise floor: the spread of three readings "
                        + "before); intrinsic: live bytes added, by the JVM's heap inspection (GC.class_histogram); off-heap: bytes the store reserved",
                before.noiseFloor(), intrinsic, resident == 0 ? null : (double) intrinsic / resident);
    }

    private static long heapUsedAfterFullGc(boolean collects) {
        if (collects) {
            System.gc();
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
