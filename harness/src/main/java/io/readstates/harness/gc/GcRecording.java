package io.readstates.harness.gc;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;

/**
 * The cell's JFR recording: JDK's "default" settings (low overhead, what production runs) with
 * every GC event forced on at threshold 0 — a 0.1 ms pause is still a pause. Written to
 * {@code recording.jfr}, openable in JDK Mission Control, and summarised by {@link GcSummaries}.
 */
public final class GcRecording implements AutoCloseable {
    static final String[] GC_EVENTS = {
        "jdk.GarbageCollection", "jdk.GCPhasePause", "jdk.GCPhasePauseLevel1", "jdk.GCPhaseConcurrent",
        "jdk.GCPhaseConcurrentLevel1", "jdk.GCHeapSummary", "jdk.GCConfiguration", "jdk.GCCPUTime",
        "jdk.YoungGarbageCollection", "jdk.OldGarbageCollection", "jdk.G1GarbageCollection",
        "jdk.ZYoungGarbageCollection", "jdk.ZOldGarbageCollection", "jdk.ZAllocationStall",
    };

    private final Recording recording;

    public GcRecording(Path destination) {
        try {
            recording = new Recording(Configuration.getConfiguration("default"));
            recording.setName("readstates-cell");
            for (String e : GC_EVENTS) {
                recording.enable(e).withThreshold(Duration.ZERO);
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
