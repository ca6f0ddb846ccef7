package io.readstates.report.analysis;

import io.readstates.report.SampleCells;
import io.readstates.report.gate.InRunRule;
import io.readstates.report.render.ReportRenderer;
import io.readstates.results.CellResult;
import io.readstates.results.ResultFiles;
import io.readstates.results.RunData;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The tail tax, its rule and the headline read their intervals from the cells' own interval logs. */
class TailTaxIntervalsTest {
    /** Writes a cell whose latency.hlog holds the given intervals and whose cell.json agrees with them. */
    private static void writeCell(Path run, String store, String collector, int repeat, List<Histogram> intervals) throws Exception {
        Histogram total = new Histogram(3);
        intervals.forEach(total::add);
        CellResult r = SampleCells.cell(store, collector, "25", 1_000_000, repeat, total.getValueAtPercentile(99.9) / 1e6,
                total.getMaxValue() / 1e6, Map.of(), Map.of(), 0, 0, List.of());
        Path dir = run.resolve("cells").resolve(r.cell().id());
        ResultFiles.writeAtomically(dir.resolve(ResultFiles.CELL_JSON), r);
        try (PrintStream out = new PrintStream(Files.newOutputStream(dir.resolve(ResultFiles.LATENCY_LOG)))) {
            HistogramLogWriter w = new HistogramLogWriter(out);
            w.outputLogFormatVersion();
            w.outputLegend();
            long t = 1_000_000;
            for (Histogram h : intervals) {
                h.setStartTimeStamp(t);
                h.setEndTimeStamp(t + 1000);
                h.setTag("ack.response");
                w.outputIntervalHistogram(h);
                t += 1000;
            }
        }
    }

    private static RunData run(Path dir, double g1Scale, double zgcScale) throws Exception {
        List<List<Histogram>> epsilon = BootstrapTest.cell(1, 3, 15, 1_000, 1);
        List<List<Histogram>> g1 = BootstrapTest.cell(2, 3, 15, 1_000, g1Scale);
        List<List<Histogram>> zgc = BootstrapTest.cell(3, 3, 15, 1_000, zgcScale);
        for (int r = 0; r < 3; r++) {
            writeCell(dir, "off-heap", "epsilon", r + 1, epsilon.get(r));
            writeCell(dir, "off-heap", "g1", r + 1, g1.get(r));
            writeCell(dir, "off-heap", "zgc", r + 1, zgc.get(r));
        }
        return RunData.load(dir);
    }

    @Test
    void aTaxRuleFailsOnEvidenceNotOnANoisyMedian(@TempDir Path dir) throws Exception {
        RunData r = run(dir, 3.0, 1.0);

        List<InRunRule.Outcome> o = InRunRule.parse("tail-tax off-heap p99.9 <= 1.2").evaluate(r);

        assertThat(o).hasSize(2);
        assertThat(o).filteredOn(x -> x.subject().startsWith("off-heap/g1")).singleElement()
                .satisfies(x -> assertThat(x.pass()).isFalse()).satisfies(x -> assertThat(x.subject()).contains("95% CI"));
        assertThat(o).filteredOn(x -> x.subject().startsWith("off-heap/zgc")).singleElement().satisfies(x -> assertThat(x.pass()).isTrue());
    }

    @Test
    void theReportSaysInWordsOnlyWhatTheIntervalsSupport(@TempDir Path dir) throws Exception {
        RunData r = run(dir.resolve("run"), 3.0, 1.0);
        List<TailTax> taxes = TailTax.compute(r.cells().stream().map(RunData.Cell::result).toList(), RunData.intervalsOf(r.cells()));

        assertThat(taxes).filteredOn(t -> t.collector().equals("g1")).singleElement().satisfies(t -> {
            assertThat(t.verdict()).isEqualTo("GC costs the tail");
            assertThat(t.goal()).isEqualTo("missed");
        });
        assertThat(taxes).filteredOn(t -> t.collector().equals("zgc")).singleElement()
                .satisfies(t -> assertThat(t.verdict()).isEqualTo("not distinguishable from no GC"));

        ReportRenderer.Rendered rendered = new ReportRenderer().render(List.of(dir.resolve("run")), dir.resolve("report"));
        String html = Files.readString(rendered.report());
        assertThat(html).contains("In short.").contains("off-heap under g1 (1000000 states): p99.9 tail tax ×")
                .contains("GC costs the tail").contains("the lowest p99.9 is off-heap under zgc");
        assertThat(dir.resolve("report").resolve("tail-tax.json")).content().contains("\"p999Ci\"");
    }
}
