package io.readstates.harness.gc;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;

/**
 * The cell's JFR recording, GC-focused: every GC event at threshold 0 — a 0.1 ms pause is still a
 * pause — plus safepoints, allocation samples (throttled, as the JDK's default settings do) and the
 * JVM's CPU load, and nothing else. The JDK's "default" settings would add execution sampling every
 * 20 ms, which interrupts the driver's threads during the window (the harness's own perturbation);
 * {@code -Dreadstates.jfr=default} selects them for a cell that should also be profiled. Written to
 * {@code recording.jfr}, openable in JDK Mission Control, and summarised by {@link GcSummaries}.
 */
public final class GcRecording implements AutoCloseable {
    static final String[] GC_EVENTS = {
        "jdk.GarbageCollection", "jdk.GCPhasePause", "jdk.GCPhasePauseLevel1", "jdk.GCPhaseConcurrent",
        "jdk.GCPhaseConcurrentLevel1", "jdk.GCHeapSummary", "jdk.GCConfiguration", "jdk.GCCPUTime",
        "jdk.YoungGarbageCollection", "jdk.OldGarbageCollection", "jdk.G1GarbageCollection",
        "jdk.ZYoungGarbageCollection", "jdk.ZOldGarbageCollection", "jdk.ZAllocationStall",
    };

    /** Events kept besides the GC's: what a reader needs to tell the collector from the rest of the JVM. */
    static final String[] CONTEXT_EVENTS = {"jdk.SafepointBegin", "jdk.SafepointEnd", "jdk.ExecuteVMOperation", "jdk.CPULoad",
        "jdk.Deoptimization"};

    private final Recording recording;

    public GcRecording(Path destination) {
        try {
            boolean profile = "default".equals(System.getProperty("readstates.jfr", "gc"));
            recording = profile ? new Recording(Configuration.getConfiguration("default")) : new Recording();
            recording.setName("readstates-cell");
            for (String e : GC_EVENTS) {
                recording.enable(e).withThreshold(Duration.ZERO);
            }
            if (!profile) {
                for (String e : CONTEXT_EVENTS) {
                    recording.enable(e).withThreshold(Duration.ZERO);
                }
                recording.enable("jdk.CPULoad").withPeriod(Duration.ofSeconds(1));
                recording.enable("jdk.ObjectAllocationSample").with("throttle", "150/s");
            }
            recording.setToDisk(true);
            recording.setDestination(destination);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the JFR recording at " + destination, e);
        } catch (ParseException e) {
            throw new IllegalStateException("the JDK's JFR 'default' settings do not parse", e);
        }
    }

    public void start() {
        recording.start();
    }

    /** Stops the recording; the file is complete when this returns. */
    @Override
    public void close() {
        recording.stop();
        recording.close();
    }
}
