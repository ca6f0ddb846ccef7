package io.readstates.report.history;

import io.readstates.report.SampleCells;
import io.readstates.report.analysis.ChangePoints;
import io.readstates.report.render.TrendReport;
import io.readstates.results.CellResult;
import io.readstates.results.Environment;
import io.readstates.results.ResultFiles;
import io.readstates.results.RunData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The history in a real DuckDB file: add and query round trip, idempotent add, a trend with its change point. */
class RunHistoryTest {

    @Test
    void aRunIsAddedOnceAndItsFiguresComeBackAsATrend(@TempDir Path dir) {
        Path file = dir.resolve("history.duckdb");
        try (RunHistory h = RunHistory.open(file)) {
            assertThat(h.add(RunData.load(SampleCells.run(dir, 1, 2.0)))).isEqualTo(1);
            assertThat(h.add(RunData.load(SampleCells.run(dir, 1, 2.0)))).as("the same run again").isZero();
            assertThat(h.add(RunData.load(SampleCells.run(dir, 2, 3.0)))).isEqualTo(1);
            assertThat(h.size()).isEqualTo(2);
        }
        try (RunHistory reopened = RunHistory.open(file)) {
            Map<String, List<RunHistory.Point>> t = reopened.trends("p999_ms");
            assertThat(t).hasSize(1);
            List<RunHistory.Point> series = t.values().iterator().next();
            assertThat(series).extracting(RunHistory.Point::runId).containsExactly("run-1", "run-2");
            assertThat(series).extracting(RunHistory.Point::value).containsExactly(2.0, 3.0);
            assertThat(series.get(1).gitRevision()).isEqualTo("rev2");
        }
    }

    @Test
    void aTrendMarksTheRunWhereTheTailDoubled(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("history.duckdb");
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        try (RunHistory h = RunHistory.open(file)) {
            for (int day = 1; day <= 24; day++) {
                double base = day <= 12 ? 2.0 : 4.0;
                h.add(RunData.load(SampleCells.run(dir, day, base * (1 + 0.05 * (r.nextDouble() - 0.5)))));
            }
            TrendReport.Rendered out = TrendReport.render(h, "p999_ms", ChangePoints.standard(), dir.resolve("trend"));
            assertThat(out.changes()).singleElement().satisfies(c -> {
                assertThat(c.atRun()).isEqualTo("run-13");
                assertThat(c.point().relativeChange()).isBetween(0.9, 1.1);
            });
            assertThat(Files.readString(out.html())).contains("run-13").contains("data:image/png;base64,");
            assertThat(Files.readString(dir.resolve("trend").resolve("trend.md"))).contains("run-13");
        }
    }
}
