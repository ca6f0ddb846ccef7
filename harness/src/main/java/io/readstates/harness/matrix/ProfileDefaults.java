package io.readstates.harness.matrix;

import io.readstates.harness.gc.Collector;
import io.readstates.store.StoreType;

import java.time.Duration;
import java.util.List;

/** A profile's value for every matrix dimension; the CLI overrides any of them. */
public record ProfileDefaults(List<? extends StoreType> stores, List<Collector> collectors, List<Long> capacities, String workload, long rate,
                              Duration duration, Duration warmup, Duration periodicGc, int repeats) {
}
