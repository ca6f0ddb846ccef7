package io.readstates.report.analysis;

import io.readstates.results.CellResult;
import io.readstates.results.IntervalSource;
import io.readstates.results.TimeFormat;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The GC tail tax: a store's p99.9 (and max) response time under a collector divided by the same
 * store's under Epsilon — no collection at all — in the same run (for the Go service, its collector
 * divided by the same service with {@code GOGC=off}). Both cells see the same machine,
 * so the platform's own noise largely cancels: the ratio is the cost of the collector itself. With
 * interleaved repeats, repeat r under a collector is paired with repeat r under Epsilon and the
 * figure is the median of the per-pair ratios, with their range
 * ({@code docs/measuring-on-a-noisy-machine.md}). Cells pair only within one run on one host: a
 * report over several runs never divides one run's (or machine's) figure by another's.
 *
 * <p>With the cells' interval logs at hand, each figure also gets a 95 % confidence interval for the
 * ratio and for the difference (collector − Epsilon, ms) from {@link Bootstrap#paired}, and a
 * verdict in words only when the interval says something: "GC costs the tail" when the ratio's
 * interval lies above 1, "not distinguishable from no GC" when it contains 1.
 *
 * @param run     the run (and host) the pairs come from
 * @param variant the cells' extra collector flags and, in a heap sweep, their heap ("" for neither)
 * @param pairs   how many (collector, Epsilon) repeat pairs the median is over
 * @param p999Ci  p99.9 ratio and difference with their intervals, or null without interval logs
 * @param maxCi   the same for the max, or null
 */
public record TailTax(String run, String store, String variant, String collector, String jdk, long capacity, int pairs,
                      double p999Median, double p999Min, double p999Max,
                      double maxMedian, double maxMin, double maxMax,
                      Bootstrap.Comparison p999Ci, Bootstrap.Comparison maxCi) {

    /**
     * The collectors that collect nothing, each a store's baseline: the JVM's Epsilon, and Go's
     * {@code GOGC=off} for the Go service (its "Epsilon": the same process with its collector off).
     */
    public static final List<String> NO_COLLECTION = List.of("epsilon", "gogc-off");

    /** The goal the project holds pointer-free stores to: a p99.9 tax of at most this. */
    public static final double GOAL = 1.2;

    /** Point figures only (no interval logs). */
    public static List<TailTax> compute(List<CellResult> results) {
        return compute(results, r -> null);
    }

    /**
     * Pairs every collector cell with the no-collection cell of the same run, host, store, JDK,
     * capacity, extra collector flags and repeat — and the same heap where the run has that; under
     * {@code --heap auto} Epsilon gets a larger heap than the collectors (room for the whole run's
     * allocation), so a lone Epsilon cell at another heap is the baseline. Cells at different heaps
     * (a ballast sweep) are taxed separately, never mixed as repeats.
     */
    public static List<TailTax> compute(List<CellResult> results, IntervalSource source) {
        Map<String, CellResult> unique = new TreeMap<>();
        for (CellResult r : results) {
            if (r.ok()) {
                unique.put(key(r, r.cell().collector(), r.cell().repeat()) + "|" + r.cell().heap(), r);
            }
        }
        Map<String, List<CellResult>> byCoordinates = new TreeMap<>();
        unique.values().forEach(r -> byCoordinates.computeIfAbsent(key(r, r.cell().collector(), r.cell().repeat()), k -> new ArrayList<>()).add(r));
        Map<String, List<CellResult[]>> pairsByGroup = new TreeMap<>();
        Map<String, java.util.Set<String>> heapsByCell = new TreeMap<>();
        for (CellResult r : unique.values()) {
            if (NO_COLLECTION.contains(r.cell().collector())) {
                continue;
            }
            CellResult base = NO_COLLECTION.stream().map(c -> baseline(r, byCoordinates.get(key(r, c, r.cell().repeat())))).filter(java.util.Objects::nonNull)
                    .findFirst().orElse(null);
            if (base != null) {
                pairsByGroup.computeIfAbsent(key(r, r.cell().collector(), 0) + "|" + r.cell().heap(), k -> new ArrayList<>()).add(new CellResult[] {r, base});
                heapsByCell.computeIfAbsent(key(r, r.cell().collector(), 0), k -> new java.util.TreeSet<>()).add(r.cell().heap());
            }
        }
        List<TailTax> out = new ArrayList<>();
        pairsByGroup.forEach((group, pairs) -> {
            CellResult r = pairs.get(0)[0];
            boolean heapSweep = heapsByCell.get(key(r, r.cell().collector(), 0)).size() > 1;
            double[] p = pairs.stream().mapToDouble(x -> ratio(x[0], x[1], c -> c.responseTime().get("all").p999())).sorted().toArray();
            double[] m = pairs.stream().mapToDouble(x -> ratio(x[0], x[1], c -> c.responseTime().get("all").max())).sorted().toArray();
            List<List<Histogram>> collector = new ArrayList<>();
            List<List<Histogram>> epsilon = new ArrayList<>();
            for (CellResult[] pair : pairs) {
                collector.add(source.intervals(pair[0]));
                epsilon.add(source.intervals(pair[1]));
            }
            boolean logs = !collector.contains(null) && !epsilon.contains(null);
            out.add(new TailTax(r.cell().runId() + " @ " + r.host(), r.cell().store(), variantLabel(r, heapSweep), r.cell().collector(), r.cell().jdk(), r.cell().capacity(),
                    pairs.size(), median(p), p[0], p[p.length - 1], median(m), m[0], m[m.length - 1],
                    logs ? Bootstrap.paired(collector, epsilon, 99.9) : null, logs ? Bootstrap.paired(collector, epsilon, 100) : null));
        });
        return out;
    }

    /** What the p99.9 interval says, in words; nothing is claimed where the interval contains 1. */
    public String verdict() {
        if (p999Ci == null) {
            return "no interval (latency logs not at hand)";
        }
        Bootstrap.Estimate e = p999Ci.ratio();
        if (e.above(1)) {
            return "GC costs the tail";
        }
        if (e.below(1)) {
            return "below no GC (platform noise or layout, not the collector)";
        }
        return "not distinguishable from no GC";
    }

    /** The p99.9 interval against {@link #GOAL}: met when it lies below, missed when above, else undecided. */
    public String goal() {
        if (p999Ci == null) {
            return p999Median <= GOAL ? "met (point figure only)" : "missed (point figure only)";
        }
        Bootstrap.Estimate e = p999Ci.ratio();
        return e.high() <= GOAL ? "met" : e.above(GOAL) ? "missed" : "undecided";
    }

    private static double ratio(CellResult r, CellResult base, ToDoubleFunction<CellResult> f) {
        double b = f.applyAsDouble(base);
        return b == 0 ? Double.NaN : f.applyAsDouble(r) / b;
    }

    private static String key(CellResult r, String collector, int repeat) {
        return r.cell().runId() + "|" + r.host() + "|" + r.cell().store() + "|" + collector + "|" + r.cell().jdk() + "|" + r.cell().capacity()
                + "|" + r.cell().gcFlags() + "|" + repeat;
    }

    /** The no-collection cell at the same heap, else the only one there is (auto heaps differ), else none. */
    private static CellResult baseline(CellResult r, List<CellResult> candidates) {
        if (candidates == null) {
            return null;
        }
        return candidates.stream().filter(c -> java.util.Objects.equals(c.cell().heap(), r.cell().heap())).findFirst()
                .orElse(candidates.size() == 1 ? candidates.get(0) : null);
    }

    /** The extra collector flags and — in a heap sweep — the heap, so that no two rows read alike. */
    private static String variantLabel(CellResult r, boolean heapSweep) {
        List<String> parts = new ArrayList<>(r.cell().gcFlags());
        if (heapSweep) {
            parts.add("heap " + r.cell().heap());
        }
        return String.join(" ", parts);
    }

    /** The store and, when the cells had one, their variant: "off-heap [-XX:SoftMaxHeapSize=4g heap 16g]". */
    public String storeLabel() {
        return variant.isEmpty() ? store : store + " [" + variant + "]";
    }

    /** Median of values in any order (a sorted copy). */
    public static double medianOf(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return median(sorted);
    }

    public static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s/%s jdk%s %d: p99.9 x%.2f [%.2f–%.2f], max x%.2f [%.2f–%.2f] over %d pairs",
                storeLabel(), collector, jdk, capacity, p999Median, p999Min, p999Max, maxMedian, maxMin, maxMax, pairs);
    }

    public static List<String> row(TailTax t) {
        return Arrays.asList(t.run(), t.storeLabel(), t.collector(), t.jdk(), Long.toString(t.capacity()), Integer.toString(t.pairs()),
                ci(t.p999Median(), t.p999Ci == null ? null : t.p999Ci.ratio(), "×"), difference(t.p999Ci),
                fmt(t.p999Min()) + " – " + fmt(t.p999Max()), ci(t.maxMedian(), t.maxCi == null ? null : t.maxCi.ratio(), "×"), difference(t.maxCi),
                t.verdict(), t.goal());
    }

    public static final List<String> HEADERS = List.of("run @ host", "store", "collector", "JDK", "states", "pairs", "p99.9 tax [95 % CI]",
            "p99.9 difference [95 % CI]", "p99.9 tax range over pairs", "max tax [95 % CI]", "max difference [95 % CI]", "verdict",
            "p99.9 tax ≤ " + GOAL);

    private static String ci(double median, Bootstrap.Estimate e, String prefix) {
        return e == null ? prefix + fmt(median) : String.format(Locale.ROOT, "%s%.2f [%.2f–%.2f]", prefix, median, e.low(), e.high());
    }

    private static String difference(Bootstrap.Comparison c) {
        if (c == null) {
            return "—";
        }
        Bootstrap.Estimate d = c.differenceMs();
        return TimeFormat.ofMillis(d.value()) + " [" + TimeFormat.ofMillis(d.low()) + " – " + TimeFormat.ofMillis(d.high()) + "]";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
