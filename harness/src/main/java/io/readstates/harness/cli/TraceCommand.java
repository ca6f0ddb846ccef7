package io.readstates.harness.cli;

import io.readstates.results.AtomicFiles;
import io.readstates.workload.OperationStream;
import io.readstates.workload.Population;
import io.readstates.workload.WorkloadSpec;
import io.readstates.workload.trace.BinaryTraceFormat;
import io.readstates.workload.trace.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Records a generated operation stream as a trace file: CSV for small traces a person reads or edits,
 * binary (fixed-width records, streamed to disk) for traces of tens of millions of operations that
 * the JVM cells and the Go and Rust services replay alike.
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Record a generated workload as a trace file: CSV (op,user,channel,message_id,at_ns) or binary (docs/trace-format.md).")
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

    /** The file formats a trace can be written in. */
    enum Format { csv, bin }

    @Option(names = "--format", description = "csv or bin (40-byte records, memory-mapped on replay; for traces of millions of "
            + "operations). Default: bin when --out ends with .bin, else csv.")
    Format format;

    @Override
    public Integer call() {
        if (operations < 1 || operations > Integer.MAX_VALUE - 8 || rate < 1) {
            throw new IllegalArgumentException("--operations must be between 1 and " + (Integer.MAX_VALUE - 8) + " and --rate >= 1; got " + operations + " and " + rate);
        }
        Population population = Population.of(workload, workload.populationStates(capacity), seed);
        OperationStream stream = new OperationStream(population, workload, seed, 0, 1);
        Format chosen = format != null ? format : out.getFileName().toString().endsWith(".bin") ? Format.bin : Format.csv;
        if (chosen == Format.bin) {
            AtomicFiles.write(out, ".bin", tmp -> BinaryTraceFormat.record(stream, operations, rate, tmp));
        } else {
            Trace t = Trace.record(stream, (int) operations, rate);
            AtomicFiles.write(out, ".csv", t::write);
        }
        System.out.printf("recorded %d operations of workload %s (%d states, seed %d) as %s -> %s%n", operations, workload.name(), population.states(),
                seed, chosen, out);
        return 0;
    }
}
