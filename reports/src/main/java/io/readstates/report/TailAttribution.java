package io.readstates.report;

import io.readstates.report.model.AttributionFigures;
import io.readstates.report.model.CellResult;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** The stacked chart: per cell, the share of its operations ≥ p99.9 by main cause; null when no cell has any. */
    static Path chart(List<CellResult> cells, Path dir) {
        List<CellResult> withOps = cells.stream().filter(r -> r.attribution().aboveP999().operations() > 0).toList();
        if (withOps.isEmpty()) {
            return null;
        }
        TreeSet<String> causes = new TreeSet<>();
        withOps.forEach(r -> causes.addAll(r.attribution().aboveP999().operationsByCause().keySet()));
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(500).title("Where the tail came from: operations ≥ p99.9 by main cause")
                .xAxisTitle("cell").yAxisTitle("% of the cell's operations ≥ p99.9").build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setXAxisLabelRotation(45);
        List<String> names = withOps.stream().map(r -> r.cell().id()).toList();
        for (String cause : causes) {
            List<Double> shares = withOps.stream().map(r -> {
                AttributionFigures.Breakdown b = r.attribution().aboveP999();
                return 100.0 * b.operationsByCause().getOrDefault(cause, 0L) / b.operations();
            }).toList();
            chart.addSeries(cause, names, shares);
        }
        return SummaryCharts.save(chart, dir, "tail-attribution");
    }
}
