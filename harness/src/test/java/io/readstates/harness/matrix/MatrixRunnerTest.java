package io.readstates.harness.matrix;

import io.readstates.harness.cell.CellSettings;
import io.readstates.harness.cell.CellSpec;
import io.readstates.harness.cell.CellSpecFile;
import io.readstates.harness.cli.CellMain;
import io.readstates.harness.gc.Collector;
import io.readstates.results.CellResult;
import io.readstates.results.ResultFiles;
import io.readstates.results.RunManifest;
import io.readstates.store.registry.StoreKind;
import io.readstates.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The matrix runner with real child JVMs: cells run in their own JVM with the collector's flags, a
 * cell that runs out of memory is recorded as such while the others run, and a re-run resumes.
 */
class MatrixRunnerTest {

    private static MatrixPlan plan(List<StoreKind> stores, List<Collector> collectors, long capacity, String heap) {
        return new MatrixPlan("test", stores, collectors, List.of(JdkLocator.current()), List.of(capacity), Duration.ZERO, heap, false, 1,
                settings(2_000).build());
    }

    /** A JDK home whose launcher fails if it is ever started: cells on it must be refused, not launched. */
    private static Path fakeJdk(Path dir, String version) throws Exception {
        Path home = dir.resolve("jdk-" + version);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.writeString(home.resolve("bin").resolve("java"), "#!/bin/sh\nexit 99\n");
        java.toFile().setExecutable(true);
        return home;
    }

    private static MatrixPlan planOn(Path jdk, List<StoreKind> stores, List<Collector> collectors, boolean compactHeaders) {
        return new MatrixPlan("test", stores, collectors, List.of(jdk), List.of(1_000L), Duration.ZERO, "auto", compactHeaders, 1,
                settings(1_000).build());
    }

    /** Small cells: the small workload for a second, no warm-up, write-behind 1 s. */
    private static CellSettings.Builder settings(long rate) {
        return CellSettings.builder().workload(WorkloadSpec.SMALL).rate(rate).duration(Duration.ofSeconds(1)).warmup(Duration.ZERO).seed(3)
                .writeBehind(Duration.ofSeconds(1)).shards(4);
    }

    @Test
    void aJdkOlderThanTheCellBuildIsRecordedWithItsReasonAndNotLaunched(@TempDir Path dir) throws Exception {
        MatrixPlan plan = planOn(fakeJdk(dir, "11.0.2"), List.of(StoreKind.OBJECT_GRAPH), List.of(Collector.G1), false);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        MatrixRunner.Summary summary = new MatrixRunner(plan, dir.resolve("run"), new PrintStream(log, true), "test", List.of("test")).run(plan.cells());
        assertThat(summary.ran()).isZero();
        CellResult r = ResultFiles.readCell(dir.resolve("run").resolve("cells").resolve("object-graph__g1__1k__jdk11"));
        assertThat(r.status()).isEqualTo("unsupported-jdk");
        assertThat(r.error()).contains("JDK 11 cannot run cells").contains("built for Java 17");
        assertThat(log.toString()).contains("not run").contains("not runnable on their JDK");
    }

    @Test
    void onJdk17FfmStoresAndNewerCollectorsAreSkippedWithTheirReasonWhileOthersWouldRun(@TempDir Path dir) throws Exception {
        Path jdk17 = fakeJdk(dir, "17.0.15");
        MatrixPlan plan = planOn(jdk17, List.of(StoreKind.OFF_HEAP, StoreKind.PRIMITIVE_ARRAYS), List.of(Collector.SHENANDOAH_GENERATIONAL, Collector.G1), false);
        MatrixRunner runner = new MatrixRunner(plan, dir.resolve("run"), new PrintStream(new ByteArrayOutputStream(), true), "test", List.of("test"));
        Map<String, Optional<String>> reasons = plan.cells().stream().collect(Collectors.toMap(MatrixPlan.Cell::id, runner::unsupportedOnItsJdk));

        assertThat(reasons.get("off-heap__g1__1k__jdk17")).hasValueSatisfying(r -> assertThat(r).contains("FFM").contains("Java 22"));
        assertThat(reasons.get("primitive-arrays__shenandoah-gen__1k__jdk17")).hasValueSatisfying(r -> assertThat(r).contains("Java 25"));
        assertThat(reasons.get("primitive-arrays__g1__1k__jdk17")).isEmpty();
        assertThat(runner.command(plan.cells().stream().filter(c -> c.id().equals("primitive-arrays__g1__1k__jdk17")).findFirst().orElseThrow(), dir))
                .as("JDK 17 does not know --sun-misc-unsafe-memory-access").noneMatch(a -> a.startsWith("--sun-misc-unsafe-memory-access"));

        MatrixPlan compact = planOn(jdk17, List.of(StoreKind.PRIMITIVE_ARRAYS), List.of(Collector.G1), true);
        assertThat(new MatrixRunner(compact, dir.resolve("run2"), new PrintStream(new ByteArrayOutputStream(), true), "test", List.of("test"))
                .unsupportedOnItsJdk(compact.cells().get(0))).hasValueSatisfying(r -> assertThat(r).contains("UseCompactObjectHeaders"));
    }

