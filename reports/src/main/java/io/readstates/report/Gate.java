package io.readstates.report;

import io.readstates.report.model.CellResult;
import io.readstates.report.model.UnusableInput;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Compares a candidate run with a baseline run, cell by cell, and says whether tail latency or GC
 * pauses regressed. Cells are matched by their coordinates (store, collector, JDK, capacity); with
 * repeats, each side's figure is the median over its repeats. A figure regresses when it exceeds
 * the baseline by more than the relative tolerance <em>and</em> by more than an absolute floor —
 * the floor keeps sub-millisecond noise of a shared machine from failing a build.
 */
public final class Gate {
    /** The figures compared, each with how to read it from a result. */
    static final Map<String, ToDoubleFunction<CellResult>> METRICS = Map.of(
            "p99 ms", r -> r.responseTime().get("all").p99(),
            "p99.9 ms", r -> r.responseTime().get("all").p999(),
            "max ms", r -> r.responseTime().get("all").max(),
            "GC pause max ms", r -> r.gc().pauseMaxMs());

    private final double tolerance;
    private final double floorMs;

    public Gate(double relativeTolerance, double absoluteFloorMs) {
        if (!(relativeTolerance >= 0) || !(absoluteFloorMs >= 0) || Double.isInfinite(relativeTolerance) || Double.isInfinite(absoluteFloorMs)) {
            throw new UnusableInput("tolerance and floor must be finite numbers >= 0 (e.g. 0.5 and 1.0), got " + relativeTolerance + " and "
                    + absoluteFloorMs + "; NaN or infinity would switch the gate off");
        }
        this.tolerance = relativeTolerance;
        this.floorMs = absoluteFloorMs;
    }

    /** One comparison. */
    public record Verdict(String cell, String metric, double baseline, double candidate, boolean regressed) {
    }

    /** A cell's coordinates: its store and collector, then {@link #conditions}. */
    static String key(CellResult r) {
        return r.cell().store() + " / " + r.cell().collector() + " / " + conditions(r);
    }

    /**
     * Everything besides store and collector that changes a cell's result — JDK, capacity, workload,
     * rate, heap, periodic GC — so that only like is compared with like (a figure is never a median
     * across capacities, and a baseline at one rate never judges a candidate at another).
     */
    static String conditions(CellResult r) {
        var d = r.cell();
        return "jdk" + d.jdk() + " / " + d.capacity() + " / " + d.workload() + " / " + String.format(Locale.ROOT, "%.0f/s", d.requestedRate())
                + " / heap " + d.heap() + " / periodic " + d.periodicGc();
    }

    private static Map<String, List<CellResult>> byKey(RunData run) {
        Map<String, List<CellResult>> out = new TreeMap<>();
        for (RunData.Cell c : run.cells()) {
            out.computeIfAbsent(key(c.result()), k -> new ArrayList<>()).add(c.result());
        }
        return out;
    }

    public List<Verdict> compare(RunData baseline, RunData candidate) {
        Map<String, List<CellResult>> base = byKey(baseline);
        Map<String, List<CellResult>> cand = byKey(candidate);
        List<String> missing = base.keySet().stream().filter(k -> !cand.containsKey(k)).toList();
        if (!missing.isEmpty()) {
            throw new UnusableInput("the candidate run lacks cells the baseline has: " + missing + "; run the same matrix for both");
        }
        List<Verdict> out = new ArrayList<>();
        for (var e : base.entrySet()) {
            List<CellResult> b = e.getValue().stream().filter(CellResult::ok).toList();
            List<CellResult> c = cand.get(e.getKey()).stream().filter(CellResult::ok).toList();
            if (b.isEmpty()) {
                throw new UnusableInput("baseline cell " + e.getKey() + " has no successful result to compare with");
            }
            if (c.isEmpty()) {
                out.add(new Verdict(e.getKey(), "status", 0, 0, true));
                continue;
            }
            for (var m : new TreeMap<>(METRICS).entrySet()) {
                double bv = median(b, m.getValue());
                double cv = median(c, m.getValue());
                boolean regressed = cv > bv * (1 + tolerance) && cv - bv > floorMs;
                out.add(new Verdict(e.getKey(), m.getKey(), bv, cv, regressed));
            }
        }
        return out;
    }

    static double median(List<CellResult> results, ToDoubleFunction<CellResult> f) {
        return TailTax.median(results.stream().mapToDouble(f).sorted().toArray());
    }

    /** Prints in-run rule outcomes and returns true when every one passed. */
    public static boolean printRules(List<InRunRule.Outcome> outcomes, PrintStream out) {
        boolean pass = true;
        for (InRunRule.Outcome o : outcomes) {
            pass &= o.pass();
            out.printf(Locale.ROOT, "%-60s %-36s %12.3f <= %12.3f  %s%n", o.rule(), o.subject(), o.value(), o.limit(), o.pass() ? "ok" : "VIOLATED");
        }
        out.println(pass ? "rules: pass" : "rules: FAIL");
        return pass;
    }

    /** Prints the verdict table and returns true when nothing regressed. */
    public static boolean print(List<Verdict> verdicts, PrintStream out) {
        out.printf(Locale.ROOT, "%-55s %-16s %12s %12s %8s  %s%n", "cell", "figure", "baseline", "candidate", "ratio", "verdict");
        boolean pass = true;
        for (Verdict v : verdicts) {
            pass &= !v.regressed();
            double ratio = v.baseline() == 0 ? Double.NaN : v.candidate() / v.baseline();
            out.printf(Locale.ROOT, "%-55s %-16s %12.3f %12.3f %8.2f  %s%n", v.cell(), v.metric(), v.baseline(), v.candidate(), ratio,
                    v.regressed() ? "REGRESSED" : "ok");
        }
        out.println(pass ? "gate: pass" : "gate: FAIL (regression above tolerance)");
        return pass;
    }
}
