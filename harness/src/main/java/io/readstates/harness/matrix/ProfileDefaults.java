package io.readstates.harness.matrix;

import io.readstates.harness.gc.Collector;
import io.readstates.store.StoreType;
import io.readstates.store.backing.DelayDistribution;

import java.time.Duration;
import java.util.List;

/**
 * A profile's value for every matrix dimension; the CLI overrides any of them.
 *
 * @param population  fixed population in states, or 0 for capacity × the workload's factor
 * @param loadLatency round trip of a backing-store load
 * @param writeBehind the stores' write-behind delay: shorter than warm-up + window in every profile, so
 *                    that the flusher's batches (and their lock hold) are part of what is measured
 */
public record ProfileDefaults(List<? extends StoreType> stores, List<Collector> collectors, List<Long> capacities, String workload, long rate,
                              Duration duration, Duration warmup, Duration periodicGc, int repeats, int workers, long population,
                              DelayDistribution loadLatency, Duration writeBehind) {

    /** One driver worker, population from the workload, no latency model. */
    public ProfileDefaults(List<? extends StoreType> stores, List<Collector> collectors, List<Long> capacities, String workload, long rate,
                           Duration duration, Duration warmup, Duration periodicGc, int repeats, Duration writeBehind) {
        this(stores, collectors, capacities, workload, rate, duration, warmup, periodicGc, repeats, 1, 0, DelayDistribution.NONE, writeBehind);
    }
}
