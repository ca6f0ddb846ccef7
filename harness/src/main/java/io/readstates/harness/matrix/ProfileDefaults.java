package io.readstates.harness.matrix;

import io.readstates.harness.cell.CellSettings;
import io.readstates.harness.gc.Collector;
import io.readstates.harness.service.ServiceKind;
import io.readstates.store.StoreType;

import java.time.Duration;

import java.util.List;

/**
 * A profile's value for every matrix dimension; the CLI overrides any of them.
 *
 * @param periodicGc a forced collection cycle at this period (zero: off)
 * @param services   the case study's services run beside the JVM cells ({@code --services})
 * @param settings   how its cells are set up and driven; in every profile the write-behind delay is
 *                   shorter than warm-up + window, so that the flusher's batches (and their lock
 *                   hold) are part of what is measured
 */
public record ProfileDefaults(List<? extends StoreType> stores, List<Collector> collectors, List<Long> capacities, Duration periodicGc,
                              int repeats, CellSettings settings, List<ServiceKind> services) {

    /** A profile of JVM cells only. */
    public ProfileDefaults(List<? extends StoreType> stores, List<Collector> collectors, List<Long> capacities, Duration periodicGc, int repeats,
                           CellSettings settings) {
        this(stores, collectors, capacities, periodicGc, repeats, settings, List.of());
    }
}
