package io.readstates.report.analysis;

import io.readstates.results.CellResult;
import io.readstates.results.IntervalSource;
import io.readstates.results.TimeFormat;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Store against store, with intervals: under each collector and set of conditions of one run, every
 * store's p99 and p99.9 as a multiple of the store with the lowest p99.9 there. The question a user
 * asks of a matrix is "how much worse is the object graph than off-heap here, and is that more than
 * noise?"; the comparison table gives the point figures, this gives the ratio and a 95 % bootstrap
 * interval over the cells' repeats and one-second intervals ({@link Bootstrap#unpaired}, as the
 * headline's winner sentence), so a single repeat still gets an interval from its intervals.
 *
 * <p>Only cells of one run are paired (one session, interleaved by the matrix), and only cells whose
 * {@link CellKey#conditions} are equal: same JDK, capacity, workload, rate, heap, periodic cycle and
 * collector flags.
 *
 * @param group      run and conditions
 * @param collector  the collector both stores ran under
 * @param store      the store compared
 * @param reference  the store with the lowest median p99.9 under these conditions
 * @param repeats    cells of the store and of the reference ("2 ÷ 2")
 * @param p99        p99 of the store ÷ the reference's, with its interval
 * @param p999       the same for p99.9
 * @param p999Store  the store's median p99.9, ms
 * @param p999Ref    the reference's median p99.9, ms
 */
public record StoreComparison(String group, String collector, String store, String reference, String repeats,
                              Bootstrap.Estimate p99, Bootstrap.Estimate p999, double p999Store, double p999Ref) {

    public static final List<String> HEADERS = List.of("run / conditions", "collector", "store", "against", "cells", "p99.9",
            "p99 ratio [95 % CI]", "p99.9 ratio [95 % CI]", "verdict");

    /** Every pair (store, best store) with interval logs on both sides; groups with one store give none. */
    public static List<StoreComparison> compute(List<CellResult> results, IntervalSource intervals) {
        Map<String, Map<String, List<CellResult>>> groups = new TreeMap<>();
        for (CellResult r : results) {
            if (r.ok() && r.responseTime() != null && r.responseTime().get("all") != null) {
                groups.computeIfAbsent(r.cell().runId() + " | " + CellKey.conditions(r) + " | " + r.cell().collector(), k -> new TreeMap<>())
                        .computeIfAbsent(r.cell().store(), k -> new ArrayList<>()).add(r);
            }
        }
        List<StoreComparison> out = new ArrayList<>();
        groups.forEach((key, byStore) -> {
            if (byStore.size() < 2) {
                return;
            }
            List<Map.Entry<String, List<CellResult>>> ranked = new ArrayList<>(byStore.entrySet());
            ranked.sort(Comparator.comparingDouble(e -> p999(e.getValue())));
            var best = ranked.get(0);
            List<List<Histogram>> b = best.getValue().stream().map(intervals::intervals).toList();
            if (b.contains(null)) {
                return;
            }
            CellResult any = best.getValue().get(0);
            String group = any.cell().runId() + " / " + CellKey.conditions(any);
            for (var e : ranked.subList(1, ranked.size())) {
                List<List<Histogram>> a = e.getValue().stream().map(intervals::intervals).toList();
                if (a.contains(null)) {
                    continue;
                }
                out.add(new StoreComparison(group, any.cell().collector(), e.getKey(), best.getKey(),
                        e.getValue().size() + " ÷ " + best.getValue().size(), Bootstrap.unpaired(a, b, 99.0).ratio(),
                        Bootstrap.unpaired(a, b, 99.9).ratio(), p999(e.getValue()), p999(best.getValue())));
            }
        });
        return out;
    }

    private static double p999(List<CellResult> cells) {
        return Figures.median(cells, r -> r.responseTime().get("all").p999());
    }

    /** Worded only where the p99.9 interval excludes 1. */
    public String verdict() {
        if (p999.above(1)) {
            return String.format(Locale.ROOT, "%s has the higher p99.9 (×%.2f, interval above 1)", store, p999.value());
        }
        return "not distinguishable from " + reference + " on this evidence (interval contains 1)";
    }

    public List<String> row() {
        return List.of(group, collector, store, reference, repeats, TimeFormat.ofMillis(p999Store) + " vs " + TimeFormat.ofMillis(p999Ref),
                ci(p99), ci(p999), verdict());
    }

    private static String ci(Bootstrap.Estimate e) {
        return String.format(Locale.ROOT, "×%.2f [%.2f–%.2f]", e.value(), e.low(), e.high());
    }
}
