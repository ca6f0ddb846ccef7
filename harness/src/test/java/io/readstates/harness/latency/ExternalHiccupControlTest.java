package io.readstates.harness.latency;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The out-of-process control logs its hiccups while the watched process lives, and ends with it. */
class ExternalHiccupControlTest {
    @Test
    void logsOnceASecondAndStopsWhenTheWatchedProcessIsGone(@TempDir Path dir) throws Exception {
        Process watched = new ProcessBuilder("sleep", "3").start();
        Path hlog = dir.resolve(ExternalHiccupControl.FILE);
        Process control = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), ExternalHiccupControl.class.getName(), hlog.toString(), Long.toString(watched.pid()))
                .redirectErrorStream(true).start();

        watched.waitFor();
        boolean ended = control.waitFor(10, TimeUnit.SECONDS);
        control.destroyForcibly();

        assertThat(ended).as("the control ends when the watched process does").isTrue();
        int intervals = 0;
        long firstStart = 0;
        HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            assertThat(h.getTag()).isEqualTo("hiccup");
            firstStart = firstStart == 0 ? h.getStartTimeStamp() : firstStart;
            intervals++;
        }
        assertThat(intervals).isBetween(1, 5);
        assertThat(firstStart).as("absolute epoch milliseconds, to align with the cell's window")
                .isGreaterThan(System.currentTimeMillis() - 60_000);
    }
}
