package io.readstates.report.analysis;

import io.readstates.report.SampleCells;
import io.readstates.results.CellResult;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The case-study rows: each set against Rust and Go of its own run, with intervals from the cells' logs. */
class CaseStudyTest {
    private static CellResult cell(String store, String collector, double p999) {
        return SampleCells.cell(store, collector, "x", 1_000_000, 1, p999, p999 * 2, Map.of("c", 3L), Map.of(), 30, 10L << 20, List.of());
    }

    /** Ten one-second intervals of 10,000 operations, a tenth of a percent of them at {@code tailMs}. */
    private static List<Histogram> intervals(double tailMs) {
        List<Histogram> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Histogram h = new Histogram(3);
            h.recordValueWithCount(100_000, 9_985);
            h.recordValueWithCount((long) (tailMs * 1e6), 15);
            out.add(h);
        }
        return out;
    }

    @Test
    void everyRowIsAMultipleOfRustAndGoIsAMultipleOfIt() {
        CellResult go = cell("go-lru", "go-gc", 8);
        CellResult rust = cell("rust-btree", "none", 1);
        CellResult jvm = cell("off-heap", "zgc", 2);
        Map<CellResult, List<Histogram>> logs = Map.of(go, intervals(8), rust, intervals(1), jvm, intervals(2));

        List<CaseStudy> rows = CaseStudy.compute(List.of(go, jvm, rust), logs::get, r -> null);

        assertThat(rows).extracting(CaseStudy::label).containsExactly("rust-btree under none", "off-heap under zgc", "go-lru under go-gc");
        CaseStudy jvmRow = rows.get(1);
        assertThat(jvmRow.vsRust().value()).isCloseTo(2.0, within(0.01));
        assertThat(jvmRow.goVs().value()).isCloseTo(4.0, within(0.02));
        assertThat(jvmRow.vsRust().low()).isLessThanOrEqualTo(jvmRow.vsRust().value());
        assertThat(rows.get(0).vsRust()).as("Rust against itself").isNull();
        assertThat(rows.get(2).goVs()).as("Go against itself").isNull();
        assertThat(rows.get(2).goMarkCpuMsPerMb()).as("30 ms of GC CPU over 3 cycles, 10 MB live").isCloseTo(1.0, within(1e-9));
        assertThat(jvmRow.goMarkCpuMsPerMb()).isNaN();
    }

    @Test
    void aRunWithoutServicesHasNoCaseStudyRows() {
        assertThat(CaseStudy.compute(List.of(cell("off-heap", "zgc", 2), cell("off-heap", "epsilon", 1)), r -> null, r -> null)).isEmpty();
    }
}
