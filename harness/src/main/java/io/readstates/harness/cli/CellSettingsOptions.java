package io.readstates.harness.cli;

import io.readstates.harness.cell.CellSettings;
import io.readstates.harness.cell.TraceReplay;
import io.readstates.harness.driver.WaitStrategy;
import io.readstates.store.registry.StoreKind;
import io.readstates.workload.WorkloadSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The options that set up and drive a cell, declared once for {@code cell} and {@code matrix}.
 * Each is optional: what is not given comes from a base — {@link CellSettings#DEFAULTS} for a cell
 * run by hand, the profile's settings for a matrix — and the result is one checked
 * {@link CellSettings}, the record the matrix hands to every cell.
 */
public final class CellSettingsOptions {
    @Option(names = "--workload", converter = Converters.WorkloadConverter.class,
            description = "Workload preset: resident, discord-2019, small. Default: resident for a cell, the profile's for a matrix.")
    WorkloadSpec workload;

    @Option(names = "--population", converter = Converters.CountConverter.class,
            description = "States in the population (≥ every capacity); 0 sizes it as capacity × the workload's working-set factor. A fixed "
                    + "population with several --capacities is the cache-size experiment. Default: 0, or the profile's.")
    Long population;

    @Option(names = "--rate", converter = Converters.CountConverter.class,
            description = "Operations per second, open loop (e.g. 200k). Default: 100k for a cell, the profile's for a matrix.")
    Long rate;

    @Option(names = "--duration", converter = Converters.DurationConverter.class,
            description = "Measured window (e.g. 60s). Default: 30s for a cell, the profile's for a matrix.")
    Duration duration;

    @Option(names = "--warmup", converter = Converters.DurationConverter.class,
            description = "Driven but not measured, before the window. Default: 5s for a cell, the profile's for a matrix.")
    Duration warmup;

    @Option(names = "--workers", description = "Driver worker threads. Default: 1 (16 in the cache-size profile).")
    Integer workers;

    @Option(names = "--seed", description = "Seed of population, operation streams and the matrix's cell order. Default: 42.")
    Long seed;

    @Option(names = "--interval", converter = Converters.DurationConverter.class, description = "Interval of the latency log. Default: 1s.")
    Duration interval;

    @Option(names = "--write-behind", converter = Converters.DurationConverter.class,
            description = "Delay before a dirty state is written to the backing store (0 = on eviction/flush only). Default: 30s for a cell; "
                    + "the profile's for a matrix, shorter than warm-up + window so that flushes are measured.")
    Duration writeBehind;

    @Option(names = "--shards", description = "Shards of the sharded store. Default: 16.")
    Integer shards;

    @Option(names = "--shard-layout", converter = Converters.LayoutConverter.class, description = "Layout of each shard of the sharded store. Default: object-graph.")
    StoreKind shardLayout;

    @Option(names = "--trace", description = "Drive the measured window with this trace file (docs/trace-format.md) instead of the workload; the "
            + "warm-up still runs the workload, and --duration is replaced by the trace's length.")
    Path trace;

    @Option(names = "--trace-timing", description = "recorded: the trace's at_ns times (scaled by --trace-speed); rate: evenly at --rate. Default: recorded.")
    String traceTiming;

    @Option(names = "--trace-speed",
            description = "With recorded timing: 2 replays twice as fast. Default: 1.")
    Double traceSpeed;

    @Option(names = "--wait", description = "How the driver waits for each operation's start: spin (park, then spin the last 200 µs: exact "
            + "starts, one core busy), park (off CPU between operations, wakes late by the timer slack, which counts as response time) or "
            + "yield. Default: spin.")
    String wait;

    @Option(names = "--slow-threshold", converter = Converters.DurationConverter.class,
            description = "Operations at least this slow (response time from the intended start) are captured and attributed to what they "
                    + "waited for (slow-ops.csv, docs/slow-operations.md). Default: 1ms.")
    Duration slowThreshold;

    @Mixin
    BackingOptions backing = new BackingOptions();

    /** {@code base} with every option that was given changed, checked as one record. */
    public CellSettings resolve(CellSettings base) {
        CellSettings.Builder b = base.toBuilder();
        if (workload != null) {
            b.workload(workload);
        }
        if (population != null) {
            b.population(population);
        }
        if (rate != null) {
            b.rate(rate);
        }
        if (duration != null) {
            b.duration(duration);
        }
        if (warmup != null) {
            b.warmup(warmup);
        }
        if (workers != null) {
            b.workers(workers);
        }
        if (seed != null) {
            b.seed(seed);
        }
        if (interval != null) {
            b.interval(interval);
        }
        if (writeBehind != null) {
            b.writeBehind(writeBehind);
        }
        if (shards != null) {
            b.shards(shards);
        }
        if (shardLayout != null) {
            b.shardLayout(shardLayout);
        }
        if (trace != null) {
            b.trace(new TraceReplay(trace.toAbsolutePath(), TraceReplay.recordedByName(traceTiming == null ? "recorded" : traceTiming),
                    traceSpeed == null ? 1 : traceSpeed));
        } else if (traceTiming != null || traceSpeed != null) {
            throw new IllegalArgumentException("--trace-timing and --trace-speed apply to a trace; give the trace with --trace FILE");
        }
        if (wait != null) {
            b.waitStrategy(WaitStrategy.byName(wait));
        }
        if (slowThreshold != null) {
            b.slowThreshold(slowThreshold);
        }
        return b.backing(backing.toSpec(base.backing())).build();
    }
}
