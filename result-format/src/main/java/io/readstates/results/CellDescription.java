package io.readstates.results;

import java.util.List;

/**
 * What a cell is: the coordinates of the matrix (store × collector × JDK × size × workload × heap)
 * and every setting that shaped the run.
 *
 * @param runId   the matrix run the cell belongs to (shards of one run share it), or null for a cell run by hand
 * @param attempt the token of the JVM the matrix started for this cell: a result is adopted only when it
 *                carries the token of the attempt the matrix is waiting for, never an orphan's from an earlier one
 * @param gcFlags the extra {@code -XX:} flags the matrix gave this cell ({@code --gc-flags}: collector knobs), empty for the
 *                collector's defaults and for results written before cells recorded them
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
        List<String> jvmFlags,
        String runId,
        String attempt,
        List<String> gcFlags) {

    public CellDescription {
        gcFlags = gcFlags == null ? List.of() : List.copyOf(gcFlags);
    }

    /** The same description in another run: for results written before cells recorded their run. */
    public CellDescription withRunId(String run) {
        return new CellDescription(id, store, collector, jdk, capacity, workload, workloadParameters, populationStates, requestedRate,
                durationSeconds, warmupSeconds, workers, seed, heap, periodicGc, repeat, jvmFlags, run, attempt, gcFlags);
    }
}
