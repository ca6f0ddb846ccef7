package io.readstates.report.gate;

import io.readstates.report.analysis.Bootstrap;
import io.readstates.report.analysis.CellKey;
import io.readstates.report.analysis.Figures;
import io.readstates.results.CellResult;
import io.readstates.results.IntervalSource;
import io.readstates.results.RunData;
import io.readstates.results.UnusableInput;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares a candidate run with a baseline run, cell by cell, and says whether tail latency or GC
 * pauses regressed. Cells are matched by every coordinate that changes a result ({@link CellKey});
 * with repeats, each side's figure is the median over its repeats. A figure regresses when it
 * exceeds the baseline by more than the relative tolerance <em>and</em> by more than an absolute
 * floor — the floor keeps sub-millisecond noise of a shared machine from failing a build.
 *
 * <p>Where both runs kept their interval logs, p99, p99.9 and max are judged by their 95 %
 * confidence intervals ({@link Bootstrap#unpaired}: repeats and one-second intervals resampled): a
 * regression is flagged only when the interval of candidate ÷ baseline lies above 1 + tolerance
 * and the interval of candidate − baseline lies above the floor — evidence, not one number
 * exceeding another. The longest GC pause, a single event, is compared as a point figure.
 */
public final class Gate {
    private final double tolerance;
    private final double floorMs;
    private final double pointFloorMs;

    public Gate(double relativeTolerance, double absoluteFloorMs) {
        this(relativeTolerance, absoluteFloorMs, absoluteFloorMs);
    }

    /**
     * With a separate floor for the figures compared as single numbers — the longest GC pause, and
     * any figure without interval logs: one event has no interval to weigh it by, so a CI gate on a
     * shared machine may ask such a figure to move by more before it counts as evidence.
     */
    public Gate(double relativeTolerance, double absoluteFloorMs, double pointFloorMs) {
        if (!(pointFloorMs >= 0) || Double.isInfinite(pointFloorMs)) {
            throw new UnusableInput("the floor for point figures must be a finite number >= 0 (e.g. 50), got " + pointFloorMs);
        }
        this.pointFloorMs = pointFloorMs;
        if (!(relativeTolerance >= 0) || !(absoluteFloorMs >= 0) || Double.isInfinite(relativeTolerance) || Double.isInfinite(absoluteFloorMs)) {
            throw new UnusableInput("tolerance and floor must be finite numbers >= 0 (e.g. 0.5 and 1.0), got " + relativeTolerance + " and "
                    + absoluteFloorMs + "; NaN or infinity would switch the gate off");
        }
        this.tolerance = relativeTolerance;
        this.floorMs = absoluteFloorMs;
    }

    /**
     * One comparison.
     *
     * @param ratioLow  lower end of the 95 % interval of candidate ÷ baseline, NaN for a point comparison
     * @param ratioHigh upper end, likewise
     */
    public record Verdict(String cell, String metric, double baseline, double candidate, double ratioLow, double ratioHigh, boolean regressed) {
    }

    private static Map<String, List<CellResult>> byKey(RunData run) {
        Map<String, List<CellResult>> out = new TreeMap<>();
        for (RunData.Cell c : run.cells()) {
            out.computeIfAbsent(CellKey.of(c.result()), k -> new ArrayList<>()).add(c.result());
        }
        return out;
    }

    public List<Verdict> compare(RunData baseline, RunData candidate) {
        IntervalSource baseLogs = RunData.intervalsOf(baseline.cells());
        IntervalSource candLogs = RunData.intervalsOf(candidate.cells());
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
                out.add(new Verdict(e.getKey(), "status", 0, 0, Double.NaN, Double.NaN, true));
                continue;
            }
            List<List<Histogram>> bLogs = b.stream().map(baseLogs::intervals).toList();
            List<List<Histogram>> cLogs = c.stream().map(candLogs::intervals).toList();
            boolean logs = !bLogs.contains(null) && !cLogs.contains(null);
            for (var m : new TreeMap<>(Figures.METRICS).entrySet()) {
                double bv = Figures.median(b, m.getValue());
                double cv = Figures.median(c, m.getValue());
                Double percentile = Figures.PERCENTILES.get(m.getKey());
                if (logs && percentile != null) {
                    Bootstrap.Comparison ci = Bootstrap.unpaired(cLogs, bLogs, percentile);
                    boolean regressed = ci.ratio().above(1 + tolerance) && ci.differenceMs().above(floorMs);
                    out.add(new Verdict(e.getKey(), m.getKey(), bv, cv, ci.ratio().low(), ci.ratio().high(), regressed));
                } else {
                    boolean regressed = cv > bv * (1 + tolerance) && cv - bv > pointFloorMs;
                    out.add(new Verdict(e.getKey(), m.getKey(), bv, cv, Double.NaN, Double.NaN, regressed));
                }
            }
        }
        return out;
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
        out.printf(Locale.ROOT, "%-90s %-16s %12s %12s %8s %-15s  %s%n", "cell", "figure", "baseline", "candidate", "ratio", "95% CI", "verdict");
        boolean pass = true;
        for (Verdict v : verdicts) {
            pass &= !v.regressed();
            double ratio = v.baseline() == 0 ? Double.NaN : v.candidate() / v.baseline();
            String ci = Double.isNaN(v.ratioLow()) ? "(point)" : String.format(Locale.ROOT, "[%.2f–%.2f]", v.ratioLow(), v.ratioHigh());
            out.printf(Locale.ROOT, "%-90s %-16s %12.3f %12.3f %8.2f %-15s  %s%n", v.cell(), v.metric(), v.baseline(), v.candidate(), ratio, ci,
                    v.regressed() ? "REGRESSED" : "ok");
        }
        out.println(pass ? "gate: pass" : "gate: FAIL (regression above tolerance)");
        return pass;
    }
}
