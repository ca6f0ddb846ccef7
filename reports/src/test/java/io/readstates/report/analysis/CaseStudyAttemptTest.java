package io.readstates.report.analysis;

import io.readstates.report.SampleCells;
import io.readstates.results.CellDescription;
import io.readstates.results.CellResult;
import io.readstates.results.StoreFigures;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Each of Discord's attempts finds its cells, or says that it has none. */
class CaseStudyAttemptTest {
    private final Map<CellResult, List<Histogram>> logs = new HashMap<>();

    private CellResult cell(String store, String collector, double p999) {
        CellResult r = SampleCells.cell(store, collector, 1_000_000, 1, p999, p999 * 2, Map.of("c", 3L), Map.of(), 30, 10L << 20, List.of());
        logs.put(r, intervals(p999));
        return r;
    }

    private CellResult changed(CellResult r, UnaryOperator<CellDescription> change, StoreFigures store) {
        CellResult c = new CellResult(r.schema(), r.status(), r.error(), change.apply(r.cell()), r.environment(), r.run(), r.responseTime(),
                r.serviceTime(), r.hiccup(), r.gc(), r.footprint(), store, r.notes(), r.attribution());
        logs.put(c, logs.get(r));
        return c;
    }

    /** Twenty one-second intervals of 10,000 operations, 0.15 % of them at {@code tailMs}. */
    private static List<Histogram> intervals(double tailMs) {
        List<Histogram> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Histogram h = new Histogram(3);
            h.recordValueWithCount(100_000, 9_985);
            h.recordValueWithCount((long) (tailMs * 1e6), 15);
            out.add(h);
        }
        return out;
    }

    private static CaseStudyAttempt find(List<CaseStudyAttempt> attempts, String prefix) {
        return attempts.stream().filter(a -> a.attempt().startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void offHeapAgainstTheObjectGraphUnderOneCollectorAndTheBestJvmStoreAgainstRust() {
        List<CellResult> cells = List.of(cell("object-graph", "zgc", 40), cell("off-heap", "zgc", 4), cell("off-heap", "epsilon", 2),
                cell("rust-btree", "none", 8));

        List<CaseStudyAttempt> attempts = CaseStudyAttempt.compute(cells, logs::get, r -> null);

        assertThat(attempts).hasSize(9);
        CaseStudyAttempt offHeap = find(attempts, "off-heap structures");
        assertThat(offHeap.measured()).startsWith("off-heap (off-heap under zgc, JDK 25, 1,000,000 states): p99 ").contains("against object-graph");
        assertThat(offHeap.verdict()).startsWith("off-heap: p99.9 ×0.10 [95 % CI ").endsWith("of object-graph's — lower than object-graph's");
        CaseStudyAttempt rewrite = find(attempts, "the rewrite");
        assertThat(rewrite.verdict()).as("the Epsilon cell is no answer to a collector: zgc's is compared")
                .startsWith("the JVM's best pointer-free store under a collector: p99.9 ×0.50 ").endsWith("lower than Rust's");
        assertThat(find(attempts, "many smaller LRUs").measured()).startsWith("not in this report: ").contains("--stores sharded");
        assertThat(find(attempts, "dynamic GOGC tuning").verdict()).isEqualTo("—");
    }

    @Test
    void theAttemptsAreShownForACaseStudyRunOrTwoMeasuredAttemptsButNotForOneAlone() {
        List<CaseStudyAttempt> one = CaseStudyAttempt.compute(List.of(cell("object-graph", "zgc", 40), cell("off-heap", "zgc", 4)), logs::get, r -> null);
        List<CaseStudyAttempt> two = CaseStudyAttempt.compute(List.of(cell("object-graph", "zgc", 40), cell("off-heap", "zgc", 4), cell("sharded", "zgc", 30)),
                logs::get, r -> null);

        assertThat(one.stream().filter(CaseStudyAttempt::measuredHere).map(CaseStudyAttempt::attempt)).containsExactly("off-heap structures (rejected in Go)");
        assertThat(CaseStudyAttempt.worthShowing(one, false)).as("an ordinary run with off-heap and the object graph").isFalse();
        assertThat(CaseStudyAttempt.worthShowing(one, true)).as("a case-study run, or one with the services").isTrue();
        assertThat(two.stream().filter(CaseStudyAttempt::measuredHere)).hasSize(2);
        assertThat(CaseStudyAttempt.worthShowing(two, false)).as("the parts of --profile case-study rendered together").isTrue();
    }

    @Test
    void aCapacitySweepShowsTheHitRatesAndABallastIsTheSameCellWithALargerHeap() {
        CellResult small = cell("object-graph", "g1", 20);
        CellResult large = cell("object-graph", "g1", 30);
        small = changed(small, d -> new CellDescription(d.id() + "-250k", d.store(), d.collector(), d.jdk(), 250_000, d.workload(),
                d.workloadParameters(), 2_000_000, d.requestedRate(), d.durationSeconds(), d.warmupSeconds(), d.workers(), d.seed(), d.heap(),
                d.periodicGc(), d.repeat(), d.jvmFlags(), d.runId(), d.attempt(), d.gcFlags()), new StoreFigures(60, 40, 0.6, 0, 0, 0, "x", null, null, null, null));
        large = changed(large, d -> new CellDescription(d.id() + "-2M", d.store(), d.collector(), d.jdk(), 2_000_000, d.workload(),
                d.workloadParameters(), 2_000_000, d.requestedRate(), d.durationSeconds(), d.warmupSeconds(), d.workers(), d.seed(), "8g",
                d.periodicGc(), d.repeat(), d.jvmFlags(), d.runId(), d.attempt(), d.gcFlags()), new StoreFigures(99, 1, 0.99, 0, 0, 0, "x", null, null, null, null));
        CellResult ballast = changed(cell("off-heap", "g1", 3), d -> new CellDescription(d.id() + "-big", d.store(), d.collector(), d.jdk(),
                d.capacity(), d.workload(), d.workloadParameters(), d.populationStates(), d.requestedRate(), d.durationSeconds(), d.warmupSeconds(),
                d.workers(), d.seed(), "4g", d.periodicGc(), d.repeat(), d.jvmFlags(), d.runId(), d.attempt(), d.gcFlags()), null);
        CellResult plain = cell("off-heap", "g1", 3);

        List<CaseStudyAttempt> attempts = CaseStudyAttempt.compute(List.of(small, large, ballast, plain), logs::get, r -> null);

        CaseStudyAttempt capacity = find(attempts, "reduce the LRU's capacity");
        assertThat(capacity.measured()).startsWith("hit rate 60.0 % at 250,000 states, 99.0 % at 2,000,000; the larger cache");
        assertThat(capacity.verdict()).startsWith("the larger cache: p99.9 ×1.50 ").endsWith("higher than the smaller's");
        CaseStudyAttempt heap = find(attempts, "a memory ballast");
        assertThat(heap.verdict()).startsWith("heap 4g: p99.9 ×1.00 ").endsWith("not distinguishable from heap 1g's");
        assertThat(find(attempts, "\"a larger cache is better\"").measured()).startsWith("not in this report: ");
    }
    private CellResult tuned(CellResult r, String heap, List<String> gcFlags) {
        return changed(r, d -> new CellDescription(d.id() + heap + gcFlags, d.store(), d.collector(), d.jdk(), d.capacity(), d.workload(),
                d.workloadParameters(), d.populationStates(), d.requestedRate(), d.durationSeconds(), d.warmupSeconds(), d.workers(), d.seed(), heap,
                d.periodicGc(), d.repeat(), d.jvmFlags(), d.runId(), d.attempt(), gcFlags), null);
    }

    /**
     * Regression: the knob and ballast rows took the first pair the run had, which in a run of
     * G1, ZGC and Epsilon was Epsilon's — a collector knob and a heap size mean nothing to a
     * collector that never collects.
     */
    @Test
    void knobAndBallastRowsAreACollectingCollectorsCellsWithTheirFlagsNeverEpsilons() {
        List<String> knobs = List.of("-XX:SoftMaxHeapSize=1g");
        List<CellResult> cells = List.of(
                tuned(cell("object-graph", "epsilon", 2), "3g", List.of()), tuned(cell("object-graph", "epsilon", 2), "3g", knobs),
                tuned(cell("object-graph", "epsilon", 2), "12g", List.of()),
                tuned(cell("object-graph", "zgc", 20), "3g", List.of()), tuned(cell("object-graph", "zgc", 10), "3g", knobs),
                tuned(cell("object-graph", "zgc", 20), "12g", List.of()));

        List<CaseStudyAttempt> attempts = CaseStudyAttempt.compute(cells, logs::get, r -> null);

        CaseStudyAttempt knob = find(attempts, "dynamic GOGC tuning");
        assertThat(knob.measured()).startsWith("with -XX:SoftMaxHeapSize=1g (object-graph under zgc");
        assertThat(knob.verdict()).startsWith("with -XX:SoftMaxHeapSize=1g: p99.9 ×0.50 ");
        assertThat(find(attempts, "a memory ballast").measured()).startsWith("heap 12g (object-graph under zgc");
    }

    /**
     * Regression: with the parts of {@code --profile case-study} in one report, the off-heap row took
     * the first run's pair — the cache-size sweep's at 2M states — rather than the services' at 10M,
     * where the collector's cost on the object graph is what the row is about.
     */
    @Test
    void withPairsInSeveralRunsTheOffHeapRowTakesTheLargestLiveSet() {
        List<CellResult> small = List.of(atCapacity(cell("object-graph", "g1", 6), "a-cache-size", 2_000_000),
                atCapacity(cell("off-heap", "g1", 4), "a-cache-size", 2_000_000));
        List<CellResult> large = List.of(atCapacity(cell("object-graph", "g1", 40), "b-services", 10_000_000),
                atCapacity(cell("off-heap", "g1", 1), "b-services", 10_000_000));
        List<CellResult> cells = new ArrayList<>(small);
        cells.addAll(large);

        CaseStudyAttempt offHeap = find(CaseStudyAttempt.compute(cells, logs::get, r -> null), "off-heap structures");

        assertThat(offHeap.measured()).startsWith("off-heap (off-heap under g1, JDK 25, 10,000,000 states)");
        assertThat(offHeap.verdict()).startsWith("off-heap: p99.9 ×0.03 ");
    }

    private CellResult atCapacity(CellResult r, String runId, long capacity) {
        return changed(r, d -> new CellDescription(d.id() + "-" + runId, d.store(), d.collector(), d.jdk(), capacity, d.workload(),
                d.workloadParameters(), capacity, d.requestedRate(), d.durationSeconds(), d.warmupSeconds(), d.workers(), d.seed(), d.heap(),
                d.periodicGc(), d.repeat(), d.jvmFlags(), runId, d.attempt(), d.gcFlags()), null);
    }
}
