package io.readstates.report;

import io.readstates.results.CellDescription;
import io.readstates.results.CellResult;
import io.readstates.results.Environment;
import io.readstates.results.Footprint;
import io.readstates.results.GcFigures;
import io.readstates.results.LatencySummary;
import io.readstates.results.ResultFiles;
import io.readstates.results.RunFigures;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Synthetic cell results whose figures the tests choose: the input of analyses with known answers. */
public final class SampleCells {
    private SampleCells() {
    }

    public static CellResult cell(String store, String collector, long states, int repeat, double p999, double max,
                           Map<String, Long> cycles, Map<String, Double> phases, double gcCpuMs, long liveBytes,
                           List<GcFigures.GcEvent> pauses) {
        return cell(store, collector, "25", states, repeat, p999, max, cycles, phases, gcCpuMs, liveBytes, pauses);
    }

    public static CellResult cell(String store, String collector, String jdk, long states, int repeat, double p999, double max,
                           Map<String, Long> cycles, Map<String, Double> phases, double gcCpuMs, long liveBytes,
                           List<GcFigures.GcEvent> pauses) {
        GcFigures gc = new GcFigures("x", pauses.size(), 0, 0, 0, 0, cycles.values().stream().mapToLong(Long::longValue).sum(), cycles, Map.of(),
                phases.values().stream().mapToDouble(Double::doubleValue).sum(), phases, liveBytes, gcCpuMs, 1000, gcCpuMs / 1000, Map.of(), pauses, List.of(), 0, 0, 0, gcCpuMs / 10_000, gcCpuMs / 20_000, 0, 2, null, null);
        LatencySummary all = new LatencySummary(1000, 0.01, 0.02, 0.1, p999, p999, max, 0.02);
        return new CellResult(CellResult.SCHEMA, "ok", null,
                new CellDescription(store + "-" + collector + "-" + states + "-" + repeat, store, collector, jdk, states, "w", "", states, 1, 10, 0, 1, 1, "1g", "off", repeat, List.of(), "run-1", null, List.of()),
                null, new RunFigures(1, 1, 1000, 1000, 10, 0, 0, 10_000, 1, 0, 0), Map.of("all", all), Map.of("all", all), all, gc,
                new Footprint(states, liveBytes, 0, states == 0 ? 0.0 : (double) liveBytes / states, 0, "", 0L, null, null), null, List.of(), null);
    }

    /** A run of one object-graph/g1 cell with p99.9 {@code p999}, started on day {@code day}. */
    public static Path run(Path root, int day, double p999) {
        Path dir = root.resolve("run-" + day);
        CellResult c = cell("object-graph", "g1", 1_000_000, 1, p999, p999 * 2, Map.of(), Map.of(), 0, 0, List.of()).withRunId("run-" + day);
        Environment e = new Environment("25", "/jdk", "vm", List.of(), "rev" + day, 2, 1L << 34, "host-a", "Linux",
                String.format("2026-11-%02dT02:00:00Z", day));
        CellResult withEnv = new CellResult(c.schema(), c.status(), c.error(), c.cell(), e, c.run(), c.responseTime(), c.serviceTime(), c.hiccup(),
                c.gc(), c.footprint(), c.store(), c.notes(), c.attribution());
        ResultFiles.writeAtomically(dir.resolve("cells").resolve(c.cell().id()).resolve(ResultFiles.CELL_JSON), withEnv);
        return dir;
    }
}
