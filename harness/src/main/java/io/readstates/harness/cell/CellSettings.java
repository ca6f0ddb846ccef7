package io.readstates.harness.cell;

import io.readstates.harness.driver.WaitStrategy;
import io.readstates.store.StoreConfig;
import io.readstates.store.StoreType;
import io.readstates.store.registry.StoreKind;
import io.readstates.store.registry.StoreTypes;
import io.readstates.store.sharded.ShardedStore;
import io.readstates.workload.WorkloadSpec;

import java.time.Duration;

/**
 * How a cell is set up and driven, apart from which store, collector, JDK, capacity and repeat it
 * is: the settings every cell of a matrix shares. The matrix holds one; each {@link CellSpec}
 * carries it to its cell's JVM unchanged (in {@code cell-spec.json}), so a value is parsed once, on
 * the command line it was typed on, and checked once, here.
 *
 * @param workload     the traffic model (written out in full, so a result says what ran)
 * @param population   states in the population; 0 sizes it as capacity × the workload's working-set factor
 * @param rate         operations per second, open loop
 * @param duration     the measured window (a trace's own length replaces it)
 * @param warmup       driven but not measured, before the window
 * @param workers      driver worker threads
 * @param seed         seed of population and operation streams
 * @param interval     interval of the latency log
 * @param writeBehind  delay before a dirty state is written to the backing store (0: on eviction or flush only)
 * @param shards       shards of the sharded store
 * @param shardLayout  layout of each shard of the sharded store
 * @param backing      the database behind the cache and its modelled round trips
 * @param trace        drive the window with this trace instead of the workload, or null
 * @param waitStrategy how the driver waits for each operation's start
 * @param slowThreshold operations at least this slow (response time) are captured and attributed to causes
 */
public record CellSettings(
        WorkloadSpec workload,
        long population,
        long rate,
        Duration duration,
        Duration warmup,
        int workers,
        long seed,
        Duration interval,
        Duration writeBehind,
        int shards,
        StoreKind shardLayout,
        BackingSpec backing,
        TraceReplay trace,
        WaitStrategy waitStrategy,
        Duration slowThreshold) {

    public static final int MAX_WORKERS = 64;
    public static final int MAX_SHARDS = ShardedStore.Type.MAX_SHARDS;

    /** What a cell run by hand gets for every option it is not given. */
    public static final CellSettings DEFAULTS = new CellSettings(WorkloadSpec.RESIDENT, 0, 100_000, Duration.ofSeconds(30), Duration.ofSeconds(5),
            1, 42, Duration.ofSeconds(1), StoreConfig.DEFAULT_WRITE_BEHIND, 16, StoreKind.OBJECT_GRAPH, BackingSpec.DEFAULT, null, WaitStrategy.SPIN,
            Duration.ofMillis(1));

    /** Every value is checked here, before a directory is made or a JVM started; each error names the option and what would be right. */
    public CellSettings {
        require(workload != null, "--workload names no workload; use a preset such as resident");
        require(population >= 0, "--population must be >= 0 states (0: capacity x the workload's working-set factor), got " + population);
        require(rate > 0, "--rate must be > 0 operations per second, got " + rate);
        require(duration != null && duration.compareTo(Duration.ZERO) > 0, "--duration must be > 0 (e.g. 30s), got " + duration);
        require(warmup != null && !warmup.isNegative(), "--warmup must be >= 0, got " + warmup);
        require(workers >= 1 && workers <= MAX_WORKERS, "--workers must be between 1 and " + MAX_WORKERS + ", got " + workers);
        require(interval != null && interval.toMillis() >= 10, "--interval must be at least 10 ms, got " + interval);
        require(writeBehind != null && !writeBehind.isNegative(), "--write-behind must be >= 0, got " + writeBehind);
        require(shards >= 1 && shards <= MAX_SHARDS, "--shards must be between 1 and " + MAX_SHARDS + ", got " + shards);
        require(shardLayout != null && shardLayout != StoreKind.SHARDED, "--shard-layout must be a store other than sharded, e.g. object-graph");
        require(backing != null, "no backing store; use --backing file, memory or cassandra");
        require(waitStrategy != null, "--wait names no strategy; use spin, park or yield");
        require(slowThreshold != null && slowThreshold.toNanos() > 0, "--slow-threshold must be > 0 (e.g. 1ms), got " + slowThreshold);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Checks that {@code capacity} can be run with these settings: a fixed population holds at least the cache. */
    public void checkCapacity(long capacity) {
        require(capacity > 0, "capacity must be > 0 states, got " + capacity);
        if (population > 0 && population < capacity) {
            throw new IllegalArgumentException("--population " + population + " is smaller than the capacity " + capacity
                    + "; a population must hold at least as many states as the cache");
        }
    }

    /** The store a cell builds for {@code chosen}: the sharded store with these settings' shards and layout, any other as it is. */
    public StoreType storeType(StoreType chosen) {
        return StoreTypes.withShards(chosen, shards, shardLayout);
    }

    /** States in the population for a cache of {@code capacity}: the fixed population if one was given, else capacity × working-set factor. */
    public long populationStates(long capacity) {
        return population > 0 ? population : workload.populationStates(capacity);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** Changes some settings and keeps the rest; {@link #build} checks the result. */
    public static final class Builder {
        private WorkloadSpec workload;
        private long population;
        private long rate;
        private Duration duration;
        private Duration warmup;
        private int workers;
        private long seed;
        private Duration interval;
        private Duration writeBehind;
        private int shards;
        private StoreKind shardLayout;
        private BackingSpec backing;
        private TraceReplay trace;
        private WaitStrategy waitStrategy;
        private Duration slowThreshold;

        private Builder(CellSettings s) {
            workload = s.workload;
            population = s.population;
            rate = s.rate;
            duration = s.duration;
            warmup = s.warmup;
            workers = s.workers;
            seed = s.seed;
            interval = s.interval;
            writeBehind = s.writeBehind;
            shards = s.shards;
            shardLayout = s.shardLayout;
            backing = s.backing;
            trace = s.trace;
            waitStrategy = s.waitStrategy;
            slowThreshold = s.slowThreshold;
        }

        public Builder workload(WorkloadSpec v) {
            workload = v;
            return this;
        }

        public Builder population(long v) {
            population = v;
            return this;
        }

        public Builder rate(long v) {
            rate = v;
            return this;
        }

        public Builder duration(Duration v) {
            duration = v;
            return this;
        }

        public Builder warmup(Duration v) {
            warmup = v;
            return this;
        }

        public Builder workers(int v) {
            workers = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder interval(Duration v) {
            interval = v;
            return this;
        }

        public Builder writeBehind(Duration v) {
            writeBehind = v;
            return this;
        }

        public Builder shards(int v) {
            shards = v;
            return this;
        }

        public Builder shardLayout(StoreKind v) {
            shardLayout = v;
            return this;
        }

        public Builder backing(BackingSpec v) {
            backing = v;
            return this;
        }

        public Builder trace(TraceReplay v) {
            trace = v;
            return this;
        }

        public Builder waitStrategy(WaitStrategy v) {
            waitStrategy = v;
            return this;
        }

        public Builder slowThreshold(Duration v) {
            slowThreshold = v;
            return this;
        }

        public CellSettings build() {
            return new CellSettings(workload, population, rate, duration, warmup, workers, seed, interval, writeBehind, shards, shardLayout,
                    backing, trace, waitStrategy, slowThreshold);
        }
    }
}
