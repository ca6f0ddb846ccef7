package io.readstates.report.render;

import io.readstates.report.analysis.ChangePoints;
import io.readstates.report.history.RunHistory;
import io.readstates.results.AtomicFiles;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code history trend}: per cell key, one figure over the runs of the history with its change
 * points ({@link ChangePoints}) marked, and a table of the changes — where, the medians before and
 * after, the magnitude and the p-value — as {@code trend.html} (charts embedded) and
 * {@code trend.md}.
 */
public final class TrendReport {
    private TrendReport() {
    }

    /**
     * One detected change.
     *
     * @param key      the cell key
     * @param atRun    the first run after the change
     * @param revision that run's source revision
     */
    public record Change(String key, String atRun, String revision, ChangePoints.ChangePoint point) {
    }

    /** What was written, and the changes found. */
    public record Rendered(Path html, List<Change> changes) {
    }

    static final List<String> HEADERS = List.of("cell key", "change at run", "revision", "median before", "median after", "change", "p-value");

    public static Rendered render(RunHistory history, String figure, ChangePoints detector, Path outDir) {
        Map<String, List<RunHistory.Point>> trends = history.trends(figure);
        List<Change> changes = new ArrayList<>();
        StringBuilder html = new StringBuilder();
        Html.head(html, "readstates-gc trend: " + figure);
        html.append("<h1>Trend of ").append(Html.esc(figure)).append("</h1>\n<p>Per cell key, the run's median over its ok repeats, oldest ")
                .append("run first. Change points by E-divisive means with a permutation test (<code>docs/confidence-intervals.md</code>, "
                        + "\"Change points\"); a red mark is the first run after a change.</p>\n");
        StringBuilder charts = new StringBuilder();
        int chartNo = 0;
        try {
            for (var e : trends.entrySet()) {
                double[] values = e.getValue().stream().mapToDouble(RunHistory.Point::value).toArray();
                List<ChangePoints.ChangePoint> found = detector.find(values);
                for (ChangePoints.ChangePoint c : found) {
                    RunHistory.Point p = e.getValue().get(c.index());
                    changes.add(new Change(e.getKey(), p.runId(), p.gitRevision(), c));
                }
                Path png = SummaryCharts.save(chart(e.getKey(), figure, values, found), outDir.resolve("charts"), "trend-" + chartNo++);
                charts.append("<h3>").append(Html.esc(e.getKey())).append("</h3>\n");
                Html.image(charts, png, figure + " over runs for " + e.getKey());
            }
            html.append("<h2>Changes</h2>\n");
            Html.table(html, HEADERS, changes.stream().map(TrendReport::row).toList(), "changes");
            html.append("<h2>Series</h2>\n").append(charts).append("</body></html>\n");
            Path report = outDir.resolve("trend.html");
            AtomicFiles.writeString(report, html.toString());
            StringBuilder md = new StringBuilder("# Trend of " + figure + "\n\n| " + String.join(" | ", HEADERS) + " |\n|"
                    + "---|".repeat(HEADERS.size()) + "\n");
            changes.forEach(c -> md.append("| ").append(String.join(" | ", row(c))).append(" |\n"));
            AtomicFiles.writeString(outDir.resolve("trend.md"), md.toString());
            return new Rendered(report, changes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trend into " + outDir, e);
        }
    }

    private static List<String> row(Change c) {
        ChangePoints.ChangePoint p = c.point();
        return List.of(c.key(), c.atRun(), String.valueOf(c.revision()), String.format(Locale.ROOT, "%.4g", p.beforeMedian()),
                String.format(Locale.ROOT, "%.4g", p.afterMedian()), String.format(Locale.ROOT, "%+.1f %%", p.relativeChange() * 100),
                String.format(Locale.ROOT, "%.3f", p.pValue()));
    }

    private static XYChart chart(String key, String figure, double[] values, List<ChangePoints.ChangePoint> changes) {
        XYChart chart = new XYChartBuilder().width(900).height(350).title(key).xAxisTitle("run (oldest first)").yAxisTitle(figure).build();
        double[] x = new double[values.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        XYSeries s = chart.addSeries(figure, x, values);
        s.setMarker(SeriesMarkers.CIRCLE);
        if (!changes.isEmpty()) {
            XYSeries c = chart.addSeries("first run after a change", changes.stream().mapToDouble(p -> p.index() + 1).toArray(),
                    changes.stream().mapToDouble(p -> values[p.index()]).toArray());
            c.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            c.setMarker(SeriesMarkers.DIAMOND);
            c.setMarkerColor(new Color(200, 30, 30));
        }
        return chart;
    }
}
