package io.readstates.harness.cli;

import io.readstates.report.Gate;
import io.readstates.report.RunData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** The regression gate: exit 0 on pass, 1 on a regression, 2 on unusable input. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Compare a candidate run with a baseline run per cell (p99, p99.9, max, longest GC pause). Exit 0 pass, 1 regression, 2 unusable input.")
final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASELINE", description = "Baseline result directory.")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "Candidate result directory.")
    Path candidate;

    @Option(names = "--tolerance", defaultValue = "0.5", description = "Allowed relative increase (0.5 = +50%%). Default: ${DEFAULT-VALUE}.")
    double tolerance;

    @Option(names = "--floor-ms", defaultValue = "1.0", description = "Increases smaller than this many ms never fail. Default: ${DEFAULT-VALUE}.")
    double floorMs;

    @Override
    public Integer call() {
        Gate gate = new Gate(tolerance, floorMs);
        boolean pass = Gate.print(gate.compare(RunData.load(baseline), RunData.load(candidate)), System.out);
        return pass ? 0 : 1;
    }
}
