package io.readstates.report.render;

import io.readstates.results.CellResult;
import io.readstates.results.Footprint;
import io.readstates.results.LatencySummary;
import io.readstates.results.TimeFormat;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One row of the comparison table, shared by the HTML and Markdown reports so both say the same
 * thing, and by {@code cells.csv}. Missing figures (a failed cell, Epsilon's heap footprint) render
 * as "—". Times read with their unit ({@link TimeFormat}); in the CSV they are plain milliseconds.
 * The response-time figures of a cell that fell {@code behind} are lower bounds (its unrun
 * operations are counted at the deadline) and are marked "≥".
 *
 * @param values the human-readable cells of the row
 * @param csv    the same figures for machines: plain numbers, times in milliseconds
 */
record CellRow(List<String> values, List<String> csv) {
    static final List<String> HEADERS = List.of(
            "cell", "status", "store", "collector", "JDK", "states", "achieved ops/s",
            "p50", "p99", "p99.9", "max", "hiccup max",
            "GC pauses", "pause total", "pause max", "concurrent GC", "GC cores (% of machine)", "driver cores",
            "heap B/state", "intrinsic B/state", "off-heap B/state", "hit rate");
    static final List<String> CSV_HEADERS = List.of(
            "cell", "status", "store", "collector", "jdk", "states", "achieved_ops_per_s",
            "p50_ms", "p99_ms", "p99_9_ms", "max_ms", "hiccup_max_ms",
            "gc_pauses", "pause_total_ms", "pause_max_ms", "concurrent_gc_ms", "gc_cores", "gc_machine_share", "gc_share_of_process_cpu",
            "driver_cpu_ms", "cores",
            "heap_bytes_per_state", "heap_noise_floor_bytes", "intrinsic_bytes_per_state", "offheap_bytes_per_state", "hit_rate");

    static CellRow of(CellResult r) {
        LatencySummary all = r.responseTime() == null ? null : r.responseTime().get("all");
        var gc = r.gc();
        var fp = r.footprint();
        String bound = "behind".equals(r.status()) ? "≥ " : "";
        List<String> values = List.of(
                r.cell().id(), r.status(), r.cell().store(), r.cell().collector(), r.cell().jdk(), Long.toString(r.cell().capacity()),
                r.run() == null ? "—" : fmt(r.run().achievedRate(), "%.0f"),
                all == null ? "—" : bound + TimeFormat.ofMillis(all.p50()), all == null ? "—" : bound + TimeFormat.ofMillis(all.p99()),
                all == null ? "—" : bound + TimeFormat.ofMillis(all.p999()), all == null ? "—" : bound + TimeFormat.ofMillis(all.max()),
                r.hiccup() == null ? "—" : TimeFormat.ofMillis(r.hiccup().max()),
                gc == null ? "—" : Long.toString(gc.pauseCount()), gc == null ? "—" : TimeFormat.ofMillis(gc.pauseTotalMs()),
                gc == null ? "—" : TimeFormat.ofMillis(gc.pauseMaxMs()),
                gc == null ? "—" : TimeFormat.ofMillis(gc.concurrentMs()),
                gc == null || gc.cores() == 0 ? "—" : fmt(gc.gcCores(), "%.2f") + " (" + fmt(gc.gcMachineShare() * 100, "%.1f%%") + ")",
                gc == null || gc.cores() == 0 || r.run() == null ? "—" : fmt(gc.driverCpuMs() / 1000 / r.run().elapsedSeconds(), "%.2f"),
                fp == null || fp.heapBytesPerState() == null ? "—" : heapFigure(fp),
                fp == null || fp.intrinsicBytesPerState() == null ? "—" : fmt(fp.intrinsicBytesPerState(), "%.1f"),
                fp == null ? "—" : fmt(fp.offHeapBytesPerState(), "%.1f"),
                r.store() == null || Double.isNaN(r.store().hitRate()) ? "—" : fmt(r.store().hitRate() * 100, "%.2f%%"));
        List<String> csv = Arrays.asList(
                r.cell().id(), r.status(), r.cell().store(), r.cell().collector(), r.cell().jdk(), Long.toString(r.cell().capacity()),
                r.run() == null ? "" : num(r.run().achievedRate()),
                all == null ? "" : num(all.p50()), all == null ? "" : num(all.p99()), all == null ? "" : num(all.p999()), all == null ? "" : num(all.max()),
                r.hiccup() == null ? "" : num(r.hiccup().max()),
                gc == null ? "" : Long.toString(gc.pauseCount()), gc == null ? "" : num(gc.pauseTotalMs()), gc == null ? "" : num(gc.pauseMaxMs()),
                gc == null ? "" : num(gc.concurrentMs()), gc == null ? "" : num(gc.gcCores()), gc == null ? "" : num(gc.gcMachineShare()),
                gc == null ? "" : num(gc.gcCpuShare()), gc == null ? "" : num(gc.driverCpuMs()), gc == null ? "" : Integer.toString(gc.cores()),
                fp == null || fp.heapBytesPerState() == null ? "" : num(fp.heapBytesPerState()),
                fp == null || fp.heapNoiseFloorBytes() == null ? "" : Long.toString(fp.heapNoiseFloorBytes()),
                fp == null || fp.intrinsicBytesPerState() == null ? "" : num(fp.intrinsicBytesPerState()),
                fp == null ? "" : num(fp.offHeapBytesPerState()),
                r.store() == null || Double.isNaN(r.store().hitRate()) ? "" : num(r.store().hitRate()));
        return new CellRow(values, csv);
    }

    /** Heap bytes per state, signed; "≈ 0" (with the floor per state) when within the collector's noise floor. */
    private static String heapFigure(Footprint fp) {
        if (fp.heapNoiseFloorBytes() != null && fp.heapBytes() != null && Math.abs(fp.heapBytes()) <= fp.heapNoiseFloorBytes()
                && fp.residentStates() > 0) {
            return "≈ 0 (±" + fmt((double) fp.heapNoiseFloorBytes() / fp.residentStates(), "%.1f") + ")";
        }
        return fmt(fp.heapBytesPerState(), "%.1f");
    }

    private static String fmt(double v, String pattern) {
        return String.format(Locale.ROOT, pattern, v);
    }

    private static String num(double v) {
        return Double.toString(v);
    }
}
