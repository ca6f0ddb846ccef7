package io.readstates.report.model;

import java.util.List;

/**
 * {@code run.json}: what a matrix run was asked to do — profile, dimensions, the exact command, the
 * source revision — written before the first cell so that even an interrupted run explains itself.
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
        List<String> cells) {
    public static final String FILE = "run.json";
}
