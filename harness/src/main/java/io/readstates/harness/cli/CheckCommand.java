package io.readstates.harness.cli;

import io.readstates.report.Gate;
import io.readstates.report.InRunRule;
import io.readstates.report.RunData;
import io.readstates.report.model.UnusableInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** The regression gate: exit 0 on pass, 1 on a regression or violated rule, 2 on unusable input. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Gate a run: against a baseline run per cell (p99, p99.9, max, longest GC pause), and/or by rules inside the run.",
                "Exit 0 pass, 1 regression or violated rule, 2 unusable input."})
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "CANDIDATE", description = "The result directory to gate; several (the shards of one run) are gated as one.")
    List<Path> candidate;

    @Option(names = "--baseline", description = "Baseline result directory to compare with, cell by cell.")
    Path baseline;

    @Option(names = "--rule", description = {"In-run rule (repeatable), e.g. 'off-heap/g1 p99.9 <= 0.1 * object-graph/g1 p99.9'",
            "or 'tail-tax off-heap p99.9 <= 1.2' or 'gc-share off-heap/g1 p99.9 <= 0.1'. Metrics: p50 p90 p99 p99.9 p99.99 max pause-max",
            "pause-total heap-bytes-per-state offheap-bytes-per-state gc-share-p99.9."})
    List<String> rules = new ArrayList<>();

    @Option(names = "--tolerance", converter = Converters.FiniteDoubleConverter.class, defaultValue = "0.5", description = "Baseline comparison: allowed relative increase (0.5 = +50%%). Default: ${DEFAULT-VALUE}.")
    double tolerance;

    @Option(names = "--floor-ms", converter = Converters.FiniteDoubleConverter.class, defaultValue = "1.0", description = "Baseline comparison: increases smaller than this many ms never fail. Default: ${DEFAULT-VALUE}.")
    double floorMs;

    @Override
    public Integer call() {
        if (baseline == null && rules.isEmpty()) {
            throw new ReadStatesCli.UsageException("nothing to check: give --baseline DIR and/or at least one --rule");
        }
        List<InRunRule> parsed = rules.stream().map(InRunRule::parse).toList();
        Gate gate = new Gate(tolerance, floorMs);
        RunData run = usable(RunData.loadAll(candidate));
        boolean pass = true;
        if (baseline != null) {
            pass = Gate.print(gate.compare(usable(RunData.load(baseline)), run), System.out);
        }
        if (!parsed.isEmpty()) {
            List<InRunRule.Outcome> outcomes = new ArrayList<>();
            parsed.forEach(r -> outcomes.addAll(r.evaluate(run)));
            pass &= Gate.printRules(outcomes, System.out);
        }
        return pass ? 0 : ReadStatesCli.FAILED;
    }

    /** A gate never decides on a run it could only partly read. */
    private static RunData usable(RunData run) {
        if (!run.problems().isEmpty()) {
            throw new UnusableInput("cannot gate " + run.dir() + ": " + String.join("; ", run.problems()));
        }
        return run;
    }
}