    @Test
    void runsEachCellInItsOwnJvmRecordsFailuresAndResumes(@TempDir Path dir) throws Exception {
        MatrixPlan ok = plan(List.of(StoreKind.OBJECT_GRAPH, StoreKind.OFF_HEAP), List.of(Collector.G1, Collector.EPSILON), 5_000, "auto");
        MatrixPlan oom = plan(List.of(StoreKind.OBJECT_GRAPH), List.of(Collector.SHENANDOAH), 3_000_000, "48m");
        List<MatrixPlan.Cell> cells = Stream.concat(oom.cells().stream(), ok.cells().stream()).toList();
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        MatrixRunner.Summary first = new MatrixRunner(ok, dir, new PrintStream(log, true), "test", List.of("test")).run(cells);

        assertThat(first.ran()).isEqualTo(5);
        assertThat(first.failed()).isEqualTo(1);
        CellResult crashed = ResultFiles.readCell(dir.resolve("cells").resolve(oom.cells().get(0).id()));
        assertThat(crashed.status()).isEqualTo("out-of-memory");
        assertThat(crashed.error()).contains("exit status");
        for (MatrixPlan.Cell c : ok.cells()) {
            Path cellDir = dir.resolve("cells").resolve(c.id());
            CellResult r = ResultFiles.readCell(cellDir);
            assertThat(r.status()).as(c.id()).isEqualTo("ok");
            assertThat(r.environment().inputArguments()).as(c.id()).containsAll(c.collector().jvmFlags(Duration.ZERO));
            assertThat(Files.size(cellDir.resolve(ResultFiles.GC_LOG))).as(c.id()).isPositive();
            assertThat(cellDir.resolve(io.readstates.harness.latency.ExternalHiccupControl.FILE)).as(c.id() + ": the out-of-process control ran beside it")
                    .isNotEmptyFile();
        }
        CellResult epsilon = ResultFiles.readCell(dir.resolve("cells").resolve("off-heap__epsilon__5k__jdk" + JdkLocator.label(JdkLocator.current())));
        assertThat(epsilon.gc().pauseCount()).isZero();
        assertThat(epsilon.footprint().heapBytes()).isNull();
        assertThat(ResultFiles.read(dir.resolve(RunManifest.FILE), RunManifest.class).cells()).hasSize(5);
        assertThat(log.toString()).contains("[1/5]").contains("left after this cell");

        Path interrupted = dir.resolve("cells").resolve(ok.cells().get(0).id());
        Files.delete(interrupted.resolve(ResultFiles.CELL_JSON));
        MatrixRunner.Summary second = new MatrixRunner(ok, dir, new PrintStream(log, true), "test", List.of("test")).run(cells);

        assertThat(second.skipped()).isEqualTo(4);
        assertThat(second.ran()).isEqualTo(1);
        assertThat(ResultFiles.readCell(interrupted).status()).isEqualTo("ok");
        try (Stream<Path> s = Files.list(dir.resolve("cells"))) {
            assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith(ok.cells().get(0).id() + ".incomplete-"));
        }
    }

    /** A JDK 25 home whose launcher runs {@code body} as a shell script, with {@code $out} set to the cell's --out. */
    private static Path scriptedJdk(Path dir, String name, String body) throws Exception {
        Path home = dir.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
        Path java = Files.writeString(home.resolve("bin").resolve("java"),
                "#!/bin/sh\nout=\"\"; prev=\"\"\nfor a in \"$@\"; do [ \"$prev\" = \"--spec\" ] && out=$(dirname \"$a\"); prev=\"$a\"; done\n" + body + "\n");
        java.toFile().setExecutable(true);
        return home;
    }

    private static MatrixRunner runner(MatrixPlan plan, Path runDir, ByteArrayOutputStream log, boolean retryFailed) {
        return new MatrixRunner(plan, runDir, new PrintStream(log, true), "test", List.of("test"), new MatrixRunner.Options(retryFailed, null));
    }

    @Test
    void aResultWrittenByAnotherProcessIsNotAdopted(@TempDir Path dir) throws Exception {
        Path template = dir.resolve("foreign.json");
        CellResult foreign = CellResult.failure("timeout", "measured by an orphan", new io.readstates.results.CellDescription("object-graph__g1__1k__jdk25",
                "object-graph", "g1", "25", 1_000, "small", null, 0, 1_000, 1, 0, 1, 3, "1g", "PT0S", 1, List.of(), "old-run", "orphan-token", List.of()), null);
        ResultFiles.writeAtomically(template, foreign);
        Path jdk = scriptedJdk(dir, "jdk-orphan", "cp " + template + " \"$out/cell.json\"; exit 0");
        MatrixPlan plan = planOn(jdk, List.of(StoreKind.OBJECT_GRAPH), List.of(Collector.G1), false);
        Path runDir = dir.resolve("run");

        MatrixRunner.Summary summary = runner(plan, runDir, new ByteArrayOutputStream(), false).run(plan.cells());

        Path cellDir = runDir.resolve("cells").resolve(plan.cells().get(0).id());
        CellResult r = ResultFiles.readCell(cellDir);
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.error()).contains("written by another process").contains("orphan-token");
        assertThat(r.cell().attempt()).isNotNull().isNotEqualTo("orphan-token");
        assertThat(summary.unclean()).isEqualTo(1);
        try (Stream<Path> files = Files.list(cellDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("cell.json.foreign-"));
        }
    }

    @Test
    void aFailedCellRecordsItsCauseAndLeavesNoBackingFile(@TempDir Path dir) throws Exception {
        Path jdk = scriptedJdk(dir, "jdk-crash", "echo x > \"$out/backing.db\"\necho 'cell starting'\n"
                + "echo 'Exception in thread \"main\" java.lang.IllegalStateException: boom'\necho '\tat a.B.c(B.java:1)'\nexit 1");
        MatrixPlan plan = planOn(jdk, List.of(StoreKind.OBJECT_GRAPH), List.of(Collector.G1), false);
        Path runDir = dir.resolve("run");

        runner(plan, runDir, new ByteArrayOutputStream(), false).run(plan.cells());

        Path cellDir = runDir.resolve("cells").resolve(plan.cells().get(0).id());
        CellResult r = ResultFiles.readCell(cellDir);
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.error()).startsWith("java.lang.IllegalStateException: boom").doesNotContain("a.B.c");
        assertThat(cellDir.resolve("backing.db")).doesNotExist();
    }

    @Test
    void aResumeRetriesFailedCellsOnlyWhenAskedAndNeverCallsTheRunClean(@TempDir Path dir) throws Exception {
        Path jdk = scriptedJdk(dir, "jdk-fails", "echo 'error: no luck'; exit 1");
        MatrixPlan plan = planOn(jdk, List.of(StoreKind.OBJECT_GRAPH), List.of(Collector.G1), false);
        Path runDir = dir.resolve("run");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        MatrixRunner.Summary first = runner(plan, runDir, log, false).run(plan.cells());
        MatrixRunner.Summary kept = runner(plan, runDir, log, false).run(plan.cells());
        MatrixRunner.Summary retried = runner(plan, runDir, log, true).run(plan.cells());

        assertThat(first.unclean()).isEqualTo(1);
        assertThat(kept.ran()).isZero();
        assertThat(kept.unclean()).as("a resumed run holding a failed cell is not clean").isEqualTo(1);
        assertThat(log.toString()).contains("kept as failed (--retry-failed runs it again)");
        assertThat(retried.ran()).isEqualTo(1);
        try (Stream<Path> s = Files.list(runDir.resolve("cells"))) {
            assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith(plan.cells().get(0).id() + ".retried-"));
        }
    }

    @Test
    void aResumeWithADifferentPlanIsRefusedBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Path jdk = fakeJdk(dir, "11.0.2");
        MatrixPlan plan = planOn(jdk, List.of(StoreKind.OBJECT_GRAPH), List.of(Collector.G1), false);
        Path runDir = dir.resolve("run");
        runner(plan, runDir, new ByteArrayOutputStream(), false).run(plan.cells());
        MatrixPlan faster = new MatrixPlan("test", plan.stores(), plan.collectors(), plan.jdks(), plan.capacities(), plan.periodicGc(),
                plan.heaps().get(0), false, 1, plan.settings().toBuilder().rate(2_000).build());

        assertThatThrownBy(() -> runner(faster, runDir, new ByteArrayOutputStream(), false).run(faster.cells()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refusing to resume").hasMessageContaining("rate was 1000, now 2000");
        String manifest = Files.readString(runDir.resolve(RunManifest.FILE));
        assertThat(ResultFiles.read(runDir.resolve(RunManifest.FILE), RunManifest.class).plan()).containsEntry("rate", "1000");
        assertThat(manifest).contains("\"runId\"");
    }

    @Test
    void aCellTheMatrixRecordsSaysItsPeriodicCycleAsACellsOwnResultDoes(@TempDir Path dir) throws Exception {
        Path jdk = fakeJdk(dir, "11.0.2");
        MatrixPlan plan = new MatrixPlan("test", List.of(StoreKind.OBJECT_GRAPH), List.of(Collector.G1), List.of(jdk), List.of(1_000L),
                Duration.ofSeconds(20), "auto", false, 1, settings(1_000).build());
        Path runDir = dir.resolve("run");
        runner(plan, runDir, new ByteArrayOutputStream(), false).run(plan.cells());

        CellResult recorded = ResultFiles.readCell(runDir.resolve("cells").resolve(plan.cells().get(0).id()));
        assertThat(recorded.status()).isEqualTo(CellResult.UNSUPPORTED_JDK);
        assertThat(recorded.cell().periodicGc()).as("the form a cell writes, so that gates match the two").isEqualTo("20000ms");
        assertThat(ResultFiles.read(runDir.resolve(RunManifest.FILE), RunManifest.class).periodicGc()).isEqualTo("20000ms");
    }

    @Test
    void backingFilesOfDeadAttemptsAreSweptWhenARunStarts(@TempDir Path dir) throws Exception {
        MatrixPlan plan = planOn(fakeJdk(dir, "11.0.2"), List.of(StoreKind.OBJECT_GRAPH), List.of(Collector.G1), false);
        Path runDir = dir.resolve("run");
        Path aside = runDir.resolve("cells").resolve("object-graph__g1__1k__jdk11.incomplete-1");
        Files.createDirectories(aside);
        Files.writeString(aside.resolve("backing.db"), "x");
        Files.writeString(aside.resolve(ResultFiles.CELL_LOG), "kept");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        runner(plan, runDir, log, false).run(plan.cells());

        assertThat(aside.resolve("backing.db")).doesNotExist();
        assertThat(aside.resolve(ResultFiles.CELL_LOG)).as("logs are never swept").exists();
        assertThat(log.toString()).contains("removed backing-store files left by earlier attempts");
    }

    @Test
    void aWindowShorterThanAMillisecondReachesTheCellExactly(@TempDir Path dir) {
        MatrixPlan plan = new MatrixPlan("test", List.of(StoreKind.OBJECT_GRAPH), List.of(Collector.G1), List.of(JdkLocator.current()),
                List.of(1_000L), Duration.ZERO, "auto", false, 1,
                settings(1_000).duration(Duration.ofNanos(700_001)).writeBehind(Duration.ofMillis(1500)).build());
        MatrixRunner runner = new MatrixRunner(plan, dir, new PrintStream(new ByteArrayOutputStream(), true), "test", List.of("test"));
        List<String> cmd = runner.command(plan.cells().get(0), dir);
        assertThat(cmd).endsWith(CellMain.class.getName(), "--spec", dir.resolve(CellSpecFile.FILE).toString());

        CellSpec read = CellSpecFile.read(CellSpecFile.write(dir, runner.plannedSpec(plan.cells().get(0))));
        assertThat(read.settings().duration()).isEqualTo(Duration.ofNanos(700_001));
        assertThat(read.settings().writeBehind()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aRedisCellWithoutAServerAsksForDebiansPackageAndNoOtherCellDoes() {
        Path jdk = Path.of("/usr/lib/jvm/any");
        MatrixPlan.Cell redis = new MatrixPlan.Cell("redis__g1__1k", StoreKind.REDIS, Collector.G1, jdk, "jdk25", 1000, 1, "1g");
        MatrixPlan.Cell objectGraph = new MatrixPlan.Cell("object-graph__g1__1k", StoreKind.OBJECT_GRAPH, Collector.G1, jdk, "jdk25", 1000, 1, "1g");

        assertThat(MatrixRunner.missingPackages(redis, () -> true)).containsExactly("redis-server");
        assertThat(MatrixRunner.missingPackages(redis, () -> false)).isEmpty();
        assertThat(MatrixRunner.missingPackages(objectGraph, () -> {
            throw new AssertionError("only a Redis cell looks for a server");
        })).isEmpty();
        assertThat(DebianPackages.installCommand(List.of("redis-server")))
                .last().asString().contains("apt-get install -y").endsWith("redis-server");
    }
}
