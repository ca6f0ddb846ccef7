package io.readstates.harness.cell;

import com.sun.management.OperatingSystemMXBean;
import io.readstates.harness.attribution.SlowOpReport;
import io.readstates.harness.driver.OpenLoopDriver;
import io.readstates.harness.gc.GcSummaries;
import io.readstates.results.AttributionFigures;
import io.readstates.results.CellDescription;
import io.readstates.results.CellResult;
import io.readstates.results.Environment;
import io.readstates.results.Footprint;
import io.readstates.results.GcFigures;
import io.readstates.results.LatencySummary;
import io.readstates.results.ResultFiles;
import io.readstates.results.RunFigures;
import io.readstates.results.StoreFigures;
import io.readstates.store.ReadStateStore;
import io.readstates.store.StoreStats;
import io.readstates.store.backing.DelayedBackingStore;
import io.readstates.workload.OperationType;
import jdk.jfr.consumer.RecordedEvent;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one cell in this JVM, in four phases: {@link CellSetup} (population, backing store, preload,
 * the store with its cache filled), {@link FootprintProbe} (what the store costs in memory),
 * {@link MeasuredWindow} (warm-up, settle, the measured window) and the assembly of
 * {@code cell.json} here. The spec is written beside the results first ({@code cell-spec.json}),
 * so what ran is what was asked.
 */
public final class CellRunner {
    private final PrintStream log;

    public CellRunner(PrintStream log) {
        this.log = log;
    }

    public CellResult run(CellSpec spec, Path dir) throws Exception {
        Files.createDirectories(dir);
        CellSpecFile.write(dir, spec);
        BackingSpec backing = spec.settings().backing();
        try {
            return measure(spec, dir);
        } finally {
            if (backing.persistedFile() && !backing.keepFile()) {
                BackingSpec.deleteFile(dir);
            }
        }
    }

    private CellResult measure(CellSpec spec, Path dir) throws Exception {
        Instant startedAt = Instant.now();
        List<String> notes = new ArrayList<>();
        try (CellSetup setup = CellSetup.open(spec, dir, log)) {
            FootprintProbe.Baseline heapBefore = FootprintProbe.baseline(setup.collects);
            try (ReadStateStore store = setup.buildStore()) {
                Footprint footprint = FootprintProbe.measure(store, heapBefore, setup.collects, notes);
                MeasuredWindow.Readings window = new MeasuredWindow(setup, store, log).run(dir, notes);
                CellResult result = assemble(setup, window, footprint, startedAt, dir, notes);
                ResultFiles.writeAtomically(dir.resolve(ResultFiles.CELL_JSON), result);
                log.printf("done: %s, p99.9 %.3f ms, max %.3f ms, %d GC pauses (max %.1f ms)%n", result.status(),
                        result.responseTime().get("all").p999(), result.responseTime().get("all").max(), result.gc().pauseCount(),
                        result.gc().pauseMaxMs());
                return result;
            }
        }
    }

    /** The fourth phase: the window's readings, the JVM's GC telemetry and the footprint as one {@code cell.json}. */
    private static CellResult assemble(CellSetup setup, MeasuredWindow.Readings w, Footprint footprint, Instant startedAt, Path dir,
                                       List<String> notes) {
        CellSpec spec = setup.spec;
        OpenLoopDriver.Outcome outcome = w.outcome();
        List<RecordedEvent> jfr = GcSummaries.readEvents(dir.resolve(ResultFiles.JFR));
        GcFigures gc = GcSummaries.summarise(jfr, w.start(), w.end(), w.cpuBefore(), w.cpuAfter(),
                w.processCpuNanos() / 1e6, outcome.cpuNanos() / 1e6);
        if (w.cpuBefore().nanosByGroup().isEmpty() && w.cpuAfter().nanosByGroup().isEmpty()) {
            notes.add("GC thread CPU not measured: /proc/self/task is not readable here");
        }
        notes.add(String.format(Locale.ROOT, "core budget: %d cores shared by the store, the driver and the collector; the driver "
                        + "waited with '%s' and used %.2f cores (%.0f ms CPU), the GC threads %.2f cores (%.1f %% of the machine)",
                gc.cores(), spec.settings().waitStrategy().cliName(), gc.driverCpuMs() / Math.max(1, w.elapsedSeconds() * 1000),
                gc.driverCpuMs(), gc.gcCores(), gc.gcMachineShare() * 100));
        double requested = outcome.scheduled() / (w.window().toNanos() / 1e9);
        RunFigures run = new RunFigures(requested, outcome.achievedRate(), outcome.scheduled(), outcome.completed(),
                outcome.elapsedNanos() / 1e9, outcome.maxLagNanos() / 1e6, w.start().toEpochMilli(), w.end().toEpochMilli(),
                spec.settings().interval().toMillis() / 1000.0, w.allocatedBytes() / w.elapsedSeconds(), outcome.allocatedBytes());
        String status = outcome.keptUp() ? "ok" : "behind";
        String error = outcome.keptUp() ? null : String.format("the store could not keep up: %d of %d scheduled operations ran before the deadline; "
                + "the others are recorded at (deadline - intended start), so every response-time figure is a lower bound",
                outcome.completed(), outcome.scheduled());
        Map<String, Histogram> totals = setup.intervals.totals();
        Map<String, LatencySummary> response = summaries(totals, "response");
        AttributionFigures attribution = SlowOpReport.write(dir, new SlowOpReport.Inputs(jfr, setup.slowOps, setup.storeWork, setup.operationPathCalls,
                w.clock(), medianServiceNanos(totals), Math.round(response.get("all").p999() * 1e6)));
        return new CellResult(CellResult.SCHEMA, status, error, describe(setup, w, requested), environment(spec, startedAt),
                run, response, summaries(totals, "service"), summary(totals.get("hiccup")),
                gc, footprint, storeFigures(setup, w), notes, attribution);
    }

