package io.readstates.report.model;

import java.util.List;

/**
 * What a cell is: the coordinates of the matrix (store × collector × JDK × size × workload × heap)
 * and every setting that shaped the run.
 */
public record CellDescription(
        String id,
        String store,
        String collector,
        String jdk,
        long capacity,
        String workload,
        String workloadParameters,
        long populationStates,
        double requestedRate,
        double durationSeconds,
        double warmupSeconds,
        int workers,
        long seed,
        String heap,
        String periodicGc,
        int repeat,
        List<String> jvmFlags) {
}
