package io.readstates.harness.latency;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The out-of-process hiccup control, as jHiccup's {@code -c} option runs one: a tiny JVM of its own
 * (serial collector, a 32 MB heap it never fills) started beside each cell, doing what
 * {@link HiccupMeter} does and logging its hiccups once a second under the tag {@code hiccup} into
 * the cell's {@value #FILE}. It shares the machine with the cell but none of the cell's safepoints:
 * a stall both controls see is the platform's (a descheduled vCPU, the host); one only the
 * in-process control sees is the cell's JVM (a GC pause or another safepoint). It stops by itself
 * when the cell's process is gone. Each stall of at least {@link HiccupMeter#STALL_NANOS} is also
 * written, as it happens, to {@value #STALLS_FILE} beside the log: one line
 * {@code start_epoch_ns,end_epoch_ns} — wall-clock times, so the cell can place them on its own clock
 * and attribute slow operations to the platform.
 *
 * <p>Usage: {@code java -Xmx32m -XX:+UseSerialGC -cp … ExternalHiccupControl HLOG CELL_PID}.
 */
public final class ExternalHiccupControl {
    public static final String FILE = "hiccup-external.hlog";
    public static final String STALLS_FILE = "hiccup-external-stalls.csv";

    private ExternalHiccupControl() {
    }

    /** Now, as nanoseconds since the epoch (microsecond resolution on Linux). */
    static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: ExternalHiccupControl HLOG CELL_PID");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Optional<ProcessHandle> cell = ProcessHandle.of(Long.parseLong(args[1]));
        LatencyRecorders recorders = new LatencyRecorders();
        Recorder hiccup = recorders.tagged().stream().filter(t -> t.tag().equals("hiccup")).findFirst().orElseThrow().recorder();
        long epochAtStart = epochNanos();
        long nanoAtStart = System.nanoTime();
        try (PrintStream stallLog = new PrintStream(Files.newOutputStream(out.resolveSibling(STALLS_FILE)), true);
             HiccupMeter meter = new HiccupMeter(recorders, (from, to) -> stallLog.println((epochAtStart + from - nanoAtStart) + ","
                     + (epochAtStart + to - nanoAtStart)));
             PrintStream log = new PrintStream(Files.newOutputStream(out), true)) {
            HistogramLogWriter writer = new HistogramLogWriter(log);
            writer.outputComment("readstates-gc out-of-process hiccup control (ns), watching PID " + args[1]);
            writer.outputLogFormatVersion();
            long start = System.currentTimeMillis();
            writer.outputStartTime(start);
            writer.setBaseTime(start);
            writer.outputLegend();
            meter.start();
            Histogram interval = null;
            while (cell.map(ProcessHandle::isAlive).orElse(false)) {
                Thread.sleep(1000);
                interval = hiccup.getIntervalHistogram(interval);
                interval.setTag("hiccup");
                writer.outputIntervalHistogram(interval);
            }
        }
    }
}
