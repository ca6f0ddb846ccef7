package io.readstates.harness.cli;

import io.readstates.results.AtomicFiles;
import io.readstates.workload.OperationStream;
import io.readstates.workload.Population;
import io.readstates.workload.WorkloadSpec;
import io.readstates.workload.trace.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Records a generated operation stream as a trace file, e.g. as a starting point for a user's own. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Record a generated workload as a trace file (op,user,channel,message_id,at_ns).")
public final class TraceCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Trace file to write.")
    Path out;

    @Option(names = "--workload", defaultValue = "small", converter = Converters.WorkloadConverter.class,
            description = "Workload preset: resident, discord-2019, small. Default: ${DEFAULT-VALUE}.")
    WorkloadSpec workload;

    @Option(names = "--capacity", defaultValue = "10k", converter = Converters.CountConverter.class,
            description = "Cache capacity the population is sized for. Default: ${DEFAULT-VALUE}.")
    long capacity;

    @Option(names = "--operations", defaultValue = "100k", converter = Converters.CountConverter.class, description = "Operations to record. Default: ${DEFAULT-VALUE}.")
    long operations;

    @Option(names = "--rate", defaultValue = "100k", converter = Converters.CountConverter.class,
            description = "Rate the at_ns timing assumes. Default: ${DEFAULT-VALUE}.")
    long rate;

    @Option(names = "--seed", defaultValue = "42", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() {
        if (operations < 1 || operations > Integer.MAX_VALUE - 8 || rate < 1) {
            throw new IllegalArgumentException("--operations must be between 1 and " + (Integer.MAX_VALUE - 8) + " and --rate >= 1; got " + operations + " and " + rate);
        }
        Population population = Population.of(workload, workload.populationStates(capacity), seed);
        Trace t = Trace.record(new OperationStream(population, workload, seed, 0, 1), (int) operations, rate);
        AtomicFiles.write(out, ".csv", t::write);
        System.out.printf("recorded %d operations of workload %s (%d states, seed %d) -> %s%n", t.size(), workload.name(), population.states(), seed, out);
        return 0;
    }
}
