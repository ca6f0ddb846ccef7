package io.readstates.report;

import io.readstates.results.CellDescription;
import io.readstates.results.CellResult;
import io.readstates.results.Footprint;
import io.readstates.results.GcFigures;
import io.readstates.results.LatencySummary;
import io.readstates.results.RunFigures;

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
                new CellDescription(store + "-" + collector + "-" + states + "-" + repeat, store, collector, jdk, states, "w", "", states, 1, 10, 0, 1, 1, "1g", "off", repeat, List.of(), "run-1", null),
                null, new RunFigures(1, 1, 1000, 1000, 10, 0, 0, 10_000, 1, 0, 0), Map.of("all", all), Map.of("all", all), all, gc,
                new Footprint(states, liveBytes, 0, states == 0 ? 0.0 : (double) liveBytes / states, 0, "", 0L, null, null), null, List.of(), null);
    }
}
