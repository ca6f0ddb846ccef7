package io.readstates.results;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cell's {@code latency.hlog} as one entry per logged interval: the operation types of one clock
 * merged into one histogram, with the interval's hiccup and start-lag maxima beside it. The
 * interval log writes every tag once per interval, so the n-th histogram of each tag belongs to the
 * n-th interval. Read by the timelines and by the bootstrap, which resamples these intervals.
 */
public record IntervalHistograms(List<Interval> intervals) {

    /**
     * One interval.
     *
     * @param startEpochMs  the interval's start (the log's timestamps)
     * @param histogram     the clock's values of every operation type, merged; empty when nothing completed
     * @param hiccupMaxNs   the hiccup control's largest oversleep in the interval
     * @param startLagMaxNs the driver's largest start lag in the interval
     */
    public record Interval(long startEpochMs, Histogram histogram, long hiccupMaxNs, long startLagMaxNs) {
    }

    /** Reads the log; {@code clock} is "response" or "service". */
    public static IntervalHistograms read(Path hlog, String clock) {
        HistogramLogReader reader;
        try {
            reader = new HistogramLogReader(hlog.toFile());
        } catch (FileNotFoundException e) {
            throw new UnusableInput("no latency log at " + hlog);
        }
        String suffix = "." + clock;
        Map<String, Integer> seen = new HashMap<>();
        List<Histogram> merged = new ArrayList<>();
        List<Long> hiccups = new ArrayList<>();
        List<Long> lags = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        EncodableHistogram e;
        while ((e = reader.nextIntervalHistogram()) != null) {
            String tag = e.getTag() == null ? "" : e.getTag();
            int index = seen.merge(tag, 1, Integer::sum) - 1;
            while (merged.size() <= index) {
                merged.add(null);
                hiccups.add(0L);
                lags.add(0L);
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
                hiccups.set(index, h.getMaxValue());
            } else if (tag.equals("start-lag")) {
                lags.set(index, h.getMaxValue());
            }
        }
        List<Interval> out = new ArrayList<>(merged.size());
        for (int i = 0; i < merged.size(); i++) {
            Histogram h = merged.get(i) != null ? merged.get(i) : new Histogram(3);
            out.add(new Interval(starts.get(i), h, hiccups.get(i), lags.get(i)));
        }
        return new IntervalHistograms(out);
    }
}
