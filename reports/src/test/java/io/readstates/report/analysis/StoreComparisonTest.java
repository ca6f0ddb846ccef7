package io.readstates.report.analysis;

import io.readstates.report.SampleCells;
import io.readstates.results.CellResult;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Store against store: ratios to the best store under the same collector and conditions, with intervals. */
class StoreComparisonTest {
    private final Map<CellResult, List<Histogram>> logs = new HashMap<>();
    private final SplittableRandom random = new SplittableRandom(5);

    /** One repeat: thirty one-second intervals of 10,000 operations, 0.15 % of them near {@code tailMs} (±{@code spread}). */
    private CellResult cell(String store, String collector, long states, int repeat, double tailMs, double spread) {
        List<Histogram> intervals = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Histogram h = new Histogram(3);
            h.recordValueWithCount(100_000, 9_985);
            h.recordValueWithCount((long) (tailMs * (1 + spread * (random.nextDouble() * 2 - 1)) * 1e6), 15);
            intervals.add(h);
        }
        CellResult r = SampleCells.cell(store, collector, states, repeat, tailMs, tailMs * 2, Map.of(), Map.of(), 30, 10L << 20, List.of());
        logs.put(r, intervals);
        return r;
    }

    @Test
    void eachStoreAgainstTheBestUnderItsCollectorWithAnIntervalThatExcludesOneOnlyForARealGap() {
        List<CellResult> cells = List.of(
                cell("object-graph", "g1", 1_000_000, 1, 40, 0.2), cell("object-graph", "g1", 1_000_000, 2, 44, 0.2),
                cell("off-heap", "g1", 1_000_000, 1, 4, 0.2), cell("off-heap", "g1", 1_000_000, 2, 4.2, 0.2),
                cell("primitive-arrays", "g1", 1_000_000, 1, 4.2, 0.2), cell("primitive-arrays", "g1", 1_000_000, 2, 4.3, 0.2),
                cell("object-graph", "zgc", 1_000_000, 1, 5, 0.2),
                cell("off-heap", "g1", 2_000_000, 1, 9, 0.2));

        List<StoreComparison> rows = StoreComparison.compute(cells, logs::get);

        assertThat(rows).as("zgc and 2M states hold one store each: nothing to compare").hasSize(2)
                .allSatisfy(r -> assertThat(r.collector()).isEqualTo("g1"));
        StoreComparison graph = rows.stream().filter(r -> r.store().equals("object-graph")).findFirst().orElseThrow();
        assertThat(graph.reference()).isEqualTo("off-heap");
        assertThat(graph.repeats()).isEqualTo("2 ÷ 2");
        assertThat(graph.p999().value()).isBetween(8.0, 12.0);
        assertThat(graph.p999().low()).isGreaterThan(1.0);
        assertThat(graph.verdict()).startsWith("object-graph has the higher p99.9");
        StoreComparison arrays = rows.stream().filter(r -> r.store().equals("primitive-arrays")).findFirst().orElseThrow();
        assertThat(arrays.p999().low()).as("4.25 vs 4.1 ms with 20 % noise").isLessThan(1.0);
        assertThat(arrays.p999().high()).isGreaterThan(1.0);
        assertThat(arrays.verdict()).startsWith("not distinguishable from off-heap");
        assertThat(graph.row()).hasSize(StoreComparison.HEADERS.size());
    }

    @Test
    void aStoreWithoutIntervalLogsIsLeftOutRatherThanGivenAnIntervalItDoesNotHave() {
        CellResult graph = cell("object-graph", "g1", 1_000_000, 1, 40, 0.2);
        CellResult offHeap = cell("off-heap", "g1", 1_000_000, 1, 4, 0.2);
        logs.remove(graph);

        assertThat(StoreComparison.compute(List.of(graph, offHeap), logs::get)).isEmpty();
    }
}
