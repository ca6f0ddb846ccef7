package io.readstates.report.analysis;

import io.readstates.results.CellResult;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The figures compared between runs — by the gate, the history's trailing window and the spread
 * of repeats — each with how to read it from a cell's result, and the percentile behind those the
 * bootstrap can resample from interval logs.
 */
public final class Figures {
    private Figures() {
    }

    /** The percentile behind each figure that the bootstrap can resample (100 = the max). */
    public static final Map<String, Double> PERCENTILES = Map.of("p99 ms", 99.0, "p99.9 ms", 99.9, "max ms", 100.0);

    /** The figures compared, each with how to read it from a result. */
    public static final Map<String, ToDoubleFunction<CellResult>> METRICS = Map.of(
            "p99 ms", r -> r.responseTime().get("all").p99(),
            "p99.9 ms", r -> r.responseTime().get("all").p999(),
            "max ms", r -> r.responseTime().get("all").max(),
            "GC pause max ms", r -> r.gc().pauseMaxMs());

    /** The median of a figure over repeats of one cell. */
    public static double median(List<CellResult> results, ToDoubleFunction<CellResult> f) {
        return TailTax.median(results.stream().mapToDouble(f).sorted().toArray());
    }
}
