package io.readstates.report.gate;

import io.readstates.report.SampleCells;
import io.readstates.results.CellResult;
import io.readstates.results.ResultFiles;
import io.readstates.results.RunData;
import io.readstates.results.UnusableInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InRunRuleTest {
    private static RunData run(Path dir, List<CellResult> cells) {
        for (CellResult c : cells) {
            ResultFiles.writeAtomically(dir.resolve("cells").resolve(c.cell().id()).resolve(ResultFiles.CELL_JSON), c);
        }
        return RunData.load(dir);
    }

    private static CellResult cell(String store, String collector, int repeat, double p999) {
        return SampleCells.cell(store, collector, 10, repeat, p999, p999 * 2, Map.of(), Map.of(), 0, 0, List.of());
    }

    @Test
    void aComparisonRulePassesAndFailsOnMedians(@TempDir Path dir) {
        RunData r = run(dir, List.of(cell("off-heap", "g1", 1, 1), cell("off-heap", "g1", 2, 3), cell("off-heap", "g1", 3, 100),
                cell("object-graph", "g1", 1, 50)));
        assertThat(InRunRule.parse("off-heap/g1 p99.9 <= 0.1 * object-graph/g1 p99.9").evaluate(r)).allMatch(InRunRule.Outcome::pass);
        assertThat(InRunRule.parse("off-heap/g1 p99.9 <= 0.01 * object-graph/g1 p99.9").evaluate(r)).noneMatch(InRunRule.Outcome::pass);
        assertThat(InRunRule.parse("off-heap/g1 p99.9 <= 3").evaluate(r)).allMatch(InRunRule.Outcome::pass);
        assertThat(InRunRule.parse("object-graph/g1 p99.9 <= 3").evaluate(r)).noneMatch(InRunRule.Outcome::pass);
    }

    @Test
    void aRulePassesAnUnchangedRunAndFailsOneWithATenfoldTail(@TempDir Path dir) {
        InRunRule rule = InRunRule.parse("off-heap/g1 p99.9 <= 0.5 * object-graph/g1 p99.9");
        RunData unchanged = run(dir.resolve("unchanged"), List.of(cell("off-heap", "g1", 1, 2), cell("object-graph", "g1", 1, 10)));
        RunData doctored = run(dir.resolve("doctored"), List.of(cell("off-heap", "g1", 1, 20), cell("object-graph", "g1", 1, 10)));
        assertThat(rule.evaluate(unchanged)).singleElement().satisfies(o -> assertThat(o.pass()).isTrue());
        assertThat(rule.evaluate(doctored)).singleElement().satisfies(o -> {
            assertThat(o.pass()).isFalse();
            assertThat(o.value()).isEqualTo(20.0);
            assertThat(o.limit()).isEqualTo(5.0);
        });
    }

    private static CellResult attributed(String store, String collector, double collectorShare) {
        CellResult c = cell(store, collector, 1, 2);
        var b = new io.readstates.results.AttributionFigures.Breakdown(10, Map.of("gc-pause", Math.round(collectorShare * 10)), Map.of(),
                collectorShare);
        var a = new io.readstates.results.AttributionFigures(1, 40, 0, 2, b, b, Map.of());
        return new CellResult(c.schema(), c.status(), c.error(), c.cell(), c.environment(), c.run(), c.responseTime(), c.serviceTime(), c.hiccup(),
                c.gc(), c.footprint(), c.store(), c.notes(), a);
    }

    @Test
    void aGcShareRuleReadsTheCellsOwnAttribution(@TempDir Path dir) {
        RunData r = run(dir, List.of(attributed("off-heap", "g1", 0.05), attributed("object-graph", "g1", 0.8), cell("b-tree", "g1", 1, 2)));
        assertThat(InRunRule.parse("gc-share off-heap/g1 p99.9 <= 0.1").evaluate(r)).singleElement().satisfies(o -> {
            assertThat(o.pass()).isTrue();
            assertThat(o.value()).isEqualTo(0.05);
        });
        assertThat(InRunRule.parse("gc-share object-graph/g1 p99.9 <= 0.1").evaluate(r)).noneMatch(InRunRule.Outcome::pass);
        assertThatThrownBy(() -> InRunRule.parse("gc-share b-tree/g1 p99.9 <= 0.1").evaluate(r)).isInstanceOf(UnusableInput.class)
                .hasMessageContaining("not measured");
        assertThatThrownBy(() -> InRunRule.parse("gc-share off-heap/g1 p99 <= 0.1")).isInstanceOf(UnusableInput.class);
    }

    @Test
    void aTailTaxRuleChecksEveryCollectorOfTheStore(@TempDir Path dir) {
        RunData r = run(dir, List.of(cell("off-heap", "g1", 1, 1.1), cell("off-heap", "zgc", 1, 3), cell("off-heap", "epsilon", 1, 1)));
        List<InRunRule.Outcome> o = InRunRule.parse("tail-tax off-heap p99.9 <= 1.2").evaluate(r);
        assertThat(o).hasSize(2);
        assertThat(o).filteredOn(InRunRule.Outcome::pass).extracting(InRunRule.Outcome::subject).containsExactly("off-heap/g1 p99.9 tax");
        assertThat(InRunRule.parse("tail-tax off-heap/g1 p99.9 <= 1.2").evaluate(r)).allMatch(InRunRule.Outcome::pass);
    }

    @Test
    void unusableRulesAreExplained(@TempDir Path dir) {
        RunData r = run(dir, List.of(cell("off-heap", "g1", 1, 1)));
        assertThatThrownBy(() -> InRunRule.parse("off-heap faster than object-graph")).isInstanceOf(UnusableInput.class)
                .hasMessageContaining("expected 'STORE/COLLECTOR METRIC <= FACTOR * STORE/COLLECTOR METRIC'");
        assertThatThrownBy(() -> InRunRule.parse("off-heap/g1 p42 <= 1 * object-graph/g1 p99")).hasMessageContaining("unknown metric 'p42'");
        assertThatThrownBy(() -> InRunRule.parse("off-heap/g1 p99 <= 1 * object-graph/g1 p99").evaluate(r)).hasMessageContaining("no successful cells for object-graph/g1");
        assertThatThrownBy(() -> InRunRule.parse("tail-tax off-heap max <= 2").evaluate(r)).hasMessageContaining("no tail tax for off-heap");
    }

    @Test
    void aCellThatDidNotFinishFailsTheRulesThatNeedItInsteadOfVanishing(@TempDir Path dir) {
        CellResult oom = CellResult.failure("out-of-memory", "java.lang.OutOfMemoryError: Java heap space",
                cell("off-heap", "zgc", 1, 1).cell(), null);
        RunData r = run(dir, List.of(cell("off-heap", "g1", 1, 1.1), oom, cell("off-heap", "epsilon", 1, 1), cell("object-graph", "g1", 1, 50)));

        List<InRunRule.Outcome> tax = InRunRule.parse("tail-tax off-heap p99.9 <= 1.2").evaluate(r);
        assertThat(tax).isNotEmpty().anyMatch(o -> !o.pass() && o.subject().contains("out-of-memory"));
        assertThat(InRunRule.parse("off-heap/zgc p99.9 <= 0.1 * object-graph/g1 p99.9").evaluate(r)).noneMatch(InRunRule.Outcome::pass);
        assertThat(InRunRule.parse("off-heap/g1 p99.9 <= 0.1 * object-graph/g1 p99.9").evaluate(r)).allMatch(InRunRule.Outcome::pass);
    }

    @Test
    void aRuleWithAMalformedNumberIsUnusableInput() {
        assertThatThrownBy(() -> InRunRule.parse("tail-tax off-heap p99.9 <= 1.2.3")).isInstanceOf(UnusableInput.class)
                .hasMessageContaining("'1.2.3' is not a number");
    }

    @Test
    void aRuleComparesCellsUnderTheSameConditionsNeverAMedianAcrossCapacities(@TempDir Path dir) {
        List<CellResult> cells = List.of(
                SampleCells.cell("off-heap", "g1", "25", 1_000, 1, 1, 2, Map.of(), Map.of(), 0, 0, List.of()),
                SampleCells.cell("off-heap", "g1", "25", 8_000, 1, 40, 80, Map.of(), Map.of(), 0, 0, List.of()),
                SampleCells.cell("object-graph", "g1", "25", 1_000, 1, 50, 100, Map.of(), Map.of(), 0, 0, List.of()),
                SampleCells.cell("object-graph", "g1", "25", 8_000, 1, 60, 120, Map.of(), Map.of(), 0, 0, List.of()));
        RunData r = run(dir, cells);

        List<InRunRule.Outcome> o = InRunRule.parse("off-heap/g1 p99.9 <= 0.1 * object-graph/g1 p99.9").evaluate(r);

        assertThat(o).hasSize(2);
        assertThat(o).filteredOn(InRunRule.Outcome::pass).singleElement().satisfies(x -> assertThat(x.subject()).contains("/ 1000 /"));
        assertThat(o).filteredOn(x -> !x.pass()).singleElement().satisfies(x -> assertThat(x.subject()).contains("/ 8000 /"));
    }
}
