package io.readstates.harness.gc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Pause lines of each collector, as JDK 25 writes them with {@code time,uptime,level,tags}. */
class GcLogPausesTest {
    @Test
    void readsThePauseLinesOfEveryCollectorAndNothingElse(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gc.log");
        Files.writeString(log, String.join("\n",
                "[2026-11-26T19:16:13.739+0000][3.364s][info][gc             ] GC(6) Pause Young (Prepare Mixed) (G1 Periodic Collection) 27M->26M(1024M) 6.319ms",
                "[2026-11-26T19:16:13.740+0000][3.365s][info][gc,phases      ] GC(6)   Evacuate Collection Set: 4.84ms",
                "[2026-11-26T19:16:15.798+0000][5.423s][info][gc             ] GC(9) Pause Remark 30M->30M(1024M) 4.064ms",
                "[2026-11-26T19:16:15.812+0000][5.437s][info][gc             ] GC(9) Concurrent Mark Cycle 56.417ms",
                "[2026-11-26T19:16:16.000+0000][5.600s][info][gc,phases   ] GC(0) Y: Pause Mark Start (Major) 0.012ms",
                "[2026-11-26T19:16:16.001+0000][5.601s][info][gc,phases   ] GC(0) O: Pause Mark End 0.019ms",
                "[2026-11-26T19:16:16.002+0000][5.602s][info][gc,start    ] GC(0) Pause Init Mark (unload classes)",
                "[2026-11-26T19:16:16.003+0000][5.603s][info][gc          ] GC(0) Pause Init Mark (unload classes) 0.036ms",
                "[2026-11-26T19:16:20.000+0000][9.600s][info][gc          ] GC(1) Pause Full (System.gc()) 130M->129M(1G) 89.188ms",
                ""));
        long from = java.time.Instant.parse("2026-11-26T19:16:13Z").toEpochMilli();
        long to = java.time.Instant.parse("2026-11-26T19:16:17Z").toEpochMilli();
        List<GcLogPauses.Pause> pauses = GcLogPauses.read(log, from, to);
        assertThat(pauses).extracting(GcLogPauses.Pause::name).containsExactly(
                "Pause Young (Prepare Mixed) (G1 Periodic Collection)", "Pause Remark", "Pause Mark Start (Major)", "Pause Mark End",
                "Pause Init Mark (unload classes)");
        assertThat(pauses.get(0).durationMs()).isEqualTo(6.319);
        assertThat(GcLogPauses.read(log, from, to + 5_000)).hasSize(6);
    }
}
