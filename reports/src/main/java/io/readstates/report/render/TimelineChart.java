package io.readstates.report.render;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.readstates.report.analysis.LatencyTimeline;
import io.readstates.report.analysis.Sawtooth;
import io.readstates.results.CellResult;
import io.readstates.results.GcFigures;
import io.readstates.results.IntervalHistograms;
import io.readstates.results.RunData;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chart 1 of the report: a cell's response time over time — per-interval p99, p99.9 and max on a
 * log scale — with every GC pause marked at its start (height = pause length) and the hiccup
 * control's per-interval max and the driver's start lag (how far behind schedule it ran), over translucent bands where a concurrent GC phase ran. A collector's sawtooth is a row of max spikes that line up with
 * pause marks; a flat line is the Rust-like outcome. The cell's captured slow operations are drawn as
 * points coloured by what they waited for (docs/slow-operations.md).
 */
public final class TimelineChart {
    private static final double FLOOR_MS = 0.001;

    private TimelineChart() {
    }

    public static XYChart build(String title, LatencyTimeline timeline, GcFigures gc) {
        XYChart chart = new XYChartBuilder().width(1100).height(420).title(title)
                .xAxisTitle("seconds into the measured window").yAxisTitle("milliseconds (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        List<LatencyTimeline.Point> pts = timeline.points().stream().filter(p -> p.count() > 0).toList();
        shadeConcurrentPhases(chart, gc, pts.stream().mapToDouble(LatencyTimeline.Point::maxMs).max().orElse(1));
        if (!pts.isEmpty()) {
            double[] t = pts.stream().mapToDouble(LatencyTimeline.Point::seconds).toArray();
            line(chart, "max", t, pts.stream().mapToDouble(LatencyTimeline.Point::maxMs).toArray(), new Color(200, 30, 30));
            line(chart, "p99.9", t, pts.stream().mapToDouble(LatencyTimeline.Point::p999Ms).toArray(), new Color(230, 140, 20));
            line(chart, "p99", t, pts.stream().mapToDouble(LatencyTimeline.Point::p99Ms).toArray(), new Color(40, 110, 200));
            line(chart, "hiccup max (platform)", t, pts.stream().mapToDouble(LatencyTimeline.Point::hiccupMaxMs).toArray(), new Color(150, 150, 150));
            line(chart, "driver start lag max (backlog)", t, pts.stream().mapToDouble(LatencyTimeline.Point::startLagMaxMs).toArray(), new Color(120, 60, 170))
                    .setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DOT_DOT);
        }
        if (gc != null && !gc.pauses().isEmpty()) {
            double[] x = gc.pauses().stream().mapToDouble(p -> p.startMs() / 1000).toArray();
            double[] y = gc.pauses().stream().mapToDouble(p -> Math.max(FLOOR_MS, p.durationMs())).toArray();
            XYSeries s = chart.addSeries("GC pause (at start, height = length)", x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setMarkerColor(new Color(20, 140, 60));
        }
        if (chart.getSeriesMap().isEmpty()) {
            XYSeries s = chart.addSeries("no data", new double[] {0}, new double[] {1});
            s.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /**
     * Concurrent GC phases (JFR's top-level {@code jdk.GCPhaseConcurrent}, Go's concurrent mark) as
     * translucent bands from the floor to above the highest max, drawn first so that the latency
     * lines sit on top.
     *
     * <p>Implementation note: XChart fills an area series between its line and the value 1 of a
     * logarithmic axis (log 1 = 0), not the axis floor, and joins consecutive points. One series over
     * all phases therefore shaded the gaps between them from the floor to 1 ms (a two-minute band
     * between two Go cycles, looking like a phase); each merged phase is now two series of its own,
     * one from 1 ms up to the top and one from the floor up to 1 ms, so nothing outside a phase is
     * filled whichever baseline the library uses.
     */
    private static void shadeConcurrentPhases(XYChart chart, GcFigures gc, double highestMs) {
        if (gc == null || gc.concurrentPhases() == null || gc.concurrentPhases().isEmpty()) {
            return;
        }
        double top = Math.max(highestMs * 2, 2);
        int band = 0;
        for (double[] b : mergedBands(Sawtooth.spans(gc.concurrentPhases()))) {
            for (double y : new double[] {top, FLOOR_MS}) {
                XYSeries s = chart.addSeries(band == 0 ? PHASE_SERIES : PHASE_SERIES + " " + band, new double[] {b[0], b[1]}, new double[] {y, y});
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
                s.setMarker(SeriesMarkers.NONE);
                s.setFillColor(new Color(20, 140, 60, 45));
                s.setLineColor(new Color(20, 140, 60, 0));
                s.setShowInLegend(band == 0);
                band++;
            }
        }
    }

    /** The name of the first shading series (the one in the legend); the others add a number to it. */
    static final String PHASE_SERIES = "concurrent GC phase";

    /** Overlapping or touching [start, end] spans, ordered by start, merged into one. */
    static List<double[]> mergedBands(List<double[]> ordered) {
        List<double[]> out = new ArrayList<>();
        for (double[] b : ordered) {
            double[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && b[0] <= last[1]) {
                last[1] = Math.max(last[1], b[1]);
            } else {
                out.add(new double[] {b[0], b[1]});
            }
        }
        return out;
    }

    private static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color) {
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(FLOOR_MS, y[i]);
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        return s;
    }

    /** The out-of-process hiccup control's log, written by the matrix beside each cell. */
    static final String EXTERNAL_HICCUP_LOG = "hiccup-external.hlog";

    /**
     * The out-of-process control's per-interval max, over the measured window: a stall it shares
     * with the in-process control is the platform's; one only the in-process control shows is the
     * cell's JVM (a GC pause or another safepoint).
     */
    private static void addExternalHiccups(XYChart chart, Path hlog, long windowStartEpochMs, long windowEndEpochMs) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (IntervalHistograms.Interval i : IntervalHistograms.read(hlog, "none").intervals()) {
            if (i.startEpochMs() >= windowStartEpochMs && i.startEpochMs() <= windowEndEpochMs) {
                x.add((i.startEpochMs() - windowStartEpochMs) / 1000.0);
                y.add(Math.max(FLOOR_MS, i.hiccupMaxNs() / 1e6));
            }
        }
        if (!x.isEmpty()) {
            XYSeries s = chart.addSeries("hiccup max (separate JVM)", x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(new Color(90, 90, 90));
            s.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
        }
    }

    /** The slow operations drawn per cell at most: the slowest, so that a chart stays readable and quick to draw. */
    static final int MAX_SLOW_OPS = 3000;
    static final String SLOW_OPS_FILE = "slow-ops.csv";
    private static final Map<String, Color> CAUSE_COLORS = Map.of(
            "gc-pause", new Color(0, 150, 160), "safepoint", new Color(110, 180, 60), "allocation-stall", new Color(0, 90, 40),
            "backing-store", new Color(30, 90, 200), "store-lock", new Color(150, 60, 200), "platform", new Color(90, 90, 90),
            "concurrent-gc", new Color(120, 200, 150), "queueing", new Color(230, 140, 20), "unexplained", new Color(200, 30, 30));

    /**
     * The cell's captured slow operations ({@value #SLOW_OPS_FILE}) as points at their intended start,
     * height = response time, one colour per main cause (the slowest {@value #MAX_SLOW_OPS}).
     */
    static void addSlowOps(XYChart chart, Path csv) {
        List<String[]> rows = new ArrayList<>();
        try (var it = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .readerFor(String[].class).<String[]>readValues(csv.toFile())) {
            String[] header = it.hasNext() ? it.next() : new String[0];
            int at = Arrays.asList(header).indexOf("intended_ms");
            int response = Arrays.asList(header).indexOf("response_ms");
            int cause = Arrays.asList(header).indexOf("cause");
            if (at < 0 || response < 0 || cause < 0) {
                return;
            }
            while (it.hasNext()) {
                String[] r = it.next();
                rows.add(new String[] {r[at], r[response], r[cause]});
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        rows.sort((x, y) -> Double.compare(Double.parseDouble(y[1]), Double.parseDouble(x[1])));
        Map<String, List<double[]>> byCause = new TreeMap<>();
        for (String[] r : rows.subList(0, Math.min(MAX_SLOW_OPS, rows.size()))) {
            byCause.computeIfAbsent(r[2], k -> new ArrayList<>()).add(new double[] {Double.parseDouble(r[0]) / 1000, Double.parseDouble(r[1])});
        }
        byCause.forEach((c, pts) -> {
            XYSeries s = chart.addSeries("slow op: " + c, pts.stream().mapToDouble(p -> p[0]).toArray(),
                    pts.stream().mapToDouble(p -> Math.max(FLOOR_MS, p[1])).toArray());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(CAUSE_COLORS.getOrDefault(c, Color.BLACK));
        });
    }

    /** Draws the cell's chart to {@code pngWithoutExtension}.png and returns that path. */
    public static Path write(RunData.Cell cell, Path pngWithoutExtension) {
        CellResult r = cell.result();
        LatencyTimeline timeline = LatencyTimeline.read(cell.latencyLog(), "response", r.run().measurementStartEpochMs());
        XYChart chart = build(r.cell().id() + " — response time per " + r.run().intervalSeconds() + " s interval", timeline, r.gc());
        Path external = cell.dir().resolve(EXTERNAL_HICCUP_LOG);
        if (Files.exists(external)) {
            addExternalHiccups(chart, external, r.run().measurementStartEpochMs(), r.run().measurementEndEpochMs());
        }
        Path slowOps = cell.dir().resolve(SLOW_OPS_FILE);
        if (Files.exists(slowOps)) {
            addSlowOps(chart, slowOps);
        }
        return SummaryCharts.save(chart, pngWithoutExtension.getParent(), pngWithoutExtension.getFileName().toString());
    }
}
