package io.readstates.results;

/**
 * The driver's own figures. {@code maxLagMs} is the largest delay between an operation's intended
 * start and its actual start: a driver that falls behind shows it here rather than hiding it.
 * {@code allocatedBytesPerSecond} is the whole JVM's allocation rate in the window;
 * {@code driverAllocatedBytes} what the driver's worker threads — driver and store code on the timed
 * path — allocated in it (0 for a store that does not allocate).
 */
public record RunFigures(
        double requestedRate,
        double achievedRate,
        long scheduledOperations,
        long completedOperations,
        double elapsedSeconds,
        double maxLagMs,
        long measurementStartEpochMs,
        long measurementEndEpochMs,
        double intervalSeconds,
        double allocatedBytesPerSecond,
        long driverAllocatedBytes) {
}
