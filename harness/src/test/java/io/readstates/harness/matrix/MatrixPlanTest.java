package io.readstates.harness.matrix;

import io.readstates.workload.WorkloadSpec;
import io.readstates.harness.cell.CellSettings;
import io.readstates.harness.cell.BackingSpec;
import io.readstates.harness.gc.Collector;
import io.readstates.store.registry.StoreKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The order cells run in and how a matrix is spread over machines decide what a comparison can mean. */
class MatrixPlanTest {
    private static final List<Collector> COLLECTORS = List.of(Collector.G1, Collector.ZGC, Collector.SHENANDOAH, Collector.EPSILON);

    private static MatrixPlan plan(int repeats, long seed) {
        return new MatrixPlan("test", List.of(StoreKind.OFF_HEAP, StoreKind.OBJECT_GRAPH, StoreKind.PRIMITIVE_ARRAYS), COLLECTORS,
                List.of(JdkLocator.current()), List.of(1_000L, 2_000L), Duration.ZERO, "auto", false, repeats,
                CellSettings.builder().workload(WorkloadSpec.SMALL).rate(1_000).duration(Duration.ofSeconds(1)).warmup(Duration.ZERO).seed(seed)
                        .writeBehind(Duration.ofSeconds(1)).shards(4).build());
    }

    @Test
    void aShardHoldsWholeComparisonGroupsSoNoCollectorIsComparedAcrossMachines() {
        MatrixPlan p = plan(2, 42);
        int n = COLLECTORS.size();
        Map<String, Set<Integer>> shardsOfGroup = new java.util.HashMap<>();
        int total = 0;
        for (int k = 1; k <= n; k++) {
            List<MatrixPlan.Cell> shard = p.shard(k, n);
            total += shard.size();
            for (MatrixPlan.Cell c : shard) {
                shardsOfGroup.computeIfAbsent(MatrixPlan.comparisonGroup(c), g -> new HashSet<>()).add(k);
            }
            assertThat(shard.stream().map(MatrixPlan.Cell::collector).collect(Collectors.toSet()))
                    .as("shard %d of %d runs every collector", k, n).containsExactlyInAnyOrderElementsOf(COLLECTORS);
        }
        assertThat(total).isEqualTo(p.cells().size());
        assertThat(shardsOfGroup.values()).allMatch(s -> s.size() == 1);
    }

    @Test
    void cellsAreShuffledWithinEachRoundReproduciblyAndRoundsStayInterleaved() {
        List<MatrixPlan.Cell> cells = plan(3, 42).cells();
        int perRound = cells.size() / 3;
        for (int r = 0; r < 3; r++) {
            List<MatrixPlan.Cell> round = cells.subList(r * perRound, (r + 1) * perRound);
            int repeat = r + 1;
            assertThat(round).allMatch(c -> c.repeat() == repeat);
        }
        assertThat(plan(3, 42).cells()).isEqualTo(cells);
        assertThat(plan(3, 7).cells()).isNotEqualTo(cells);
        List<Collector> lastOfEachStore = cells.subList(0, perRound).stream()
                .collect(Collectors.groupingBy(c -> c.store().cliName() + c.capacity(), Collectors.reducing((a, b) -> b)))
                .values().stream().map(o -> o.orElseThrow().collector()).toList();
        assertThat(lastOfEachStore).as("Epsilon is not always the last cell of a store").anyMatch(c -> c != Collector.EPSILON);
    }

    @Test
    void everyProfileExercisesTheWriteBehindItClaimsToMeasure() {
        for (MatrixProfile p : MatrixProfile.values()) {
            ProfileDefaults d = p.defaults();
            assertThat(d.settings().writeBehind()).as(p.cliName() + ": write-behind shorter than warm-up + window")
                    .isLessThan(d.settings().warmup().plus(d.settings().duration()));
        }
        MatrixPlan longDelay = new MatrixPlan("test", List.of(StoreKind.OFF_HEAP), List.of(Collector.G1), List.of(JdkLocator.current()),
                List.of(1_000L), Duration.ZERO, "auto", false, 1,
                CellSettings.builder().workload(WorkloadSpec.SMALL).rate(1_000).duration(Duration.ofSeconds(20)).warmup(Duration.ofSeconds(5))
                        .writeBehind(Duration.ofSeconds(30)).shards(4).build());
        assertThat(longDelay.warnings()).singleElement().asString().contains("flusher's cost is not measured");
    }

