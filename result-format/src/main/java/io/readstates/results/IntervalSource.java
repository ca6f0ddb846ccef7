package io.readstates.results;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * Where a cell's one-second response-time histograms come from: what the bootstrap intervals
 * resample. {@link RunData#intervalsOf} reads them from the cells' interval logs on first use.
 */
@FunctionalInterface
public interface IntervalSource {
    /** The cell's interval histograms in order, or null when it kept no interval log. */
    List<Histogram> intervals(CellResult cell);
}
