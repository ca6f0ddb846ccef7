package io.readstates.report.gate;

import io.readstates.report.analysis.CellKey;
import io.readstates.report.analysis.Figures;
import io.readstates.report.analysis.TailTax;
import io.readstates.report.history.RunHistory;
import io.readstates.results.CellResult;
import io.readstates.results.RunData;
import io.readstates.results.UnusableInput;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gates a run against its own past: per cell key and figure, the candidate's median over its
 * repeats against the same key's last N runs in the run history (each run's median), newest
 * first. A figure regresses only when the candidate lies beyond every run of the window <em>and</em>
 * exceeds the window's median by more than the relative tolerance and the absolute floor.
 *
 * <p>Why "beyond every run": if the candidate came from the same distribution as the window's N
 * runs, each of the N + 1 values would be equally likely to be the largest, so the candidate
 * exceeds all N with probability 1 / (N + 1) — a rank test that assumes nothing about the shape of
 * the noise (shared CI machines have long, skewed tails). The tolerance and floor then keep a
 * change too small to matter from failing a build. The printed p is (1 + the window's runs at or
 * above the candidate) / (N + 1). A key with fewer than the minimum runs in its window is not
 * judged and says so: the first nightly runs build the history.
 */
public final class HistoryGate {
    /** The figures judged, by the gate's name, with the history column each is kept in. */
    public static final Map<String, String> COLUMNS = Map.of("p99 ms", "p99_ms", "p99.9 ms", "p999_ms", "max ms", "max_ms",
            "GC pause max ms", "pause_max_ms");

    private final int windowRuns;
    private final int minimumRuns;
    private final double tolerance;
    private final double floorMs;

    public HistoryGate(int windowRuns, int minimumRuns, double relativeTolerance, double absoluteFloorMs) {
        if (minimumRuns < 1 || windowRuns < minimumRuns) {
            throw new UnusableInput("the history window needs 1 <= minimum runs <= window runs (e.g. --min-runs 5 --window 10), got "
                    + minimumRuns + " and " + windowRuns);
        }
        if (!(relativeTolerance >= 0) || !(absoluteFloorMs >= 0) || Double.isInfinite(relativeTolerance) || Double.isInfinite(absoluteFloorMs)) {
            throw new UnusableInput("tolerance and floor must be finite numbers >= 0 (e.g. 0.5 and 1.0), got " + relativeTolerance + " and "
                    + absoluteFloorMs);
        }
        this.windowRuns = windowRuns;
        this.minimumRuns = minimumRuns;
        this.tolerance = relativeTolerance;
        this.floorMs = absoluteFloorMs;
    }

    /** What became of one figure of one cell key. */
    public enum Judgement { OK, REGRESSED, NOT_JUDGED }

    /**
     * One comparison.
     *
     * @param runs         earlier runs in the window
     * @param windowMedian median of the window's run medians (NaN when the window is empty)
     * @param windowMax    largest of them
     * @param p            rank p-value of the candidate against the window, NaN when not judged
     */
    public record Verdict(String cell, String metric, int runs, double windowMedian, double windowMax, double candidate, double p,
                          Judgement judgement) {
    }

    public List<Verdict> compare(RunHistory history, RunData candidate) {
        String runId = RunHistory.runId(candidate);
        Map<String, List<CellResult>> byKey = new TreeMap<>();
        candidate.cells().forEach(c -> byKey.computeIfAbsent(CellKey.of(c.result()), k -> new ArrayList<>()).add(c.result()));
        List<Verdict> out = new ArrayList<>();
        for (var e : byKey.entrySet()) {
            List<CellResult> ok = e.getValue().stream().filter(CellResult::ok).toList();
            if (ok.isEmpty()) {
                out.add(new Verdict(e.getKey(), "status", 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Judgement.REGRESSED));
                continue;
            }
            for (var m : new TreeMap<>(COLUMNS).entrySet()) {
                double c = Figures.median(ok, Figures.METRICS.get(m.getKey()));
                double[] window = history.window(ok.get(0), m.getValue(), runId, windowRuns).stream().mapToDouble(Double::doubleValue).toArray();
                out.add(judge(e.getKey(), m.getKey(), c, window));
            }
        }
        return out;
    }

    Verdict judge(String cell, String metric, double candidate, double[] window) {
        if (window.length < minimumRuns) {
            double median = window.length == 0 ? Double.NaN : TailTax.medianOf(window);
            double max = window.length == 0 ? Double.NaN : Arrays.stream(window).max().orElseThrow();
            return new Verdict(cell, metric, window.length, median, max, candidate, Double.NaN, Judgement.NOT_JUDGED);
        }
        double median = TailTax.medianOf(window);
        double max = Arrays.stream(window).max().orElseThrow();
        long atOrAbove = Arrays.stream(window).filter(w -> w >= candidate).count();
        double p = (1.0 + atOrAbove) / (window.length + 1);
        boolean regressed = candidate > max && candidate > median * (1 + tolerance) && candidate - median > floorMs;
        return new Verdict(cell, metric, window.length, median, max, candidate, p, regressed ? Judgement.REGRESSED : Judgement.OK);
    }

    /** Prints the verdict table and a one-line reason; returns true when nothing regressed. */
    public boolean print(List<Verdict> verdicts, PrintStream out) {
        out.printf(Locale.ROOT, "%-90s %-16s %5s %12s %12s %12s %6s  %s%n", "cell", "figure", "runs", "window med", "window max", "candidate",
                "p", "verdict");
        for (Verdict v : verdicts) {
            out.printf(Locale.ROOT, "%-90s %-16s %5d %12.3f %12.3f %12.3f %6.3f  %s%n", v.cell(), v.metric(), v.runs(), v.windowMedian(),
                    v.windowMax(), v.candidate(), v.p(), switch (v.judgement()) {
                        case OK -> "ok";
                        case REGRESSED -> "REGRESSED";
                        case NOT_JUDGED -> "not judged (fewer than " + minimumRuns + " earlier runs)";
                    });
        }
        long regressed = verdicts.stream().filter(v -> v.judgement() == Judgement.REGRESSED).count();
        long notJudged = verdicts.stream().filter(v -> v.judgement() == Judgement.NOT_JUDGED).count();
        String counts = String.format(Locale.ROOT, "%d of %d figures judged against up to %d earlier runs, %d not judged", verdicts.size() - notJudged,
                verdicts.size(), windowRuns, notJudged);
        out.println(regressed == 0 ? "history gate: pass (" + counts + ")"
                : "history gate: FAIL (" + regressed + " regressed beyond every run of the window; " + counts + ")");
        return regressed == 0;
    }
}
