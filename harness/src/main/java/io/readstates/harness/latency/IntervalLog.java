package io.readstates.harness.latency;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Writes one interval histogram per tag per interval to an HdrHistogram log ({@code latency.hlog})
 * — the latency <em>over time</em>, where a collector's sawtooth shows — and keeps the totals for
 * the cell's summary. The log is readable by HdrHistogram's {@code HistogramLogReader},
 * HistogramLogAnalyzer and {@code HistogramLogProcessor}; values are nanoseconds.
 *
 * <p>Every histogram it will use — totals, and one recycled interval histogram per recorder, which
 * also makes each {@link org.HdrHistogram.Recorder} allocate its second buffer — is allocated in
 * the constructor, so a cell can create the log before its last full collection and nothing of it
 * is young during the measured window. Anything recorded before construction is discarded.
 */
public final class IntervalLog implements AutoCloseable {
    private final List<LatencyRecorders.Tagged> recorders;
    private final HistogramLogWriter writer;
    private final Histogram[] recycled;
    private final Map<String, Histogram> totals = new LinkedHashMap<>();
    private final long intervalMillis;
    private final Thread thread;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile Throwable failure;

    public IntervalLog(LatencyRecorders recorders, Path file, long intervalMillis, String comment) {
        this.recorders = recorders.tagged();
        this.recycled = new Histogram[this.recorders.size()];
        this.intervalMillis = intervalMillis;
        try {
            this.writer = new HistogramLogWriter(file.toFile());
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("cannot write interval log " + file, e);
        }
        for (int i = 0; i < this.recorders.size(); i++) {
            LatencyRecorders.Tagged t = this.recorders.get(i);
            totals.put(t.tag(), LatencyRecorders.newTotal());
            // allocates the recorder's second (inactive) histogram now, and the one this log recycles
            recycled[i] = t.recorder().getIntervalHistogram();
        }
        long start = System.currentTimeMillis();
        writer.outputComment(comment);
        writer.outputLogFormatVersion();
        writer.outputStartTime(start);
        writer.setBaseTime(start);
        writer.outputLegend();
        this.thread = new Thread(this::loop, "readstates-interval-log");
        thread.setDaemon(true);
    }

    /**
     * Discards what the recorders hold so far (the warm-up) without allocating: each recorder
     * swaps in this log's recycled histogram, and the one it hands back becomes the next recycled
     * one. ({@code Recorder.reset()} would instead allocate a new histogram for every recorder
     * whose spare this log holds — megabytes that, made at the window's start, stay live in the
     * young generation and are copied by every young collection of the window.)
     */
    public synchronized void discardSoFar() {
        for (int i = 0; i < recorders.size(); i++) {
            recycled[i] = recorders.get(i).recorder().getIntervalHistogram(recycled[i]);
        }
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        try {
            long next = System.currentTimeMillis() + intervalMillis;
            while (!stop.await(Math.max(0, next - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) {
                writeInterval();
                next += intervalMillis;
            }
            writeInterval();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        }
    }

    private synchronized void writeInterval() {
        for (int i = 0; i < recorders.size(); i++) {
            LatencyRecorders.Tagged t = recorders.get(i);
            Histogram h = t.recorder().getIntervalHistogram(recycled[i]);
            recycled[i] = h;
            h.setTag(t.tag());
            writer.outputIntervalHistogram(h);
            totals.get(t.tag()).add(h);
        }
    }

    /** Totals per tag over the whole log. Call after {@link #close()}. */
    public Map<String, Histogram> totals() {
        return totals;
    }

    /** Writes the last, partial interval and closes the file. */
    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
        if (failure != null) {
            throw new IllegalStateException("interval log failed", failure);
        }
    }
}
