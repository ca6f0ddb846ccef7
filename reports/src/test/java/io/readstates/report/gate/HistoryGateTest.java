package io.readstates.report.gate;

import io.readstates.report.SampleCells;
import io.readstates.report.history.RunHistory;
import io.readstates.results.RunData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The history gate on a real DuckDB file: a candidate against the trailing window of its own cell. */
class HistoryGateTest {
    private static final HistoryGate GATE = new HistoryGate(10, 5, 0.5, 1.0);

    /** Ten nightly runs of one cell, p99.9 around 2 ms with ±10 % noise (seeded). */
    private static Path history(Path dir) {
        Path file = dir.resolve("history.duckdb");
        SplittableRandom noise = new SplittableRandom(11);
        try (RunHistory h = RunHistory.open(file)) {
            for (int day = 1; day <= 10; day++) {
                h.add(RunData.load(SampleCells.run(dir, day, 2.0 * (1 + 0.2 * (noise.nextDouble() - 0.5)))));
            }
        }
        return file;
    }

    private static String printed(List<HistoryGate.Verdict> verdicts, boolean[] pass) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pass[0] = GATE.print(verdicts, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUnchangedRunPassesAndATenfoldTailFails(@TempDir Path dir) {
        Path file = history(dir);
        try (RunHistory h = RunHistory.open(file)) {
            List<HistoryGate.Verdict> same = GATE.compare(h, RunData.load(SampleCells.run(dir, 11, 2.0)));
            assertThat(same).extracting(HistoryGate.Verdict::judgement).containsOnly(HistoryGate.Judgement.OK).hasSize(4);
            assertThat(same).allSatisfy(v -> assertThat(v.runs()).isEqualTo(10));
            boolean[] pass = new boolean[1];
            assertThat(printed(same, pass)).contains("history gate: pass (4 of 4 figures judged");
            assertThat(pass[0]).isTrue();

            List<HistoryGate.Verdict> worse = GATE.compare(h, RunData.load(SampleCells.run(dir, 12, 20.0)));
            assertThat(worse).filteredOn(v -> v.judgement() == HistoryGate.Judgement.REGRESSED).extracting(HistoryGate.Verdict::metric)
                    .containsExactlyInAnyOrder("p99.9 ms", "max ms");
            assertThat(worse).filteredOn(v -> v.metric().equals("p99.9 ms")).singleElement()
                    .satisfies(v -> assertThat(v.p()).as("beyond all ten runs: 1/11").isEqualTo(1.0 / 11));
            assertThat(printed(worse, pass)).contains("history gate: FAIL (2 regressed beyond every run of the window");
            assertThat(pass[0]).isFalse();
        }
    }

    @Test
    void theCandidatesOwnRunIsNeverInItsWindow(@TempDir Path dir) {
        Path file = history(dir);
        try (RunHistory h = RunHistory.open(file)) {
            RunData candidate = RunData.load(SampleCells.run(dir, 13, 20.0));
            h.add(candidate);
            List<HistoryGate.Verdict> verdicts = GATE.compare(h, candidate);
            assertThat(verdicts).allSatisfy(v -> assertThat(v.runs()).isEqualTo(10));
            assertThat(verdicts).filteredOn(v -> v.metric().equals("p99.9 ms")).singleElement()
                    .satisfies(v -> assertThat(v.judgement()).isEqualTo(HistoryGate.Judgement.REGRESSED));
        }
    }

    @Test
    void aCellWithTooFewEarlierRunsIsNotJudgedAndSaysSo(@TempDir Path dir) {
        Path file = dir.resolve("history.duckdb");
        try (RunHistory h = RunHistory.open(file)) {
            for (int day = 1; day <= 3; day++) {
                h.add(RunData.load(SampleCells.run(dir, day, 2.0)));
            }
            List<HistoryGate.Verdict> verdicts = GATE.compare(h, RunData.load(SampleCells.run(dir, 4, 20.0)));
            assertThat(verdicts).extracting(HistoryGate.Verdict::judgement).containsOnly(HistoryGate.Judgement.NOT_JUDGED);
            boolean[] pass = new boolean[1];
            assertThat(printed(verdicts, pass)).contains("not judged (fewer than 5 earlier runs)").contains("0 of 4 figures judged");
            assertThat(pass[0]).isTrue();
        }
    }

    @Test
    void beyondTheWindowButWithinTheToleranceIsNotARegression() {
        double[] window = {2.0, 2.1, 1.9, 2.0, 2.05};
        assertThat(GATE.judge("c", "p99.9 ms", 2.2, window).judgement()).as("above every run, +10 %% only").isEqualTo(HistoryGate.Judgement.OK);
        assertThat(GATE.judge("c", "p99.9 ms", 2.9, window).judgement()).as("+45 %%, under the 50 %% tolerance").isEqualTo(HistoryGate.Judgement.OK);
        assertThat(GATE.judge("c", "p99.9 ms", 3.2, window).judgement()).as("+60 %% and +1.2 ms").isEqualTo(HistoryGate.Judgement.REGRESSED);
        assertThat(GATE.judge("c", "p99.9 ms", 2.05, window).p()).as("two of five runs at or above: (1 + 2) / 6").isEqualTo(0.5);
    }

    @Test
    void aWindowSmallerThanItsMinimumIsRefused() {
        assertThatThrownBy(() -> new HistoryGate(3, 5, 0.5, 1)).hasMessageContaining("1 <= minimum runs <= window runs");
    }
}
