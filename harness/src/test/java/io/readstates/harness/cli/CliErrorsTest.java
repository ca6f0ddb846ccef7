package io.readstates.harness.cli;

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
    void anUnknownProfileIsNamed() {
        Outcome o = run("matrix", "--dry-run", "--profile", "huge");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("unknown profile 'huge'; known profiles: smoke, quick, scaling, cache-size, full");
    }
}
