package io.readstates.harness.cell;

import io.readstates.harness.driver.WaitStrategy;
import io.readstates.store.StoreKind;
import io.readstates.store.StoreType;
import io.readstates.workload.WorkloadSpec;

import java.time.Duration;

/**
 * One cell of the matrix as the cell's own JVM sees it: what to build, how hard to drive it, and
 * the labels (collector, JDK, heap, periodic GC) that the parent chose flags for.
 *
 * @param population states in the population; 0 sizes it from the workload's working-set factor.
 *                   A fixed population with several capacities is the cache-size experiment.
 * @param trace      drive the measured window with this trace instead of the workload, or null
 * @param runId      the matrix run this cell belongs to, or null when run by hand
 * @param attempt    the matrix's token for this launch, written into {@code cell.json} so the matrix
 *                   adopts only the result of the JVM it started (null when run by hand)
 * @param waitStrategy how the driver waits for each operation's start
 */
public record CellSpec(
        String id,
        StoreType store,
        long capacity,
        long population,
        WorkloadSpec workload,
        double rate,
        Duration duration,
        Duration warmup,
        int workers,
        long seed,
        Duration interval,
        Duration writeBehind,
        int shards,
        StoreKind shardLayout,
        String collectorLabel,
        String jdkLabel,
        String heapLabel,
        String periodicGcLabel,
        int repeat,
        String gitRevision,
        BackingSpec backing,
        TraceReplay trace,
        String runId,
        String attempt,
        WaitStrategy waitStrategy) {

    public CellSpec {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0 states, got " + capacity);
        }
        if (population < 0 || (population > 0 && population < capacity)) {
            throw new IllegalArgumentException("population must be at least the capacity (" + capacity
                    + " states), or 0 to size it from the workload's working-set factor; got " + population);
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be > 0 operations per second, got " + rate);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be > 0, got " + duration);
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warm-up must be >= 0, got " + warmup);
        }
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("workers must be between 1 and 64, got " + workers);
        }
        if (interval.toMillis() < 10) {
            throw new IllegalArgumentException("interval must be at least 10 ms, got " + interval);
        }
    }

    /** States in the population: the fixed population if one was given, else capacity × working-set factor. */
    public long populationStates() {
        return population > 0 ? population : workload.populationStates(capacity);
    }
}
