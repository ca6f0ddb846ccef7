package io.readstates.report.analysis;

import io.readstates.report.SampleCells;
import io.readstates.results.CellResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Go service's tail tax: its collector against the same service with GOGC=off, never against a JVM cell. */
class GoTailTaxTest {
    private static CellResult cell(String store, String collector, String toolchain, double p999) {
        return SampleCells.cell(store, collector, toolchain, 1_000_000, 1, p999, p999 * 2, Map.of(), Map.of(), 0, 0, List.of()).withRunId("run");
    }

    @Test
    void goUnderItsCollectorIsDividedByGoWithGogcOff() {
        List<CellResult> cells = List.of(cell("go-lru", "go-gc", "go", 6), cell("go-lru", "gogc-off", "go", 2),
                cell("off-heap", "g1", "25", 3), cell("off-heap", "epsilon", "25", 1.5), cell("rust-btree", "none", "rust", 0.5));

        List<TailTax> taxes = TailTax.compute(cells);

        assertThat(taxes).extracting(t -> t.store() + "/" + t.collector() + "=" + t.p999Median())
                .containsExactlyInAnyOrder("go-lru/go-gc=3.0", "off-heap/g1=2.0");
    }
}
