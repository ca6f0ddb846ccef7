package io.readstates.report;

import io.readstates.report.model.CellResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The GC tail tax: a store's p99.9 (and max) response time under a collector divided by the same
 * store's under Epsilon — no collection at all — in the same run. Both cells see the same machine,
 * so the platform's own noise largely cancels: the ratio is the cost of the collector itself. With
 * interleaved repeats, repeat r under a collector is paired with repeat r under Epsilon and the
 * figure is the median of the per-pair ratios, with their range
 * ({@code docs/measuring-on-a-noisy-machine.md}). Cells pair only within one run on one host: a
 * report over several runs never divides one run's (or machine's) figure by another's.
 *
 * @param run   the run (and host) the pairs come from
 * @param pairs how many (collector, Epsilon) repeat pairs the median is over
 */
public record TailTax(String run, String store, String collector, String jdk, long capacity, int pairs,
                      double p999Median, double p999Min, double p999Max,
                      double maxMedian, double maxMin, double maxMax) {

    public static List<TailTax> compute(List<CellResult> results) {
        Map<String, CellResult> byCoordinates = new TreeMap<>();
        for (CellResult r : results) {
            if (r.ok()) {
                byCoordinates.put(key(r, r.cell().collector(), r.cell().repeat()), r);
            }
        }
        Map<String, List<double[]>> ratios = new TreeMap<>();
        Map<String, CellResult> sample = new TreeMap<>();
        for (CellResult r : byCoordinates.values()) {
            if (r.cell().collector().equals("epsilon")) {
                continue;
            }
            CellResult base = byCoordinates.get(key(r, "epsilon", r.cell().repeat()));
            if (base == null) {
                continue;
            }
            String group = key(r, r.cell().collector(), 0);
            ratios.computeIfAbsent(group, k -> new ArrayList<>()).add(new double[] {
                    ratio(r, base, x -> x.responseTime().get("all").p999()), ratio(r, base, x -> x.responseTime().get("all").max())});
            sample.put(group, r);
        }
        List<TailTax> out = new ArrayList<>();
        ratios.forEach((group, rs) -> {
            CellResult r = sample.get(group);
            double[] p = rs.stream().mapToDouble(a -> a[0]).sorted().toArray();
            double[] m = rs.stream().mapToDouble(a -> a[1]).sorted().toArray();
            out.add(new TailTax(r.cell().runId() + " @ " + r.host(), r.cell().store(), r.cell().collector(), r.cell().jdk(), r.cell().capacity(), rs.size(),
                    median(p), p[0], p[p.length - 1], median(m), m[0], m[m.length - 1]));
        });
        return out;
    }

    private static double ratio(CellResult r, CellResult base, ToDoubleFunction<CellResult> f) {
        double b = f.applyAsDouble(base);
        return b == 0 ? Double.NaN : f.applyAsDouble(r) / b;
    }

    private static String key(CellResult r, String collector, int repeat) {
        return r.cell().runId() + "|" + r.host() + "|" + r.cell().store() + "|" + collector + "|" + r.cell().jdk() + "|" + r.cell().capacity()
                + "|" + repeat;
    }

    /** Median of values in any order (a sorted copy). */
    static double medianOf(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return median(sorted);
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s/%s jdk%s %d: p99.9 x%.2f [%.2f–%.2f], max x%.2f [%.2f–%.2f] over %d pairs",
                store, collector, jdk, capacity, p999Median, p999Min, p999Max, maxMedian, maxMin, maxMax, pairs);
    }

    static List<String> row(TailTax t) {
        return Arrays.asList(t.run(), t.store(), t.collector(), t.jdk(), Long.toString(t.capacity()), Integer.toString(t.pairs()),
                fmt(t.p999Median()), fmt(t.p999Min()) + " – " + fmt(t.p999Max()), fmt(t.maxMedian()), fmt(t.maxMin()) + " – " + fmt(t.maxMax()));
    }

    static final List<String> HEADERS = List.of("run @ host", "store", "collector", "JDK", "states", "pairs", "p99.9 tax (median)", "p99.9 tax range",
            "max tax (median)", "max tax range");

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
