package io.readstates.harness.cli;

import io.readstates.harness.cell.BackingSpec;
import io.readstates.harness.cell.CellRunner;
import io.readstates.harness.cell.CellSpec;
import io.readstates.harness.cell.ParentWatch;
import io.readstates.harness.cell.TraceReplay;
import io.readstates.report.model.CellResult;
import io.readstates.report.model.ResultFiles;
import io.readstates.store.StoreConfig;
import io.readstates.store.StoreKind;
import io.readstates.store.StoreType;
import io.readstates.store.backing.DelayDistribution;
import io.readstates.workload.WorkloadSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Runs one cell in the current JVM — whatever collector and heap it was started with. The matrix
 * starts a fresh JVM per cell with this command; users can run it by hand with their own flags.
 */
@Command(name = "cell", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run one measured cell in this JVM (its GC flags are the ones this JVM was started with) and write cell.json, latency.hlog and recording.jfr.")
final class CellCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Directory for the cell's result files (must not already hold a cell.json).")
    Path out;

    @Option(names = "--store", defaultValue = "object-graph", converter = Converters.StoreConverter.class,
            description = "Store: object-graph, primitive-arrays, off-heap, b-tree, chronicle-map, caffeine, redis, sharded, or a user-supplied one. Default: ${DEFAULT-VALUE}.")
    StoreType store;

    @Option(names = "--shards", defaultValue = "16", description = "Shards of the sharded store. Default: ${DEFAULT-VALUE}.")
    int shards;

    @Option(names = "--shard-layout", defaultValue = "object-graph", converter = Converters.LayoutConverter.class,
            description = "Layout of each shard of the sharded store. Default: ${DEFAULT-VALUE}.")
    StoreKind shardLayout;

    @Option(names = "--capacity", defaultValue = "1M", converter = Converters.CountConverter.class,
            description = "Cache capacity in states (e.g. 500k, 10M). Default: ${DEFAULT-VALUE}.")
    long capacity;

    @Option(names = "--population", defaultValue = "0", converter = Converters.CountConverter.class,
            description = "States in the population (≥ capacity); 0 sizes it as capacity × the workload's working-set factor. Default: ${DEFAULT-VALUE}.")
    long population;

    @Option(names = "--workload", defaultValue = "resident", converter = Converters.WorkloadConverter.class,
            description = "Workload preset: resident, discord-2019, small. Default: ${DEFAULT-VALUE}.")
    WorkloadSpec workload;

    @Option(names = "--rate", defaultValue = "100k", converter = Converters.CountConverter.class,
            description = "Operations per second, open loop. Default: ${DEFAULT-VALUE}.")
    long rate;

    @Option(names = "--duration", defaultValue = "30s", converter = Converters.DurationConverter.class,
            description = "Measured window. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s", converter = Converters.DurationConverter.class,
            description = "Driven but not measured, before the window. Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--workers", defaultValue = "1", description = "Driver worker threads. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of population and operation streams. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--interval", defaultValue = "1s", converter = Converters.DurationConverter.class,
            description = "Interval of the latency log. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--write-behind", defaultValue = "30s", converter = Converters.DurationConverter.class,
            description = "Delay before a dirty state is written to the backing store (0 = on eviction/flush only). Default: ${DEFAULT-VALUE}.")
    Duration writeBehind = StoreConfig.DEFAULT_WRITE_BEHIND;

    @Mixin
    BackingOptions backingOptions = new BackingOptions();

    @Option(names = "--trace", description = "Drive the measured window with this trace file (docs/trace-format.md) instead of the workload; the warm-up still runs the workload, and --duration is replaced by the trace's length.")
    Path trace;

    @Option(names = "--trace-timing", defaultValue = "recorded",
            description = "recorded: the trace's at_ns times (scaled by --trace-speed); rate: evenly at --rate. Default: ${DEFAULT-VALUE}.")
    String traceTiming;

    @Option(names = "--trace-speed", converter = Converters.FiniteDoubleConverter.class, defaultValue = "1", description = "With recorded timing: 2 replays twice as fast. Default: ${DEFAULT-VALUE}.")
    double traceSpeed;

    @Option(names = "--id", description = "Cell id for the result file. Default: derived from store and capacity.")
    String id;

    @Option(names = "--label-collector", defaultValue = "as-started", description = "Collector label recorded in cell.json.")
    String collectorLabel;

    @Option(names = "--label-jdk", defaultValue = "as-started", description = "JDK label recorded in cell.json.")
    String jdkLabel;

    @Option(names = "--label-heap", defaultValue = "as-started", description = "Heap label recorded in cell.json.")
    String heapLabel;

    @Option(names = "--label-periodic-gc", defaultValue = "off", description = "Periodic-GC label recorded in cell.json.")
    String periodicLabel;

    @Option(names = "--repeat", defaultValue = "1", description = "Repeat number recorded in cell.json.")
    int repeat;

    @Option(names = "--git-revision", defaultValue = "unknown", description = "Source revision recorded in cell.json.")
    String gitRevision;

    @Mixin
    WaitOption waitOption = new WaitOption();

    @Option(names = "--run-id", description = "Matrix run this cell belongs to, recorded in cell.json (set by the matrix).")
    String runId;

    @Option(names = "--attempt", description = "The matrix's token for this launch, recorded in cell.json (set by the matrix).")
    String attempt;

    @Option(names = "--parent-pid", description = "Stop this cell, without a result, as soon as this process is gone (set by the matrix).")
    Long parentPid;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out.resolve(ResultFiles.CELL_JSON))) {
            throw new ReadStatesCli.UsageException(out + " already holds a cell.json; choose another --out (earlier results are never overwritten)");
        }
        if (parentPid != null) {
            ParentWatch.start(parentPid, () -> BackingSpec.deleteFile(out), System.out);
        }
        String cellId = id != null ? id : store.cliName() + "-" + capacity;
        BackingSpec backingSpec = backingOptions.toSpec(DelayDistribution.NONE);
        CellSpec spec = new CellSpec(cellId, store, capacity, population, workload, rate, duration, warmup, workers, seed, interval, writeBehind, shards,
                shardLayout, collectorLabel, jdkLabel, heapLabel, periodicLabel, repeat, gitRevision, backingSpec,
                trace == null ? null : new TraceReplay(trace, TraceReplay.recordedByName(traceTiming), traceSpeed), runId, attempt, waitOption.strategy());
        CellResult result = new CellRunner(System.out).run(spec, out);
        return result.ok() ? 0 : ReadStatesCli.FAILED;
    }
}
