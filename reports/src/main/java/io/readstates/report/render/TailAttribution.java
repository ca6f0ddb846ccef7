package io.readstates.report.render;

import io.readstates.report.analysis.TailTax;
import io.readstates.results.AttributionFigures;
import io.readstates.results.CellResult;
import io.readstates.results.TimeFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * "Where the tail came from": per cell, the operations at or above the window's p99.9 by the cause
 * the cell attributed each to (its main cause, docs/slow-operations.md), as a table and as a stacked
 * bar chart of shares — cells ordered by store then collector, so the collectors of one store stand
 * side by side. The cause names are the cell's own words; the report adds no judgement of its own.
 */
final class TailAttribution {
    private TailAttribution() {
    }

    static final List<String> HEADERS = List.of("cell", "threshold", "captured", "dropped", "ops ≥ p99.9", "collector's share ≥ p99.9",
            "main causes ≥ p99.9 (share of operations)", "main causes of all captured");

    /** The cells that carry an attribution, in chart order. */
    static List<CellResult> attributed(List<CellResult> results) {
        return results.stream().filter(r -> r.measured() && r.attribution() != null)
                .sorted(java.util.Comparator.comparing((CellResult r) -> r.cell().store()).thenComparing(r -> r.cell().collector())
                        .thenComparing(r -> r.cell().id()))
                .toList();
    }

    static List<String> row(CellResult r) {
        AttributionFigures a = r.attribution();
        return List.of(r.cell().id(), TimeFormat.ofMillis(a.thresholdMs()), Long.toString(a.captured()), Long.toString(a.dropped()),
                Long.toString(a.aboveP999().operations()), percent(a.aboveP999().collectorShare()), shares(a.aboveP999()), shares(a.all()));
    }

    private static String shares(AttributionFigures.Breakdown b) {
        if (b.operations() == 0) {
            return "—";
        }
        List<String> parts = new ArrayList<>();
        b.operationsByCause().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> parts.add(e.getKey() + " " + percent((double) e.getValue() / b.operations())));
        return String.join(", ", parts);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    /**
     * The stacked charts, one of the share of operations ≥ p99.9 by main cause and one of the share of
     * their excess time (their summed delay) by cause, per cell; empty when no cell has any.
     */
    static List<Path> charts(List<CellResult> cells, Path dir) {
        List<CellResult> withOps = cells.stream().filter(r -> r.attribution().aboveP999().operations() > 0).toList();
        if (withOps.isEmpty()) {
            return List.of();
        }
        TreeSet<String> operationCauses = new TreeSet<>();
        TreeSet<String> delayCauses = new TreeSet<>();
        withOps.forEach(r -> {
            operationCauses.addAll(r.attribution().aboveP999().operationsByCause().keySet());
            delayCauses.addAll(r.attribution().aboveP999().delayMsByCause().keySet());
        });
        List<String> names = withOps.stream().map(r -> r.cell().id()).toList();
        CategoryChart operations = stacked("Where the tail came from: operations ≥ p99.9 by main cause", "% of the cell's operations ≥ p99.9");
        for (String cause : operationCauses) {
            operations.addSeries(cause, names, withOps.stream().map(r -> {
                AttributionFigures.Breakdown b = r.attribution().aboveP999();
                return 100.0 * b.operationsByCause().getOrDefault(cause, 0L) / b.operations();
            }).toList());
        }
        CategoryChart delay = stacked("Where the tail's time went: excess time of operations ≥ p99.9 by cause", "% of their summed delay");
        for (String cause : delayCauses) {
            delay.addSeries(cause, names, withOps.stream().map(r -> {
                Map<String, Double> byCause = r.attribution().aboveP999().delayMsByCause();
                double total = byCause.values().stream().mapToDouble(Double::doubleValue).sum();
                return total > 0 ? 100.0 * byCause.getOrDefault(cause, 0.0) / total : 0.0;
            }).toList());
        }
        return List.of(SummaryCharts.save(operations, dir, "tail-attribution"), SummaryCharts.save(delay, dir, "tail-attribution-time"));
    }

    /**
     * The collectors side by side: per store (x) and collector (one bar each), the collector's share of
     * the operations ≥ p99.9 — the median over repeats, with the repeats' range in the table above.
     * Null when fewer than two collectors were attributed.
     */
    static Path byCollector(List<CellResult> cells, Path dir) {
        Map<String, Map<String, List<Double>>> shares = new TreeMap<>();
        cells.stream().filter(r -> r.attribution().aboveP999().operations() > 0).forEach(r -> shares
                .computeIfAbsent(r.cell().collector(), c -> new TreeMap<>())
                .computeIfAbsent(r.cell().store(), s -> new ArrayList<>()).add(100 * r.attribution().aboveP999().collectorShare()));
        if (shares.size() < 2) {
            return null;
        }
        List<String> stores = shares.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(500)
                .title("Is it the collector? Share of operations ≥ p99.9 attributed to GC, per store and collector (median of repeats)")
                .xAxisTitle("store").yAxisTitle("% of operations ≥ p99.9 whose main cause is GC").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        for (var c : shares.entrySet()) {
            chart.addSeries(c.getKey(), stores, stores.stream().map(s -> {
                List<Double> v = c.getValue().get(s);
                return v == null ? 0.0 : TailTax.medianOf(v.stream().mapToDouble(Double::doubleValue).toArray());
            }).toList());
        }
        return SummaryCharts.save(chart, dir, "tail-attribution-by-collector");
    }

    private static CategoryChart stacked(String title, String yAxis) {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(500).title(title).xAxisTitle("cell").yAxisTitle(yAxis).build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setXAxisLabelRotation(45);
        return chart;
    }
}
