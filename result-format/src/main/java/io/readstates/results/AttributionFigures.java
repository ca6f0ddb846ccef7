package io.readstates.results;

import java.util.Map;

/**
 * Why a cell's slow operations were slow: every operation of the window whose response time (from
 * its intended start) reached the threshold was captured, and its time split over the causes the
 * cell recorded on one clock — GC pauses, other safepoints, allocation stalls, its own backing-store
 * load, the store's lock held for background work, platform stalls the out-of-process control saw,
 * concurrent GC — with the rest unexplained (docs/slow-operations.md). Every captured operation is
 * in the cell's {@code slow-ops.csv}.
 *
 * @param thresholdMs       operations at least this slow were captured
 * @param captured          operations captured
 * @param dropped           slow operations that did not fit the capture (counted, not attributed)
 * @param p999Ms            the window's p99.9 response time, the bar of {@code aboveP999}
 * @param all               every captured operation
 * @param aboveP999         the captured operations at or above the window's p99.9
 * @param intervalsBySource how many intervals of each cause the timeline held (what the attribution could see)
 */
public record AttributionFigures(double thresholdMs, long captured, long dropped, double p999Ms, Breakdown all, Breakdown aboveP999,
                                 Map<String, Long> intervalsBySource) {

    /**
     * One set of attributed operations.
     *
     * @param operations        how many
     * @param operationsByCause per main cause (the cause with the most of an operation's time), how many
     * @param delayMsByCause    per cause, their summed time
     * @param collectorShare    share of the operations whose main cause is the collector's (a pause, an allocation
     *                          stall, concurrent GC)
     */
    public record Breakdown(long operations, Map<String, Long> operationsByCause, Map<String, Double> delayMsByCause, double collectorShare) {
    }
}
