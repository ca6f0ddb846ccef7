package io.readstates.harness.cell;

import io.readstates.report.gate.Gate;
import io.readstates.report.render.ReportRenderer;
import io.readstates.results.CellResult;
import io.readstates.results.ResultFiles;
import io.readstates.results.RunData;
import io.readstates.results.UnusableInput;
import io.readstates.store.backing.DelayDistribution;
import io.readstates.store.registry.StoreKind;
import io.readstates.workload.WorkloadSpec;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One small cell, run in this JVM, and everything downstream of it: the files parse with the tools
 * users will open them with, the report renders, and the gate passes an identical run and fails a
 * regressed one.
 */
class CellEndToEndTest {
    @TempDir
    static Path tmp;
    static Path cellDir;
    static CellResult result;
    static CellSpec spec;

    @BeforeAll
    static void runOneCell() throws Exception {
        cellDir = tmp.resolve("run").resolve("cells").resolve("object-graph-test");
        BackingSpec backing = new BackingSpec(BackingSpec.Kind.FILE, DelayDistribution.parse("fixed:100us"), DelayDistribution.parse("fixed:1ms"), false,
                BackingSpec.DEFAULT.cassandra());
        spec = new CellSpec("object-graph-test", StoreKind.OBJECT_GRAPH, 20_000, new CellSpec.Labels("as-started", "25", "as-started", "off", List.of()),
                1, "test", "e2e-run", null, CellSettings.builder().workload(WorkloadSpec.DISCORD_2019).rate(5_000).duration(Duration.ofSeconds(3))
                .warmup(Duration.ofMillis(500)).seed(7).interval(Duration.ofMillis(500)).writeBehind(Duration.ofSeconds(1)).backing(backing).build());
        result = new CellRunner(new PrintStream(OutputStream.nullOutputStream())).run(spec, cellDir);
    }

    @Test
    void cellJsonParsesAndDescribesTheRun() {
        CellResult r = ResultFiles.readCell(cellDir);
        assertThat(r).isEqualTo(result);
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.gc().cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(r.footprint().intrinsicBytesPerState()).as("live bytes per state by heap inspection: an object graph's nodes")
                .isBetween(10.0, 400.0);
        assertThat(r.footprint().heapNoiseFloorBytes()).isNotNull().isNotNegative();
        assertThat(r.gc().driverCpuMs()).as("the driver's own CPU, measured apart from GC").isPositive();
        assertThat(r.notes()).anyMatch(n -> n.startsWith("core budget:") && n.contains("'spin'"));
        assertThat(r.run().completedOperations()).isEqualTo(r.run().scheduledOperations()).isEqualTo(15_000);
        assertThat(r.cell().store()).isEqualTo("object-graph");
        assertThat(r.cell().workloadParameters()).contains("workingSetFactor=1.25");
        assertThat(r.environment().javaVersion()).isEqualTo(System.getProperty("java.version"));
        assertThat(r.environment().inputArguments()).isEqualTo(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        assertThat(r.responseTime().get("all").count()).isEqualTo(15_000);
        assertThat(r.responseTime().get("all").max()).isGreaterThanOrEqualTo(r.responseTime().get("all").p999());
        assertThat(r.responseTime().get("all").p999()).isGreaterThanOrEqualTo(r.serviceTime().get("all").p50());
        assertThat(r.store().misses()).isPositive();
        assertThat(r.store().hitRate()).isCloseTo((double) r.store().hits() / (r.store().hits() + r.store().misses()), org.assertj.core.data.Offset.offset(1e-9))
                .isLessThan(1.0);
        assertThat(r.footprint().residentStates()).isEqualTo(20_000);
        assertThat(r.footprint().heapBytesPerState()).isPositive();
        assertThat(r.gc().collector()).isNotBlank();
    }

    @Test
    void theSpecBesideTheResultsIsWhatRan() {
        CellSpec written = CellSpecFile.read(cellDir.resolve(CellSpecFile.FILE));
        assertThat(written).isEqualTo(spec);
        assertThat(written.settings().workload()).as("the workload in full, not only its name").isEqualTo(WorkloadSpec.DISCORD_2019);
        assertThat(result.cell().periodicGc()).isEqualTo(CellSpec.periodicGcLabel(Duration.ZERO)).isEqualTo("off");
    }

    @Test
    void theBackingStoreWasPersistedBehindItsLatencyModelAndRemovedAfterwards() {
        assertThat(result.store().backingStore()).contains("persisted").contains("load fixed:100us").contains("batch write fixed:1ms");
        assertThat(result.store().delayedLoads()).isPositive();
        assertThat(result.store().delayedWrites()).isPositive();
        assertThat(result.store().backingLoads().count()).as("every load was timed").isGreaterThanOrEqualTo(result.store().delayedLoads());
        assertThat(result.store().backingLoads().p50()).as("a load takes at least its modelled 100 µs").isGreaterThanOrEqualTo(0.1);
        assertThat(result.store().backingWrites().p50()).isGreaterThanOrEqualTo(1.0);
        assertThat(cellDir.resolve(BackingSpec.FILE)).doesNotExist();
    }

    @Test
    void latencyLogReadsWithHdrHistogramsOwnReader() throws Exception {
        HistogramLogReader reader = new HistogramLogReader(cellDir.resolve(ResultFiles.LATENCY_LOG).toFile());
        Set<String> tags = new HashSet<>();
        long responses = 0;
        int intervals = 0;
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            tags.add(h.getTag());
            if (h.getTag().endsWith(".response")) {
                responses += ((org.HdrHistogram.Histogram) h).getTotalCount();
            }
            if (h.getTag().equals("hiccup")) {
                intervals++;
            }
        }
        assertThat(tags).contains("ack.response", "mention.service", "ready.response", "hiccup");
        assertThat(responses).isEqualTo(15_000);
        assertThat(intervals).isBetween(6, 8);
    }

