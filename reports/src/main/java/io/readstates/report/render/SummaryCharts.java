package io.readstates.report.render;

import io.readstates.report.analysis.Figures;
import io.readstates.report.analysis.MarkingScaling;
import io.readstates.results.AtomicFiles;
import io.readstates.results.CellResult;
import io.readstates.results.IntervalHistograms;
import io.readstates.results.RunData;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run-level charts: percentile distributions (the HDR plot: log scale on 1/(1−p)), bytes per
 * resident state per store, and GC CPU share per cell. Each is written as PNG and SVG.
 */
final class SummaryCharts {
    /** Distinct colours for series that must be told apart by pair (a store's latency and its hit rate share one). */
    private static final Color[] PALETTE = {new Color(40, 110, 200), new Color(200, 30, 30), new Color(30, 150, 70),
            new Color(230, 140, 20), new Color(130, 60, 180), new Color(90, 90, 90)};

    private SummaryCharts() {
    }

    /** Writes {@code name}.png and {@code name}.svg; returns the PNG. */
    static Path save(Chart<?, ?> chart, Path dir, String name) {
        Path png = dir.resolve(name + ".png");
        AtomicFiles.write(png, ".png", tmp -> BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG));
        AtomicFiles.write(dir.resolve(name + ".svg"), ".svg",
                tmp -> VectorGraphicsEncoder.saveVectorGraphic(chart, tmp.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
        return png;
    }

    /** All response-time histograms of a cell's log, merged. */
    static Histogram responseTotal(Path hlog) {
        Histogram total = new Histogram(3);
        IntervalHistograms.read(hlog, "response").intervals().forEach(i -> total.add(i.histogram()));
        return total;
    }

    /**
     * The label of a point on the HDR plot's x axis, which is log-scaled on 1/(1 − p) as
     * HdrHistogram's own plots are: 10 → "90%", 100 → "99%", 1000 → "99.9%".
     */
    static String percentileLabel(double x) {
        if (x <= 1) {
            return "0%";
        }
        double percent = 100 - 100 / x;
        int decimals = Math.min(12, Math.max(0, (int) Math.ceil(Math.log10(x) - 1e-9) - 2));
        return new BigDecimal(percent).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%";
    }

    /**
     * The x axis is linear in log10(1/(1 − p)) — XChart cannot format the ticks of a logarithmic
     * axis (its formatting callback walks the whole range in linear steps) — so whole numbers are
     * the decades 90 %, 99 %, 99.9 %, … and are the only ticks labelled.
     */
    static String decadeLabel(double log10) {
        double k = Math.rint(log10);
        return Math.abs(log10 - k) < 1e-9 && k >= 0 && k <= 12 ? percentileLabel(Math.pow(10, k)) : "";
    }

    /** One HDR plot per collector: a series per store (first repeat of each). */
    static List<Path> percentileDistributions(List<RunData.Cell> cells, Path dir) {
        Map<String, Map<String, RunData.Cell>> byCollector = new TreeMap<>();
        for (RunData.Cell c : cells) {
            CellResult r = c.result();
            if (r.ok() && Files.exists(c.latencyLog())) {
                byCollector.computeIfAbsent(r.cell().collector() + " jdk" + r.cell().jdk(), k -> new TreeMap<>())
                        .putIfAbsent(r.cell().store() + " " + r.cell().capacity(), c);
            }
        }
        List<Path> out = new ArrayList<>();
        byCollector.forEach((collector, stores) -> {
            XYChart chart = new XYChartBuilder().width(900).height(450).title("Response-time percentiles under " + collector)
                    .xAxisTitle("percentile").yAxisTitle("milliseconds (log)").build();
            chart.getStyler().setxAxisTickLabelsFormattingFunction(SummaryCharts::decadeLabel);
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
            stores.forEach((store, cell) -> {
                Histogram h = responseTotal(cell.latencyLog());
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (HistogramIterationValue v : h.percentiles(5)) {
                    double p = v.getPercentileLevelIteratedTo() / 100.0;
                    if (p >= 0.999999) {
                        break;
                    }
                    x.add(Math.log10(1 / (1 - p)));
                    y.add(Math.max(0.0001, v.getValueIteratedTo() / 1e6));
                }
                if (!x.isEmpty()) {
                    XYSeries s = chart.addSeries(store, x, y);
                    s.setMarker(SeriesMarkers.NONE);
                }
            });
            if (!chart.getSeriesMap().isEmpty()) {
                out.add(save(chart, dir, "percentiles-" + collector.replaceAll("[^a-zA-Z0-9]+", "-")));
            }
        });
        return out;
    }

    /** Bytes per resident state per cell, heap and off-heap stacked. */
    static Path footprint(List<RunData.Cell> cells, Path dir) {
        Map<String, double[]> perStore = new LinkedHashMap<>();
        for (RunData.Cell c : cells) {
            CellResult r = c.result();
            if (r.ok() && r.footprint() != null && r.footprint().heapBytesPerState() != null) {
                perStore.putIfAbsent(r.cell().store() + " (" + r.cell().collector() + ")",
                        new double[] {r.footprint().heapBytesPerState(), r.footprint().offHeapBytesPerState()});
            }
        }
        if (perStore.isEmpty()) {
            return null;
        }
        CategoryChart chart = new CategoryChartBuilder().width(900).height(420).title("Bytes per resident state")
                .xAxisTitle("store (collector)").yAxisTitle("bytes").build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setXAxisLabelRotation(30);
        List<String> names = new ArrayList<>(perStore.keySet());
        chart.addSeries("heap", names, perStore.values().stream().map(v -> v[0]).toList());
        chart.addSeries("off-heap", names, perStore.values().stream().map(v -> v[1]).toList());
        return save(chart, dir, "bytes-per-state");
    }

    /** Share of the process's CPU spent in GC threads, per cell. */
    static Path gcCpuShare(List<RunData.Cell> cells, Path dir) {
        List<String> names = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        for (RunData.Cell c : cells) {
            CellResult r = c.result();
            if (r.ok() && r.gc() != null && r.gc().cores() > 0) {
                names.add(r.cell().id());
                shares.add(r.gc().gcMachineShare() * 100);
            }
        }
        if (names.isEmpty()) {
            return null;
        }
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(450).title("GC threads' share of the machine (cores × window)")
                .xAxisTitle("cell").yAxisTitle("% of the machine's CPU").build();
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("GC share of machine", names, shares);
        return save(chart, dir, "gc-cpu-share");
    }

    /** Chart 3: marking time per cycle vs resident states, points and fitted line per store × collector. */
    static Path markingScaling(List<MarkingScaling> scaling, Path dir) {
        XYChart chart = new XYChartBuilder().width(900).height(450).title("Concurrent marking per whole-heap cycle vs resident states")
                .xAxisTitle("resident states (millions)").yAxisTitle("marking ms per cycle").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        for (MarkingScaling m : scaling) {
            double[] x = m.points().stream().mapToDouble(p -> p.states() / 1e6).toArray();
            double[] y = m.points().stream().mapToDouble(MarkingScaling.Point::markMsPerCycle).toArray();
            XYSeries pts = chart.addSeries(m.store() + " / " + m.collector() + " / jdk" + m.jdk(), x, y);
            pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            MarkingScaling.Fit f = m.markMsPerMillionStates();
            if (!Double.isNaN(f.slope())) {
                double lo = x[0];
                double hi = x[x.length - 1];
                XYSeries line = chart.addSeries(m.store() + " / " + m.collector() + " / jdk" + m.jdk() + " fit", new double[] {lo, hi},
                        new double[] {f.intercept() + f.slope() * lo, f.intercept() + f.slope() * hi});
                line.setMarker(SeriesMarkers.NONE);
                line.setLineColor(pts.getMarkerColor());
            }
        }
        return save(chart, dir, "marking-scaling");
    }

    /**
     * Chart 4: the cache-size trade-off. For each store × collector × JDK over one fixed population,
     * p99.9 response time (left axis) and hit rate (right axis) against the cache's share of the
     * population; with repeats, the median per size. Null when no group has two sizes.
     */
    static Path cacheSize(List<RunData.Cell> cells, Path dir) {
        Map<String, TreeMap<Double, List<CellResult>>> groups = new TreeMap<>();
        for (RunData.Cell c : cells) {
            CellResult r = c.result();
            if (!r.ok() || r.store() == null || r.cell().populationStates() <= 0) {
                continue;
            }
            String key = r.cell().store() + " / " + r.cell().collector() + " / jdk" + r.cell().jdk() + " / " + r.cell().populationStates() / 1e6 + "M";
            double share = 100.0 * r.cell().capacity() / r.cell().populationStates();
            groups.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(share, k -> new ArrayList<>()).add(r);
        }
        groups.values().removeIf(g -> g.size() < 2);
        if (groups.isEmpty()) {
            return null;
        }
        XYChart chart = new XYChartBuilder().width(900).height(450).title("Cache size vs hit rate vs tail latency (fixed population)")
                .xAxisTitle("cache capacity, % of the population").build();
        chart.setYAxisGroupTitle(0, "p99.9 response ms");
        chart.setYAxisGroupTitle(1, "hit rate %");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        int i = 0;
        for (var g : groups.entrySet()) {
            Color color = PALETTE[i++ % PALETTE.length];
            double[] x = g.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] tail = g.getValue().values().stream().mapToDouble(rs -> Figures.median(rs, r -> r.responseTime().get("all").p999())).toArray();
            double[] hits = g.getValue().values().stream().mapToDouble(rs -> 100 * Figures.median(rs, r -> r.store().hitRate())).toArray();
            XYSeries t = chart.addSeries(g.getKey() + " p99.9", x, tail);
            XYSeries h = chart.addSeries(g.getKey() + " hit rate", x, hits);
            h.setYAxisGroup(1);
            h.setLineStyle(SeriesLines.DASH_DASH);
            for (XYSeries s : List.of(t, h)) {
                s.setLineColor(color);
                s.setMarkerColor(color);
            }
        }
        return save(chart, dir, "cache-size");
    }

}
