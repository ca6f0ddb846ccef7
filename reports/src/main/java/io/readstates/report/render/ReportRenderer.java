package io.readstates.report.render;

import io.readstates.report.analysis.CaseStudy;
import io.readstates.report.analysis.CaseStudyAttempt;
import io.readstates.report.analysis.GcOverlap;
import io.readstates.report.analysis.LatencyTimeline;
import io.readstates.report.analysis.MarkingScaling;
import io.readstates.report.analysis.RepeatSpread;
import io.readstates.report.analysis.Sawtooth;
import io.readstates.report.analysis.StoreComparison;
import io.readstates.report.analysis.TailTax;
import io.readstates.results.AtomicFiles;
import io.readstates.results.CellResult;
import io.readstates.results.Environment;
import io.readstates.results.IntervalSource;
import io.readstates.results.ResultFiles;
import io.readstates.results.RunData;
import io.readstates.results.RunManifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders one or more result directories into {@code report.html} (self-contained: charts are
 * embedded), {@code summary.md} and {@code charts/*.png}. Several directories (e.g. the shards of one
 * matrix, or two runs to compare) merge into one table. Rendering only reads the results, so any
 * past run can be rendered again.
 */
public final class ReportRenderer {

    /**
     * What a rendering produced: the report, and every input it could not use (each named with its
     * reason, and also listed at the top of the report). A caller exits non-zero when there are problems.
     */
    public record Rendered(Path report, List<String> problems) {
    }

    /** Renders every readable cell; an unreadable one is a row saying why, and a problem in the result. */
    public Rendered render(List<Path> runDirs, Path outDir) {
        List<RunData> runs = runDirs.stream().map(RunData::load).toList();
        List<String> problems = runs.stream().flatMap(r -> r.problems().stream()).toList();
        try {
            Files.createDirectories(outDir.resolve("charts"));
            List<RunData.Cell> cells = new ArrayList<>();
            runs.forEach(r -> cells.addAll(r.cells()));
            List<CellResult> results = cells.stream().map(RunData.Cell::result).toList();
            IntervalSource intervals = RunData.intervalsOf(cells);
            List<TailTax> taxes = TailTax.compute(results, intervals);
            StringBuilder html = new StringBuilder();
            Html.head(html, "readstates-gc report");
            html.append("<h1>readstates-gc report</h1>\n");
            describeRuns(html, runs);
            List<String> headline = Headline.sentences(cells, taxes, intervals);
            html.append("<p class=\"verdict\"><b>In short.</b> ");
            headline.forEach(h -> html.append(Html.esc(h)).append(' '));
            html.append("</p>\n");
            if (!problems.isEmpty()) {
                html.append("<h2 class=\"failed\">Unusable input</h2>\n<p>These files could not be read; their cells are listed "
                        + "as <code>unreadable</code> and left out of every figure below.</p>\n<ul>\n");
                problems.forEach(p -> html.append("<li>").append(Html.esc(p)).append("</li>\n"));
                html.append("</ul>\n");
            }
            html.append("<h2>Comparison</h2>\n");
            html.append("<p>Response time is measured from each operation's <em>intended</em> start in the open-loop schedule "
                    + "(coordinated-omission-free); percentiles are over the whole measured window, all operation types together. "
                    + "GC figures come from the cell's own JFR recording (pauses: <code>jdk.GCPhasePause</code>; concurrent: top-level "
                    + "<code>jdk.GCPhaseConcurrent</code>) and GC-thread CPU from <code>/proc/self/task/*/schedstat</code>. "
                    + "Heap bytes per state: heap used after <code>System.gc()</code> minus the same before the store was built.</p>\n");
            Html.table(html, CellRow.HEADERS, cells.stream().map(c -> CellRow.of(c.result()).values()).toList(), "comparison");
            List<RepeatSpread> spreads = RepeatSpread.compute(results);
            if (!spreads.isEmpty()) {
                html.append("<h2>Spread over repeats</h2>\n<p>Cells run more than once (interleaved): median and range of each "
                        + "figure over the repeats. A difference between two cells smaller than their ranges is not evidence.</p>\n");
                Html.table(html, RepeatSpread.headers(), spreads.stream().map(RepeatSpread::row).toList(), "repeat-spread");
            }

            List<StoreComparison> storeRatios = StoreComparison.compute(results, intervals);
            if (!storeRatios.isEmpty()) {
                html.append("<h2>Store against store</h2>\n<p>Under each collector and set of conditions of one run, each store's p99 and "
                        + "p99.9 as a multiple of the store with the lowest p99.9 there, with 95 % bootstrap intervals that resample the "
                        + "cells' repeats and, within each, its one-second intervals (<code>docs/confidence-intervals.md</code>); a single "
                        + "repeat still gets an interval, but only repeats cover what varies between runs. A verdict is worded only where "
                        + "the p99.9 interval excludes 1.</p>\n");
                Html.table(html, StoreComparison.HEADERS, storeRatios.stream().map(StoreComparison::row).toList(), "store-comparison");
            }
            html.append("<h2>GC tail tax</h2>\n");
            if (taxes.isEmpty()) {
                html.append("<p>Not computed: the run has no Epsilon cell (no collection) to pair each collector's cell with. "
                        + "Add <code>--collectors ...,epsilon</code>.</p>\n");
            } else {
                html.append("<p>p99.9 and max response time under each collector divided by the same store's under Epsilon (no "
                        + "collection) in the same run on the same host; with repeats, the median of the per-repeat ratios, and the difference "
                        + "(collector − Epsilon). The 95 % confidence intervals come from a bootstrap that resamples repeats and, within each, "
                        + "its one-second intervals (<code>docs/confidence-intervals.md</code>). 1.0 = the collector costs nothing visible in "
                        + "the tail; a verdict is given only where the interval supports it.</p>\n");
                Html.table(html, TailTax.HEADERS, taxes.stream().map(TailTax::row).toList(), "tail-tax");
            }
            html.append("<h2>Latency × GC activity</h2>\n<p>Each latency interval joined with the GC pauses and concurrent phases "
                    + "(JFR) that overlap it: how many intervals saw GC activity, how many of the worst 10 % did, and the median "
                    + "per-interval max inside and outside GC activity.</p>\n");
            List<List<String>> overlaps = new ArrayList<>();
            List<Sawtooth> sawtooth = new ArrayList<>();
            Map<CellResult, Sawtooth> sawtoothOf = new IdentityHashMap<>();
            for (RunData.Cell c : cells) {
                if (c.result().ok() && Files.exists(c.latencyLog())) {
                    LatencyTimeline timeline = LatencyTimeline.read(c.latencyLog(), "response", c.result().run().measurementStartEpochMs());
                    overlaps.add(GcOverlap.of(c.result(), timeline).row());
                    Sawtooth saw = Sawtooth.of(c.result(), timeline);
                    sawtooth.add(saw);
                    sawtoothOf.put(c.result(), saw);
                }
            }
            Html.table(html, GcOverlap.HEADERS, overlaps, "gc-overlap");
            html.append("<h2>Sawtooth</h2>\n<p>Periodic spikes in the per-interval max response time, found from the autocorrelation of "
                    + "its logarithm (lags up to half the window, accepted above max(0.3, 2/√n)); spikes are intervals above the median by "
                    + "4 scaled MADs and at least 2×, and are checked against JFR's GC pauses and phases. Flatness = median interval max ÷ "
                    + "worst interval max: near 1 is flat (the Rust rewrite), near 0 is a sawtooth or spikes (the Go service). A window "
                    + "must hold two periods for one to be found: to see Go's 2-minute cycle, measure at least 4 minutes. When other spikes "
                    + "hide the period, a spike at each of at least three regular GC cycles, beyond chance (circular-shift test), is also a "
                    + "sawtooth, with the cycles' period (<code>docs/gc-figures.md</code>).</p>\n");
            Html.table(html, Sawtooth.HEADERS, sawtooth.stream().map(Sawtooth::row).toList(), "sawtooth");
            List<CaseStudy> caseStudy = CaseStudy.compute(results, intervals, sawtoothOf::get);
            if (!caseStudy.isEmpty()) {
                html.append("<h2>The case study: Go, Rust and the JVM</h2>\n<p>The case study's own services (<code>--services</code>), "
                        + "measured beside the JVM cells on the same operations at the same intended times: each row's p99.9 as a multiple of "
                        + "the Rust rewrite's (1 = as flat as Rust) and the Go service's p99.9 as a multiple of the row's (above 1 = the row "
                        + "beats Go), with 95 % bootstrap intervals over the cells' one-second intervals; rows sorted by p99.9. Go's GC "
                        + "figures come from its own <code>gctrace</code> (<code>docs/gc-figures.md</code>); bytes per state are Go's heap, "
                        + "Rust's resident set growth, the JVM stores' heap plus off-heap.</p>\n");
                Html.table(html, CaseStudy.HEADERS, caseStudy.stream().map(CaseStudy::row).toList(), "case-study");
            }
            boolean caseStudyRun = runs.stream().anyMatch(r -> r.manifest() != null && String.valueOf(r.manifest().profile()).startsWith("case-study"));
            List<CaseStudyAttempt> computed = CaseStudyAttempt.compute(results, intervals, sawtoothOf::get);
            List<CaseStudyAttempt> attempts = CaseStudyAttempt.worthShowing(computed, caseStudyRun || !caseStudy.isEmpty()) ? computed : List.of();
            if (!attempts.isEmpty()) {
                html.append("<h2>The case study on the JVM</h2>\n<p>Each thing Discord tried before the rewrite, the JVM experiment that "
                        + "stands for it, what this report measured for it, and a verdict from those cells: the p99.9 of the attempt's cell as a "
                        + "multiple of its baseline's, with a 95 % bootstrap interval over their one-second intervals (cells of one run, host and "
                        + "rate only). An attempt this report has no cells for says so and names the command that would measure it "
                        + "(<code>docs/case-study.md</code>).</p>\n");
                Html.table(html, CaseStudyAttempt.HEADERS, attempts.stream().map(CaseStudyAttempt::row).toList(), "case-study-attempts");
            }
            List<CellResult> attributed = TailAttribution.attributed(results);
            if (!attributed.isEmpty()) {
                html.append("<h2>Where the tail came from</h2>\n<p>Every operation of a cell's window at or above its slow-operation "
                        + "threshold was captured, and its time from intended start to end split over what the cell recorded on one clock: "
                        + "GC pauses, other safepoints, allocation stalls, its own backing-store call, the store's lock held for background "
                        + "work, platform stalls the out-of-process control saw, concurrent GC; what none covers beyond the normal service "
                        + "time is unexplained, and a late start behind a slow operation of the same worker goes to that operation's cause "
                        + "(<code>docs/slow-operations.md</code>). Below: the operations at or above the window's p99.9 by main cause. Every "
                        + "captured operation is in the cell's <code>slow-ops.csv</code>.</p>\n");
                Html.table(html, TailAttribution.HEADERS, attributed.stream().map(TailAttribution::row).toList(), "tail-attribution");
                List<Path> charts = TailAttribution.charts(attributed, outDir.resolve("charts"));
                for (Path chart : charts) {
                    Html.image(html, chart, chart == charts.get(0) ? "operations at or above p99.9 by main cause, per cell"
                            : "excess time of the operations at or above p99.9 by cause, per cell");
                }
                Path byCollector = TailAttribution.byCollector(attributed, outDir.resolve("charts"));
                if (byCollector != null) {
                    Html.image(html, byCollector, "the collector's share of the operations at or above p99.9, per store and collector");
                }
            }
            List<MarkingScaling> scaling = MarkingScaling.compute(results).stream().filter(m -> m.points().size() > 1).toList();
            if (!scaling.isEmpty()) {
                html.append("<h2>Marking cost vs resident states</h2>\n<p>Per store and collector, over cells of different capacity: "
                        + "concurrent marking time per whole-heap marking cycle (G1Old, ZGC Major or JDK 17's Z, every Shenandoah cycle; one fit per JDK) and GC-thread CPU per "
                        + "such cycle, fitted with least-squares lines (slope per million states and per GB of live heap after GC, R²). For "
                        + "scale, the case study quotes about 4 CPU-ms per MB of live heap for Go's mark phase.</p>\n");
                Html.table(html, MarkingScaling.HEADERS, scaling.stream().map(MarkingScaling::row).toList(), "marking-scaling");
                Html.image(html, SummaryCharts.markingScaling(scaling, outDir.resolve("charts")), "marking time per cycle vs resident states");
            }
            html.append("<h2>Distributions and footprint</h2>\n");
            List<Path> charts = new ArrayList<>(SummaryCharts.percentileDistributions(cells, outDir.resolve("charts")));
            charts.add(SummaryCharts.cacheSize(cells, outDir.resolve("charts")));
            charts.add(SummaryCharts.footprint(cells, outDir.resolve("charts")));
            charts.add(SummaryCharts.gcCpuShare(cells, outDir.resolve("charts")));
            for (Path chart : charts) {
                if (chart != null) {
                    Html.image(html, chart, chart.getFileName().toString());
                }
            }
            CellsCsv.write(outDir.resolve("cells.csv"), cells.stream().map(c -> CellRow.of(c.result()).csv()).toList());
            html.append("<h2>Latency over time</h2>\n<p>Per interval: p99, p99.9 and max response time; green diamonds mark GC pauses "
                    + "(at their start, height = length); grey is the platform-hiccup control, a thread that only sleeps.</p>\n");
            for (RunData.Cell cell : cells) {
                CellResult r = cell.result();
                html.append("<section class=\"cell\"><h3>").append(Html.esc(r.cell().id())).append("</h3>\n");
                if (r.ok() && Files.exists(cell.latencyLog())) {
                    Path png = TimelineChart.write(cell, outDir.resolve("charts").resolve(r.cell().id() + "-timeline"));
                    Html.image(html, png, "latency over time for " + r.cell().id());
                } else {
                    html.append("<p class=\"failed\">").append(Html.esc(r.status())).append(": ").append(Html.esc(String.valueOf(r.error()))).append("</p>\n");
                }
                html.append("<p class=\"how\">").append(Html.esc(howObtained(r))).append("</p></section>\n");
            }
            html.append("</body></html>\n");
            Path report = outDir.resolve("report.html");
            AtomicFiles.writeString(report, html.toString());
            AtomicFiles.writeString(outDir.resolve("summary.md"), markdown(runs, cells, taxes, storeRatios, problems, headline, caseStudy, attempts));
            AtomicFiles.write(outDir.resolve("tail-tax.json"), tmp -> ResultFiles.mapper().writeValue(tmp.toFile(), taxes));
            return new Rendered(report, problems);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + outDir, e);
        }
    }

    private static void describeRuns(StringBuilder html, List<RunData> runs) {
        for (RunData run : runs) {
            RunManifest m = run.manifest();
            html.append("<p class=\"run\">Run <code>").append(Html.esc(run.dir().toString())).append("</code>");
            if (m != null) {
                html.append(": profile <b>").append(Html.esc(m.profile())).append("</b>, started ").append(Html.esc(m.createdAt()))
                        .append(", revision <code>").append(Html.esc(m.gitRevision())).append("</code>, ")
                        .append(m.availableProcessors()).append(" cores, ").append(m.physicalMemoryBytes() >> 30).append(" GiB; ")
                        .append(String.format("%,d ops/s for %.0f s after %.0f s warm-up, periodic GC %s, workload %s.",
                                m.rate(), m.durationSeconds(), m.warmupSeconds(), m.periodicGc(), m.workload()));
            }
            html.append("</p>\n");
        }
    }

    static String howObtained(CellResult r) {
        Environment e = r.environment();
        String jvm = e == null ? String.join(" ", r.cell().jvmFlags() == null ? List.of() : r.cell().jvmFlags())
                : e.vmName() + " " + e.javaVersion() + " (" + e.javaHome() + "), flags: " + String.join(" ", e.inputArguments());
        return "How obtained: store " + r.cell().store() + ", capacity " + r.cell().capacity() + " states, workload " + r.cell().workload()
                + " (" + r.cell().workloadParameters() + "), " + String.format("%.0f", r.cell().requestedRate()) + " ops/s requested for "
                + r.cell().durationSeconds() + " s after " + r.cell().warmupSeconds() + " s warm-up, " + r.cell().workers() + " driver worker(s), seed "
                + r.cell().seed() + ", population " + r.cell().populationStates() + " states"
                + (r.store() == null ? "" : ", backing store " + r.store().backingStore()) + "; JVM " + jvm + (e == null ? "" : "; revision " + e.gitRevision() + " on " + e.hostName() + " ("
                + e.availableProcessors() + " cores)") + ".";
    }

    private static String markdown(List<RunData> runs, List<RunData.Cell> cells, List<TailTax> taxes, List<StoreComparison> storeRatios,
                                   List<String> problems, List<String> headline,
                                   List<CaseStudy> caseStudy, List<CaseStudyAttempt> attempts) {
        StringBuilder md = new StringBuilder("# readstates-gc summary\n\n");
        md.append("**In short.** ").append(String.join(" ", headline)).append("\n\n");
        problems.forEach(p -> md.append("- **unusable input**: ").append(p).append('\n'));
        for (RunData run : runs) {
            md.append("- run `").append(run.dir()).append("`");
            if (run.manifest() != null) {
                md.append(": profile ").append(run.manifest().profile()).append(", revision ").append(run.manifest().gitRevision());
            }
            md.append('\n');
        }
        md.append("\nResponse time from intended start, all operations; GC figures from JFR.\n\n");
        markdownTable(md, CellRow.HEADERS, cells.stream().map(c -> CellRow.of(c.result()).values()).toList());
        if (!storeRatios.isEmpty()) {
            md.append("\n## Store against store (÷ the lowest p99.9 under the same collector and conditions, 95 % bootstrap intervals)\n\n");
            markdownTable(md, StoreComparison.HEADERS, storeRatios.stream().map(StoreComparison::row).toList());
        }
        if (!taxes.isEmpty()) {
            md.append("\n## GC tail tax (collector ÷ Epsilon, median of per-repeat ratios, 95 % bootstrap intervals)\n\n");
            markdownTable(md, TailTax.HEADERS, taxes.stream().map(TailTax::row).toList());
        }
        if (!caseStudy.isEmpty()) {
            md.append("\n## The case study: Go, Rust and the JVM (p99.9 ratios with 95 % bootstrap intervals)\n\n");
            markdownTable(md, CaseStudy.HEADERS, caseStudy.stream().map(CaseStudy::row).toList());
        }
        if (!attempts.isEmpty()) {
            md.append("\n## The case study on the JVM (each attempt of Discord's, its JVM experiment, 95 % bootstrap intervals)\n\n");
            markdownTable(md, CaseStudyAttempt.HEADERS, attempts.stream().map(CaseStudyAttempt::row).toList());
        }
        return md.toString();
    }

    private static void markdownTable(StringBuilder md, List<String> headers, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", headers)).append(" |\n");
        md.append("|").append("---|".repeat(headers.size())).append('\n');
        rows.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));
    }
}