    @Test
    void jfrRecordingOpensWithTheJdksReader() throws Exception {
        List<RecordedEvent> events = RecordingFile.readAllEvents(cellDir.resolve(ResultFiles.JFR));
        assertThat(events).extracting(e -> e.getEventType().getName()).contains("jdk.GCConfiguration", "jdk.SafepointBegin")
                .as("no execution sampling of the driver: the recording is GC-focused").doesNotContain("jdk.ExecutionSample");
    }

    @Test
    void reportRendersTheTableAndTheChart() throws Exception {
        Path report = new ReportRenderer().render(List.of(tmp.resolve("run")), tmp.resolve("report")).report();
        String html = Files.readString(report);
        assertThat(html).contains("<table id=\"comparison\"").contains("object-graph-test").contains("data:image/png;base64,");
        Path png = tmp.resolve("report").resolve("charts").resolve("object-graph-test-timeline.png");
        assertThat(Files.size(png)).isGreaterThan(5_000);
        assertThat(Files.readString(tmp.resolve("report").resolve("summary.md"))).contains("| object-graph-test | ok |").contains("**In short.**");
        assertThat(html).contains("<b>In short.</b>");
    }

    @Test
    void reportRendersInHeadlessChromium() throws Exception {
        ReportInBrowser.requireBrowser();
        Path report = new ReportRenderer().render(List.of(tmp.resolve("run")), tmp.resolve("browser-report")).report();
        Path screenshot = Path.of("target", "report-in-chromium.png");
        ReportInBrowser.Rendered page = ReportInBrowser.open(report, screenshot);
        assertThat(page.title()).isEqualTo("readstates-gc report");
        assertThat(page.images()).as("timeline, percentiles, bytes per state, GC CPU share").isGreaterThanOrEqualTo(4);
        assertThat(page.brokenImages()).as("charts the browser could not decode").isZero();
        assertThat(page.rowsByTable()).containsKeys(ReportInBrowser.expectedTables().toArray(String[]::new));
        ReportInBrowser.expectedTables().forEach(t -> assertThat(page.rowsByTable().get(t)).as("rows of table " + t).isEqualTo(1L));
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    @Test
    void gatePassesAnIdenticalRunAndFailsARegressedOne() throws Exception {
        RunData run = RunData.load(tmp.resolve("run"));
        Gate gate = new Gate(0.5, 1.0);
        List<Gate.Verdict> same = gate.compare(run, run);
        assertThat(same).noneMatch(Gate.Verdict::regressed);
        assertThat(same).filteredOn(v -> v.metric().equals("p99.9 ms")).singleElement()
                .satisfies(v -> assertThat(v.ratioLow()).as("the interval from the interval log").isLessThanOrEqualTo(1.0))
                .satisfies(v -> assertThat(v.ratioHigh()).isGreaterThanOrEqualTo(1.0));

        Path regressed = tmp.resolve("regressed").resolve("cells").resolve("object-graph-test");
        Files.createDirectories(regressed);
        var all = result.responseTime().get("all");
        var worse = new io.readstates.results.LatencySummary(all.count(), all.p50(), all.p90(), all.p99(), all.p999() * 4 + 5,
                all.p9999() * 4 + 5, all.max() * 4 + 5, all.mean());
        var map = new java.util.LinkedHashMap<>(result.responseTime());
        map.put("all", worse);
        CellResult bad = new CellResult(result.schema(), result.status(), result.error(), result.cell(), result.environment(), result.run(),
                map, result.serviceTime(), result.hiccup(), result.gc(), result.footprint(), result.store(), result.notes(), result.attribution());
        ResultFiles.writeAtomically(regressed.resolve(ResultFiles.CELL_JSON), bad);
        List<Gate.Verdict> verdicts = gate.compare(run, RunData.load(tmp.resolve("regressed")));
        assertThat(verdicts).filteredOn(Gate.Verdict::regressed).extracting(Gate.Verdict::metric).contains("p99.9 ms", "max ms");
    }

    @Test
    void gateRefusesRunsThatDoNotMatch() throws Exception {
        Path other = tmp.resolve("other").resolve("cells").resolve("x");
        Files.createDirectories(other);
        CellResult moved = new CellResult(result.schema(), result.status(), null,
                new io.readstates.results.CellDescription("x", "off-heap", "g1", "25", 20_000, "w", "", 0, 1, 1, 0, 1, 1, "1g", "off", 1, List.of(), null, null, List.of()),
                result.environment(), result.run(), result.responseTime(), result.serviceTime(), result.hiccup(), result.gc(), result.footprint(),
                result.store(), result.notes(), result.attribution());
        ResultFiles.writeAtomically(other.resolve(ResultFiles.CELL_JSON), moved);
        assertThatThrownBy(() -> new Gate(0.5, 1).compare(RunData.load(tmp.resolve("run")), RunData.load(tmp.resolve("other"))))
                .isInstanceOf(UnusableInput.class).hasMessageContaining("lacks cells");
    }
}