    /** Each operation type's median service time in the window: what an operation is expected to take. */
    private static long[] medianServiceNanos(Map<String, Histogram> totals) {
        long[] out = new long[OperationType.values().length];
        for (OperationType t : OperationType.values()) {
            Histogram h = totals.get(t.tag() + ".service");
            out[t.ordinal()] = h == null || h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(50);
        }
        return out;
    }

    private static CellDescription describe(CellSetup setup, MeasuredWindow.Readings w, double requestedRate) {
        CellSpec spec = setup.spec;
        CellSettings s = spec.settings();
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (setup.trace == null) {
            return spec.describe(flags, setup.population.states(), s.workload().name(), s.workload().describe(), requestedRate, w.window());
        }
        String replay = w.schedule().describe() + " from " + s.trace().file() + " (" + setup.trace.size() + " operations)";
        return spec.describe(flags, setup.population.states(), "trace " + s.trace().file().getFileName(),
                replay + "; population and warm-up: " + s.workload().describe(), requestedRate, w.window());
    }

    private static StoreFigures storeFigures(CellSetup setup, MeasuredWindow.Readings w) {
        StoreStats stats = w.stats();
        Long loads = null;
        Long writes = null;
        if (setup.delayed instanceof DelayedBackingStore d) {
            loads = d.delayedLoads() - w.delayedLoadsBefore();
            writes = d.delayedWrites() - w.delayedWritesBefore();
        }
        return new StoreFigures(stats.hits(), stats.misses(), stats.hitRate(), stats.evictions(), stats.evictionWrites(), stats.flushWrites(),
                setup.delayed.describe(), loads, writes, summary(setup.backing.loadTimes()), summary(setup.backing.writeTimes()));
    }

    /** Per operation type with values, and "all": the summaries of one clock ("response" or "service") of a cell's totals. */
    public static Map<String, LatencySummary> summaries(Map<String, Histogram> totals, String clock) {
        Map<String, LatencySummary> out = new LinkedHashMap<>();
        Histogram all = io.readstates.harness.latency.LatencyRecorders.newTotal();
        for (OperationType t : OperationType.values()) {
            Histogram h = totals.get(t.tag() + "." + clock);
            if (h != null && h.getTotalCount() > 0) {
                all.add(h);
                out.put(t.tag(), summary(h));
            }
        }
        out.put("all", summary(all));
        return out;
    }

    public static LatencySummary summary(Histogram h) {
        double ms = 1e6;
        return new LatencySummary(h.getTotalCount(), h.getValueAtPercentile(50) / ms, h.getValueAtPercentile(90) / ms,
                h.getValueAtPercentile(99) / ms, h.getValueAtPercentile(99.9) / ms, h.getValueAtPercentile(99.99) / ms,
                h.getMaxValue() / ms, h.getMean() / ms);
    }

    private static Environment environment(CellSpec spec, Instant startedAt) {
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown";
        }
        return new Environment(System.getProperty("java.version"), System.getProperty("java.home"), System.getProperty("java.vm.name"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), spec.gitRevision(), Runtime.getRuntime().availableProcessors(),
                os.getTotalMemorySize(), host, System.getProperty("os.name") + " " + System.getProperty("os.version"), startedAt.toString());
    }
}
