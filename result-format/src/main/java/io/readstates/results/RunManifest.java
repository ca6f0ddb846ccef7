package io.readstates.results;

import java.util.List;

/**
 * {@code run.json}: what a matrix run was asked to do — profile, dimensions, the exact command, the
 * source revision — written before the first cell so that even an interrupted run explains itself.
 *
 * @param runId the run's identity: every cell records it, shards of one run share it, and reports
 *              pair and spread cells only within one run
 * @param plan  every setting that shapes a cell's result, as text; a resume must plan the same
 */
public record RunManifest(
        String profile,
        String createdAt,
        List<String> commandLine,
        String gitRevision,
        int availableProcessors,
        long physicalMemoryBytes,
        List<String> stores,
        List<String> collectors,
        List<String> jdks,
        List<Long> capacities,
        String workload,
        long rate,
        double durationSeconds,
        double warmupSeconds,
        String periodicGc,
        int repeats,
        List<String> cells,
        String runId,
        java.util.SortedMap<String, String> plan) {
    public static final String FILE = "run.json";
}
