package io.readstates.report.analysis;

import io.readstates.results.CellResult;
import io.readstates.results.TimeFormat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Latency × GC: joins each latency interval of a cell with the GC activity (pauses and concurrent
 * phases, from JFR) that overlaps it, and says how much of the tail falls inside GC activity.
 *
 * @param intervals          intervals with operations
 * @param gcIntervals        of those, intervals overlapping any pause or concurrent phase
 * @param worstIntervals     the worst 10 % of intervals by max response time (at least one)
 * @param worstOverlappingGc how many of the worst overlap GC activity
 * @param medianMaxInsideMs  median per-interval max inside GC activity (NaN if none)
 * @param medianMaxOutsideMs median per-interval max outside GC activity (NaN if none)
 */
public record GcOverlap(String cell, int intervals, int gcIntervals, int worstIntervals, int worstOverlappingGc,
                        double medianMaxInsideMs, double medianMaxOutsideMs) {

    public static GcOverlap of(CellResult r, LatencyTimeline timeline) {
        List<double[]> activity = Sawtooth.gcActivity(r.gc());
        double width = r.run().intervalSeconds();
        List<LatencyTimeline.Point> pts = timeline.points().stream().filter(p -> p.count() > 0).toList();
        List<Double> inside = new ArrayList<>();
        List<Double> outside = new ArrayList<>();
        boolean[] overlaps = new boolean[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            double from = pts.get(i).seconds();
            double to = from + width;
            overlaps[i] = activity.stream().anyMatch(a -> a[0] < to && a[1] > from);
            (overlaps[i] ? inside : outside).add(pts.get(i).maxMs());
        }
        Integer[] order = new Integer[pts.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> pts.get(i).maxMs()).reversed());
        int worst = Math.max(1, pts.size() / 10);
        int worstGc = 0;
        for (int i = 0; i < Math.min(worst, order.length); i++) {
            if (overlaps[order[i]]) {
                worstGc++;
            }
        }
        return new GcOverlap(r.cell().id(), pts.size(), inside.size(), Math.min(worst, pts.size()), worstGc, median(inside), median(outside));
    }

    private static double median(List<Double> v) {
        return v.isEmpty() ? Double.NaN : TailTax.medianOf(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public static final List<String> HEADERS = List.of("cell", "intervals", "with GC activity", "worst 10 % overlapping GC",
            "median interval max inside GC", "outside GC");

    public List<String> row() {
        return List.of(cell, Integer.toString(intervals), Integer.toString(gcIntervals), worstOverlappingGc + " of " + worstIntervals,
                Double.isNaN(medianMaxInsideMs) ? "—" : TimeFormat.ofMillis(medianMaxInsideMs), Double.isNaN(medianMaxOutsideMs) ? "—" : TimeFormat.ofMillis(medianMaxOutsideMs));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d/%d intervals with GC; worst %d: %d overlap GC; median max inside %.3f ms, outside %.3f ms",
                cell, gcIntervals, intervals, worstIntervals, worstOverlappingGc, medianMaxInsideMs, medianMaxOutsideMs);
    }
}
