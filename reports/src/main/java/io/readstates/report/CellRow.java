package io.readstates.report;

import io.readstates.report.model.CellResult;
import io.readstates.report.model.LatencySummary;

import java.util.List;
import java.util.Locale;

/**
 * One row of the comparison table, shared by the HTML and Markdown reports so both say the same
 * thing. Missing figures (a failed cell, Epsilon's heap footprint) render as "—".
 */
record CellRow(List<String> values) {
    static final List<String> HEADERS = List.of(
            "cell", "status", "store", "collector", "JDK", "states", "achieved ops/s",
            "p50 ms", "p99 ms", "p99.9 ms", "max ms", "hiccup max ms",
            "GC pauses", "pause total ms", "pause max ms", "concurrent GC ms", "GC CPU share",
            "heap B/state", "off-heap B/state", "hit rate");

    static CellRow of(CellResult r) {
        LatencySummary all = r.responseTime() == null ? null : r.responseTime().get("all");
        var gc = r.gc();
        var fp = r.footprint();
        return new CellRow(List.of(
                r.cell().id(), r.status(), r.cell().store(), r.cell().collector(), r.cell().jdk(), Long.toString(r.cell().capacity()),
                r.run() == null ? "—" : fmt(r.run().achievedRate(), "%.0f"),
                all == null ? "—" : ms(all.p50()), all == null ? "—" : ms(all.p99()), all == null ? "—" : ms(all.p999()), all == null ? "—" : ms(all.max()),
                r.hiccup() == null ? "—" : ms(r.hiccup().max()),
                gc == null ? "—" : Long.toString(gc.pauseCount()), gc == null ? "—" : ms(gc.pauseTotalMs()), gc == null ? "—" : ms(gc.pauseMaxMs()),
                gc == null ? "—" : ms(gc.concurrentMs()), gc == null ? "—" : fmt(gc.gcCpuShare() * 100, "%.1f%%"),
                fp == null || fp.heapBytesPerState() == null ? "—" : fmt(fp.heapBytesPerState(), "%.1f"),
                fp == null ? "—" : fmt(fp.offHeapBytesPerState(), "%.1f"),
                r.store() == null || Double.isNaN(r.store().hitRate()) ? "—" : fmt(r.store().hitRate() * 100, "%.2f%%")));
    }

    private static String fmt(double v, String pattern) {
        return String.format(Locale.ROOT, pattern, v);
    }

    /** Milliseconds with three significant digits (0.0123, 1.23, 412). */
    static String ms(double v) {
        if (v == 0) {
            return "0";
        }
        if (v >= 100) {
            return fmt(v, "%.0f");
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
