package io.readstates.report.analysis;

import io.readstates.results.CellResult;

import java.util.Locale;

/**
 * A cell's coordinates as one string: what matches a cell of one run with the same cell of
 * another (the gate, the history) and groups repeats (the spread table, the headline). Everything
 * that changes a result is in it, so only like is compared with like.
 */
public final class CellKey {
    private CellKey() {
    }

    /** Store and collector, then {@link #conditions}. */
    public static String of(CellResult r) {
        return r.cell().store() + " / " + r.cell().collector() + " / " + conditions(r);
    }

    /**
     * Everything besides store and collector that changes a cell's result — JDK, capacity, workload,
     * rate, heap, periodic GC, extra collector flags — so that a figure is never a median across capacities, and a baseline
     * at one rate never judges a candidate at another.
     */
    public static String conditions(CellResult r) {
        var d = r.cell();
        return "jdk" + d.jdk() + " / " + d.capacity() + " / " + d.workload() + " / " + String.format(Locale.ROOT, "%.0f/s", d.requestedRate())
                + " / heap " + d.heap() + " / periodic " + d.periodicGc() + (d.gcFlags().isEmpty() ? "" : " / " + String.join(" ", d.gcFlags()));
    }
}
