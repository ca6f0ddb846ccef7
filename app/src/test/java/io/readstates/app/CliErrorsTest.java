package io.readstates.app;

import io.readstates.harness.cli.Converters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Wrong input gets one line saying what was wrong and what would be right, and exit status 2. */
class CliErrorsTest {
    record Outcome(int status, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var cl = ReadStatesCli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new ByteArrayOutputStream(), true));
        int status = cl.execute(args);
        return new Outcome(status, err.toString().strip());
    }

    @Test
    void anUnknownStoreListsTheKnownOnes(@TempDir Path dir) {
        Outcome o = run("cell", "--out", dir.toString(), "--store", "linked-list");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("unknown store 'linked-list'").contains("object-graph, primitive-arrays, off-heap, b-tree, chronicle-map, caffeine, redis, sharded").doesNotContain("\n");
    }

    @Test
    void aBadDurationSaysWhatADurationLooksLike(@TempDir Path dir) {
        Outcome o = run("cell", "--out", dir.toString(), "--duration", "soon");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("'soon' is not a duration; use e.g. 500ms, 30s, 2m or 1h").doesNotContain("\n");
    }

    @Test
    void anUnknownOptionIsNamed() {
        Outcome o = run("matrix", "--colectors", "g1");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("--colectors").contains("matrix --help");
    }

    @Test
    void anUnknownCollectorIsNamed() {
        Outcome o = run("matrix", "--dry-run", "--collectors", "g1,cms");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("unknown collector 'cms'").contains("shenandoah");
    }

    @Test
    void aNegativeRateIsRejected(@TempDir Path dir) {
        Outcome o = run("cell", "--out", dir.toString(), "--rate", "-5");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("'-5' is not a count");
    }

    @Test
    void aMissingResultDirectoryIsExplained(@TempDir Path dir) {
        Outcome o = run("report", dir.resolve("nope").toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("no result directory at").contains("nope");
    }

    @Test
    void anEarlierCellResultIsNeverOverwritten(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cell.json"), "{}");
        Outcome o = run("cell", "--out", dir.toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("already holds a cell.json");
        assertThat(Files.readString(dir.resolve("cell.json"))).isEqualTo("{}");
    }

    @Test
    void aBadShardIsExplained() {
        Outcome o = run("matrix", "--dry-run", "--shard", "5/4");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("--shard takes K/N with 1 <= K <= N");
    }

    @Test
    void aSpecIsTheWholeCellSoOtherCellOptionsAreRefusedBesideIt(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("cell-spec.json");
        Files.writeString(spec, "{}");
        Outcome o = run("cell", "--spec", spec.toString(), "--rate", "5k", "--store", "off-heap");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("--spec gives the whole cell").contains("--rate").contains("--store").doesNotContain("\n");
        assertThat(dir.resolve("cell.json")).doesNotExist();
    }

    @Test
    void aCellWithoutOutOrSpecSaysWhatIsMissing() {
        Outcome o = run("cell", "--rate", "5k");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("--out is required");
    }

    @Test
    void aTraceTimingWithoutATraceIsRefused(@TempDir Path dir) {
        Outcome o = run("cell", "--out", dir.toString(), "--trace-speed", "2");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("apply to a trace");
    }

    @Test
    void anUnknownProfileIsNamed() {
        Outcome o = run("matrix", "--dry-run", "--profile", "huge");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("unknown profile 'huge'; known profiles: smoke, quick, scaling, cache-size, tail-tax, sawtooth, case-study-services, case-study-services-quick, full, case-study, case-study-quick");
    }

    @Test
    void aGateCannotBeSwitchedOffByANonFiniteNumber(@TempDir Path dir) {
        for (String[] option : new String[][] {{"--tolerance", "NaN"}, {"--floor-ms", "NaN"}, {"--tolerance", "Infinity"}}) {
            Outcome o = run("check", dir.toString(), "--baseline", dir.toString(), option[0], option[1]);
            assertThat(o.status()).as(String.join(" ", option)).isEqualTo(2);
            assertThat(o.err()).contains("is not a finite number").doesNotContain("\n");
        }
    }

    @Test
    void impossiblePlansAreRefusedBeforeAnyDirectoryIsMade(@TempDir Path dir) {
        Path out = dir.resolve("run");
        String[][] cases = {
                {"--heap", "0", "--heap 0 is too small"},
                {"--heap", "1k", "--heap 1k is too small"},
                {"--heap", "2g,2g", "--heap names a heap twice"},
                {"--gc-flags", "-Xmx4g", "--gc-flags takes -XX: options"},
                {"--gc-flags", "-XX:SoftMaxHeapSize=1g; rm", "got '-XX:SoftMaxHeapSize=1g;'"},
                {"--repeats", "0", "--repeats must be between 1 and"},
                {"--workers", "0", "--workers must be between 1 and 64"},
                {"--shards", "0", "--shards must be between 1 and"},
                {"--rate", "0", "--rate must be > 0"},
                {"--duration", "0", "--duration must be > 0"},
                {"--capacities", "99999999999999", "but this machine has"}};
        for (String[] c : cases) {
            for (boolean dryRun : new boolean[] {true, false}) {
                Outcome o = dryRun ? run("matrix", "--profile", "smoke", "--dry-run", "--out", out.toString(), c[0], c[1])
                        : run("matrix", "--profile", "smoke", "--out", out.toString(), c[0], c[1]);
                assertThat(o.status()).as(c[0] + " " + c[1]).isEqualTo(2);
                assertThat(o.err()).as(c[0] + " " + c[1]).contains(c[2]).doesNotContain("\n");
                assertThat(out).as("no run directory for a refused plan").doesNotExist();
            }
        }
    }

    @Test
    void anOutDirectoryThatCannotBeWrittenIsOneLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Outcome o = run("matrix", "--profile", "smoke", "--out", file.resolve("run").toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("--out").doesNotContain("\n");
    }

    @Test
    void aSecondMatrixOnOneRunDirectoryIsRefusedNamingTheFirst(@TempDir Path dir) {
        Path out = dir.resolve("run");
        try (var lock = io.readstates.harness.matrix.RunLock.acquire(out)) {
            Outcome o = run("matrix", "--profile", "smoke", "--out", out.toString());
            assertThat(o.status()).isEqualTo(2);
            assertThat(o.err()).contains("in use by another matrix (PID " + ProcessHandle.current().pid() + ")");
        }
        assertThat(out.resolve("cells")).doesNotExist();
    }

    @Test
    void corruptResultFilesAreUnusableInputNotAStackTrace(@TempDir Path dir) throws Exception {
        Path cell = dir.resolve("run").resolve("cells").resolve("x");
        Files.createDirectories(cell);
        Files.writeString(cell.resolve("cell.json"), "{\"schema\":1,\"status\":\"ok\",\"cel");
        Outcome check = run("check", dir.resolve("run").toString(), "--rule", "off-heap/g1 p99 <= 1");
        assertThat(check.status()).isEqualTo(2);
        assertThat(check.err()).contains("cannot gate").contains("cell.json").doesNotContain("\tat ");
        Outcome report = run("report", dir.resolve("run").toString(), "--out", dir.resolve("report").toString());
        assertThat(report.status()).isEqualTo(2);
        assertThat(report.err()).contains("x: cannot read").doesNotContain("\tat ");
        assertThat(dir.resolve("report").resolve("report.html")).exists();
    }

    @Test
    void durationsAreCarriedExactlyDownToNanoseconds() {
        Converters.DurationConverter c = new Converters.DurationConverter();
        assertThat(c.convert("1500ns")).isEqualTo(java.time.Duration.ofNanos(1500));
        assertThat(c.convert("250us")).isEqualTo(java.time.Duration.ofNanos(250_000));
        assertThat(c.convert("30s")).isEqualTo(java.time.Duration.ofSeconds(30));
    }
}
