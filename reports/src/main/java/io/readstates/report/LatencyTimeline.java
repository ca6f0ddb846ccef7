package io.readstates.report;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        HistogramLogReader reader;
        try {
            reader = new HistogramLogReader(hlog.toFile());
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("no latency log at " + hlog, e);
        }
        String suffix = "." + clock;
        Map<String, Integer> seen = new HashMap<>();
        List<Histogram> merged = new ArrayList<>();
        List<Double> hiccups = new ArrayList<>();
        List<Double> lags = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        EncodableHistogram e;
        while ((e = reader.nextIntervalHistogram()) != null) {
            String tag = e.getTag() == null ? "" : e.getTag();
            int index = seen.merge(tag, 1, Integer::sum) - 1;
            while (merged.size() <= index) {
                merged.add(null);
                hiccups.add(0.0);
                lags.add(0.0);
                starts.add(e.getStartTimeStamp());
            }
            Histogram h = (Histogram) e;
            if (tag.endsWith(suffix)) {
                if (merged.get(index) == null) {
                    merged.set(index, h.copy());
                } else {
                    merged.get(index).add(h);
                }
            } else if (tag.equals("hiccup")) {
                hiccups.set(index, h.getMaxValue() / 1e6);
            } else if (tag.equals("start-lag")) {
                lags.set(index, h.getMaxValue() / 1e6);
            }
        }
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < merged.size(); i++) {
            Histogram h = merged.get(i);
            double t = (starts.get(i) - measurementStartEpochMs) / 1000.0;
            if (h == null || h.getTotalCount() == 0) {
                points.add(new Point(t, 0, 0, 0, 0, hiccups.get(i), lags.get(i)));
            } else {
                points.add(new Point(t, h.getTotalCount(), h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6,
                        h.getMaxValue() / 1e6, hiccups.get(i), lags.get(i)));
            }
        }
        return new LatencyTimeline(points);
    }
}
