package io.readstates.report.gate;

import io.readstates.report.SampleCells;
import io.readstates.results.CellResult;
import io.readstates.results.ResultFiles;
import io.readstates.results.RunData;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A committed baseline: only the files the gate reads, refreshed as a whole or not at all. */
class BaselineTest {

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aBaselineHoldsWhatTheGateReadsAndNothingElse(@TempDir Path dir) throws IOException {
        Path run = SampleCells.run(dir, 1, 2.0);
        Path cell = run.resolve("cells").resolve("object-graph-g1-1000000-1");
        Files.writeString(cell.resolve(ResultFiles.JFR), "a large recording");
        Files.writeString(cell.resolve(ResultFiles.GC_LOG), "a gc log");
        try (PrintStream log = new PrintStream(cell.resolve(ResultFiles.LATENCY_LOG).toFile(), StandardCharsets.UTF_8)) {
            HistogramLogWriter writer = new HistogramLogWriter(log);
            Histogram h = new Histogram(3);
            h.recordValue(2_000_000);
            h.setTag("response");
            h.setStartTimeStamp(1_000);
            h.setEndTimeStamp(2_000);
            writer.outputIntervalHistogram(h);
        }
        Path baseline = dir.resolve("baselines").resolve("smoke");

        assertThat(Baseline.refresh(RunData.load(run), baseline)).isEqualTo(1);
        assertThat(files(baseline)).containsExactly("cells/object-graph-g1-1000000-1/cell.json", "cells/object-graph-g1-1000000-1/latency.hlog");
        assertThat(RunData.load(baseline).cells()).extracting(c -> c.result().responseTime().get("all").p999()).containsExactly(2.0);
    }

    @Test
    void aRefreshReplacesTheOldBaselineWhole(@TempDir Path dir) throws IOException {
        Path baseline = dir.resolve("baseline");
        Baseline.refresh(RunData.load(SampleCells.run(dir, 1, 2.0)), baseline);
        Files.writeString(baseline.resolve("cells").resolve("stale-cell.txt"), "from an older plan");
        Baseline.refresh(RunData.load(SampleCells.run(dir, 2, 3.0)), baseline);
        assertThat(files(baseline)).containsExactly("cells/object-graph-g1-1000000-1/cell.json");
        assertThat(RunData.load(baseline).cells()).extracting(c -> c.result().responseTime().get("all").p999()).containsExactly(3.0);
        assertThat(dir.resolve("baseline.new")).doesNotExist();
        assertThat(dir.resolve("baseline.old")).doesNotExist();
    }

    @Test
    void aRunWithoutAnOkCellNeverReplacesTheBaseline(@TempDir Path dir) throws IOException {
        Path baseline = dir.resolve("baseline");
        Baseline.refresh(RunData.load(SampleCells.run(dir, 1, 2.0)), baseline);
        Path failedRun = dir.resolve("failed");
        CellResult ok = RunData.load(SampleCells.run(dir, 2, 3.0)).cells().get(0).result();
        ResultFiles.writeAtomically(failedRun.resolve("cells").resolve("x").resolve(ResultFiles.CELL_JSON),
                CellResult.failure("crashed", "the JVM died", ok.cell(), ok.environment()));
        assertThatThrownBy(() -> Baseline.refresh(RunData.load(failedRun), baseline)).hasMessageContaining("none of its cells finished ok");
        assertThat(RunData.load(baseline).cells()).extracting(c -> c.result().responseTime().get("all").p999()).containsExactly(2.0);
    }
}
