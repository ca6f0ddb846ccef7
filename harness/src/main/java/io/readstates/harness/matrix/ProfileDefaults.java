package io.readstates.harness.matrix;

import io.readstates.harness.gc.Collector;
import io.readstates.store.StoreKind;

import java.time.Duration;
import java.util.List;

/** A profile's value for every matrix dimension; the CLI overrides any of them. */
public record ProfileDefaults(List<StoreKind> stores, List<Collector> collectors, List<Long> capacities, String workload, long rate,
                              Duration duration, Duration warmup, Duration periodicGc, int repeats) {
}
