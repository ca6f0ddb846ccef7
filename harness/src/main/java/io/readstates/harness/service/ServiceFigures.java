package io.readstates.harness.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a service writes to {@code service.json} at the end of its measured mode: its own counts and
 * clocks, read back by {@link ServiceCellRunner} into the cell's {@code cell.json}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ServiceFigures(String service, String variant, String toolchain, String gogc, long capacity, long populationStates, long residentStates,
                      String footprintMethod, long footprintBytes, long backingBytes, long processStartEpochMs, long windowStartEpochMs,
                      long windowEndEpochMs, long warmupOperations, long scheduledOperations, long completedOperations, double elapsedSeconds,
                      double maxLagMs, double processCpuMs, long hits, long misses, long evictions, long evictionWrites, long flushWrites,
                      long gcCyclesInWindow, long forcedGcCyclesInWindow, double gcPauseTotalMsInWindow, long heapInUseBytesAfterWindow) {
}