    @Test
    void eachServiceIsOneRowPerCapacityAndRepeatKeptWithItsNoCollectionTwinInOneShard() {
        MatrixPlan base = plan(2, 42);
        MatrixPlan p = new MatrixPlan(base.profile(), base.stores(), base.collectors(), base.jdks(), base.capacities(), base.periodicGc(), base.heaps().get(0),
                base.compactHeaders(), base.repeats(), base.settings(),
                List.of(io.readstates.harness.service.ServiceKind.GO, io.readstates.harness.service.ServiceKind.GO_GOGC_OFF,
                        io.readstates.harness.service.ServiceKind.RUST_BTREE));
        List<MatrixPlan.Cell> services = p.cells().stream().filter(c -> c.service() != null).toList();
        assertThat(services).hasSize(3 * 2 * 2);
        assertThat(p.cells()).hasSize(base.cells().size() + services.size());
        assertThat(services).extracting(MatrixPlan.Cell::id).contains("go-lru__go-gc__1k__go__r1", "go-lru__gogc-off__2k__go__r2",
                "rust-btree__none__1k__rust__r1");
        assertThat(services).allMatch(c -> c.collector() == null && c.jdk() == null && c.heap().equals(MatrixPlan.SERVICE_HEAP));
        assertThat(p.resumeSettings()).containsEntry("services", "go,go-gogc-off,rust-btree");
        assertThat(p.cellSpec(services.stream().filter(c -> c.service() == io.readstates.harness.service.ServiceKind.GO).findFirst().orElseThrow(),
                "rev", "run", null).labels().periodicGc()).as("Go forces a cycle every two minutes").isEqualTo("120000ms");
        for (int k = 1; k <= 3; k++) {
            List<String> ids = p.shard(k, 3).stream().map(MatrixPlan.Cell::id).toList();
            for (String id : ids) {
                if (id.startsWith("go-lru__go-gc__")) {
                    assertThat(ids).as("the Go cell and its GOGC=off baseline share a shard").contains(id.replace("__go-gc__", "__gogc-off__"));
                }
            }
        }
        p.checkFitsMachine(24L << 30);
    }
    private static MatrixPlan variants(List<String> heaps, List<List<String>> flagSets) {
        return new MatrixPlan("test", List.of(StoreKind.OFF_HEAP), List.of(Collector.G1, Collector.EPSILON), List.of(JdkLocator.current()),
                List.of(1_000L), Duration.ZERO, heaps, flagSets, false, 1,
                CellSettings.builder().workload(WorkloadSpec.SMALL).rate(1_000).duration(Duration.ofSeconds(1)).warmup(Duration.ZERO)
                        .writeBehind(Duration.ofSeconds(1)).build(), List.of());
    }

    /** Issue 17: the memory-ballast and collector-knob attempts need one run with a cell at two heaps and with and without a knob. */
    @Test
    void heapsAndFlagSetsAreDimensionsWithTheirOwnCellIdsAndFlags() {
        MatrixPlan p = variants(List.of("2g", "8g"), List.of(List.of(), List.of("-XX:SoftMaxHeapSize=1g", "-XX:MaxGCPauseMillis=50")));
        List<MatrixPlan.Cell> cells = p.cells();
        assertThat(cells).hasSize(2 * 2 * 2);
        assertThat(cells.stream().map(MatrixPlan.Cell::id)).doesNotHaveDuplicates()
                .contains("off-heap__g1__1k__jdk" + JdkLocator.label(JdkLocator.current()) + "__heap8g__SoftMaxHeapSize=1g+MaxGCPauseMillis=50",
                        "off-heap__epsilon__1k__jdk" + JdkLocator.label(JdkLocator.current()) + "__heap2g__none");
        MatrixPlan.Cell tuned = cells.stream().filter(c -> c.heap().equals("8g") && !c.gcFlags().isEmpty() && c.collector() == Collector.G1)
                .findFirst().orElseThrow();
        assertThat(p.cellSpec(tuned, "rev", "run", "a").labels().gcFlags()).containsExactly("-XX:SoftMaxHeapSize=1g", "-XX:MaxGCPauseMillis=50");
        assertThat(p.resumeSettings()).containsEntry("heap", "2g,8g").containsEntry("gc-flags", "[none, SoftMaxHeapSize=1g+MaxGCPauseMillis=50]");
        assertThat(variants(List.of("auto"), List.of(List.of())).resumeSettings()).as("a plain run resumes as before").doesNotContainKey("gc-flags");
        assertThat(variants(List.of("auto"), List.of(List.of())).cells()).extracting(MatrixPlan.Cell::id)
                .allMatch(id -> !id.contains("__heap") && !id.contains("none"));
    }

    @Test
    void aFlagSetThatIsNotXxOptionsIsRefusedWithWhatWouldBeRight() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> variants(List.of("auto"), List.of(List.of("-Xmx4g"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--gc-flags takes -XX: options").hasMessageContaining("'-Xmx4g'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> variants(List.of("4g", "4g"), List.of(List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--heap names a heap twice");
    }
}
