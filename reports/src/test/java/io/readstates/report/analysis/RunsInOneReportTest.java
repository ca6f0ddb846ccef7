package io.readstates.report.analysis;

import io.readstates.report.SampleCells;
import io.readstates.results.CellResult;
import io.readstates.results.ResultFiles;
import io.readstates.results.RunData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A report over several runs keeps them apart: pairs and spreads never mix one run's cells with another's. */
class RunsInOneReportTest {
    private static CellResult cell(String run, String collector, int repeat, double p999) {
        CellResult c = SampleCells.cell("off-heap", collector, "25", 1_000_000, repeat, p999, p999 * 2, Map.of(), Map.of(), 0, 0, List.of());
        return c.withRunId(run);
    }

    @Test
    void theTailTaxPairsACollectorOnlyWithEpsilonOfItsOwnRun() {
        List<CellResult> cells = List.of(cell("run-a", "g1", 1, 2), cell("run-a", "epsilon", 1, 1),
                cell("run-b", "g1", 1, 9), cell("run-b", "epsilon", 1, 3));

        List<TailTax> taxes = TailTax.compute(cells);

        assertThat(taxes).hasSize(2);
        assertThat(taxes).extracting(TailTax::run).allMatch(r -> r.startsWith("run-a") || r.startsWith("run-b"));
        assertThat(taxes).extracting(TailTax::p999Median).containsExactlyInAnyOrder(2.0, 3.0);
        assertThat(taxes).extracting(TailTax::pairs).containsOnly(1);
    }

    @Test
    void anotherRunsCellIsNotARepeat() {
        List<CellResult> cells = List.of(cell("run-a", "g1", 1, 2), cell("run-b", "g1", 1, 9));
        assertThat(RepeatSpread.compute(cells)).isEmpty();
    }

    @Test
    void cellsOfTwoDirectoriesWithoutRunIdsAreTwoRuns(@TempDir Path tmp) {
        List<RunData> runs = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            for (CellResult c : List.of(cell(null, "g1", 1, name.equals("a") ? 2 : 9), cell(null, "epsilon", 1, name.equals("a") ? 1 : 3))) {
                ResultFiles.writeAtomically(tmp.resolve(name).resolve("cells").resolve(c.cell().id()).resolve(ResultFiles.CELL_JSON), c);
            }
            runs.add(RunData.load(tmp.resolve(name)));
        }
        List<CellResult> all = runs.stream().flatMap(r -> r.cells().stream()).map(RunData.Cell::result).toList();
        assertThat(all).extracting(r -> r.cell().runId()).doesNotContainNull().hasSize(4);
        assertThat(TailTax.compute(all)).extracting(TailTax::p999Median).containsExactlyInAnyOrder(2.0, 3.0);
    }
}
