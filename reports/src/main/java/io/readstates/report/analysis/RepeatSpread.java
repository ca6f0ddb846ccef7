package io.readstates.report.analysis;

import io.readstates.results.CellResult;
import io.readstates.results.TimeFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The spread over repeats of one cell (store × collector × JDK × capacity, within one run): median,
 * min and max of the gate's figures; another run's cells are never counted as repeats. On a shared machine one run says little; the spread says how much a
 * difference between two cells must be before it means anything.
 *
 * @param figures metric name → {median, min, max}
 */
public record RepeatSpread(String cell, int repeats, Map<String, double[]> figures) {

    /** Groups with two or more ok repeats, in key order. */
    public static List<RepeatSpread> compute(List<CellResult> results) {
        Map<String, List<CellResult>> groups = new TreeMap<>();
        for (CellResult r : results) {
            if (r.ok()) {
                groups.computeIfAbsent(CellKey.of(r) + " / run " + r.cell().runId(), k -> new ArrayList<>()).add(r);
            }
        }
        List<RepeatSpread> out = new ArrayList<>();
        groups.forEach((key, rs) -> {
            if (rs.size() > 1) {
                Map<String, double[]> figures = new TreeMap<>();
                for (var m : Figures.METRICS.entrySet()) {
                    figures.put(m.getKey(), spread(rs, m.getValue()));
                }
                out.add(new RepeatSpread(key, rs.size(), figures));
            }
        });
        return out;
    }

    private static double[] spread(List<CellResult> rs, ToDoubleFunction<CellResult> f) {
        double[] v = rs.stream().mapToDouble(f).sorted().toArray();
        return new double[] {TailTax.median(v), v[0], v[v.length - 1]};
    }

    public static List<String> headers() {
        List<String> h = new ArrayList<>(List.of("cell", "repeats"));
        new TreeMap<>(Figures.METRICS).keySet().forEach(m -> h.add(m.replace(" ms", "") + " median [min–max]"));
        return h;
    }

    public List<String> row() {
        List<String> row = new ArrayList<>(List.of(cell, Integer.toString(repeats)));
        figures.values().forEach(f -> row.add(String.format(Locale.ROOT, "%s [%s–%s]", TimeFormat.ofMillis(f[0]), TimeFormat.ofMillis(f[1]), TimeFormat.ofMillis(f[2]))));
        return row;
    }
}
