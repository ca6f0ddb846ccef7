package io.readstates.report.analysis;

import io.readstates.results.IntervalHistograms;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Latency over time from a cell's {@code latency.hlog}: per interval, the operation types of one
 * clock merged into one histogram, with the hiccup control and the driver's start lag beside it. This is the data of the
 * sawtooth chart.
 */
public record LatencyTimeline(List<Point> points) {

    /**
     * One interval.
     *
     * @param seconds        start of the interval, seconds after the measurement started
     * @param startLagMaxMs  the driver's largest start lag in the interval: how far behind schedule it was (0 in logs without it)
     */
    public record Point(double seconds, long count, double p99Ms, double p999Ms, double maxMs, double hiccupMaxMs, double startLagMaxMs) {
    }

    /** Reads the log; {@code clock} is "response" or "service". */
    public static LatencyTimeline read(Path hlog, String clock, long measurementStartEpochMs) {
        List<Point> points = new ArrayList<>();
        for (IntervalHistograms.Interval i : IntervalHistograms.read(hlog, clock).intervals()) {
            Histogram h = i.histogram();
            double t = (i.startEpochMs() - measurementStartEpochMs) / 1000.0;
            double hiccup = i.hiccupMaxNs() / 1e6;
            double lag = i.startLagMaxNs() / 1e6;
            if (h.getTotalCount() == 0) {
                points.add(new Point(t, 0, 0, 0, 0, hiccup, lag));
            } else {
                points.add(new Point(t, h.getTotalCount(), h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6,
                        h.getMaxValue() / 1e6, hiccup, lag));
            }
        }
        return new LatencyTimeline(points);
    }
}
