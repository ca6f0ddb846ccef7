package io.readstates.report.cli;

import io.readstates.report.gate.Baseline;
import io.readstates.report.gate.Gate;
import io.readstates.report.gate.HistoryGate;
import io.readstates.report.gate.InRunRule;
import io.readstates.report.history.RunHistory;
import io.readstates.results.RunData;
import io.readstates.results.UnusableInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The regression gate, in three modes that can be combined: against a baseline run (95 % bootstrap
 * intervals), against the run history's trailing window (a rank test), and by rules inside the run.
 * Exit 0 on pass, 1 on a regression or violated rule, 2 on unusable input; each mode ends with a
 * one-line reason. {@code --update-baseline} refreshes a committed baseline instead of gating.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Gate a run per cell (p99, p99.9, max, longest GC pause): against a baseline run (--baseline), against the last runs",
                "of the same cells in a run history (--history), and/or by rules inside the run (--rule). Or refresh a baseline (--update-baseline).",
                "Exit 0 pass, 1 regression or violated rule, 2 unusable input."})
public final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "CANDIDATE", description = "The result directory to gate; several (the shards of one run) are gated as one.")
    List<Path> candidate;

    @Option(names = "--baseline", split = ",", description = "Baseline result directory to compare with, cell by cell; several (repeatable or "
            + "comma-separated: the shards of one run, or runs interleaved with the candidate's) are one baseline.")
    List<Path> baseline;

    @Option(names = "--rule", description = {"In-run rule (repeatable), e.g. 'off-heap/g1 p99.9 <= 0.1 * object-graph/g1 p99.9'",
            "or 'tail-tax off-heap p99.9 <= 1.2' or 'gc-share off-heap/g1 p99.9 <= 0.1'. Metrics: p50 p90 p99 p99.9 p99.99 max pause-max",
            "pause-total heap-bytes-per-state offheap-bytes-per-state gc-share-p99.9."})
    List<String> rules = new ArrayList<>();

    @Option(names = "--tolerance", converter = FiniteDoubleConverter.class, defaultValue = "0.5", description = "Baseline and history comparison: allowed relative increase (0.5 = +50%%). Default: ${DEFAULT-VALUE}.")
    double tolerance;

    @Option(names = "--floor-ms", converter = FiniteDoubleConverter.class, defaultValue = "1.0", description = "Baseline and history comparison: increases smaller than this many ms never fail. Default: ${DEFAULT-VALUE}.")
    double floorMs;

    @Option(names = "--point-floor-ms", converter = FiniteDoubleConverter.class, description = "Baseline comparison: the floor for figures "
            + "compared as single numbers (the longest GC pause; figures without interval logs), which have no interval to weigh them. "
            + "Default: --floor-ms.")
    Double pointFloorMs;

    @Option(names = "--history", description = "Run history (a DuckDB file, see 'history --help') whose trailing window of each cell judges the run: "
            + "a figure regresses when it lies beyond every earlier run of the window and above the window's median by the tolerance and floor.")
    Path history;

    @Option(names = "--window", defaultValue = "10", description = "History mode: the last this many runs of each cell. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--min-runs", defaultValue = "5", description = "History mode: a cell with fewer earlier runs is not judged (and says so). "
            + "Beyond all N runs happens by chance with probability 1/(N+1). Default: ${DEFAULT-VALUE}.")
    int minRuns;

    @Option(names = "--update-baseline", paramLabel = "DIR", description = "Instead of gating: make the run the baseline in DIR (its run.json, "
            + "and per cell cell.json, cell-spec.json and latency.hlog; small enough to commit), replacing the old one.")
    Path updateBaseline;

    @Override
    public Integer call() {
        if (updateBaseline != null) {
            if (baseline != null || history != null || !rules.isEmpty()) {
                throw new UnusableInput("--update-baseline makes a baseline and gates nothing; give it alone with the run, e.g. "
                        + "check results/smoke --update-baseline baselines/smoke");
            }
            int cells = Baseline.refresh(RunData.loadAll(candidate), updateBaseline);
            System.out.println("baseline: " + updateBaseline + " now holds " + cells + " cells of " + candidate);
            return 0;
        }
        if (baseline == null && history == null && rules.isEmpty()) {
            throw new UnusableInput("nothing to check: give --baseline DIR, --history FILE and/or at least one --rule");
        }
        List<InRunRule> parsed = rules.stream().map(InRunRule::parse).toList();
        Gate gate = new Gate(tolerance, floorMs, pointFloorMs == null ? floorMs : pointFloorMs);
        RunData run = usable(RunData.loadAll(candidate));
        boolean pass = true;
        if (baseline != null) {
            pass = Gate.print(gate.compare(usable(RunData.loadAll(baseline)), run), System.out);
        }
        if (history != null) {
            if (!Files.exists(history)) {
                throw new UnusableInput("no history at " + history + "; add runs with 'history add RUN...' or 'matrix --history FILE' first");
            }
            HistoryGate historyGate = new HistoryGate(window, minRuns, tolerance, floorMs);
            try (RunHistory h = RunHistory.open(history)) {
                pass &= historyGate.print(historyGate.compare(h, run), System.out);
            }
        }
        if (!parsed.isEmpty()) {
            List<InRunRule.Outcome> outcomes = new ArrayList<>();
            parsed.forEach(r -> outcomes.addAll(r.evaluate(run)));
            pass &= Gate.printRules(outcomes, System.out);
        }
        return pass ? 0 : CommandLine.ExitCode.SOFTWARE;
    }

    /** A gate never decides on a run it could only partly read. */
    private static RunData usable(RunData run) {
        if (!run.problems().isEmpty()) {
            throw new UnusableInput("cannot gate " + run.dir() + ": " + String.join("; ", run.problems()));
        }
        return run;
    }
}
