package io.readstates.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code trace} records a workload; {@code replay} applies it to stores, whose dumps must agree. */
class ReplayCommandTest {
    private static int run(String... args) {
        var cl = ReadStatesCli.commandLine();
        cl.setErr(new PrintWriter(new ByteArrayOutputStream(), true));
        return cl.execute(args);
    }

    @Test
    void everyStoreEndsWithTheSameBackingStoreAndStrictLruStoresWithTheSameResidents(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("t.csv");
        assertThat(run("trace", "--out", trace.toString(), "--workload", "small", "--capacity", "300", "--operations", "20000", "--seed", "9")).isZero();
        for (String store : new String[] {"object-graph", "primitive-arrays", "off-heap", "b-tree", "chronicle-map", "caffeine", "sharded"}) {
            assertThat(run("replay", "--trace", trace.toString(), "--store", store, "--capacity", "300", "--shards", "4",
                    "--resident-out", dir.resolve(store + "-resident.csv").toString(),
                    "--backing-out", dir.resolve(store + "-backing.csv").toString())).as(store).isZero();
        }
        String backing = Files.readString(dir.resolve("object-graph-backing.csv"));
        assertThat(backing.lines().count()).isGreaterThan(100);
        for (String store : new String[] {"primitive-arrays", "off-heap", "b-tree", "chronicle-map", "caffeine", "sharded"}) {
            assertThat(Files.readString(dir.resolve(store + "-backing.csv"))).as(store).isEqualTo(backing);
        }
        String resident = Files.readString(dir.resolve("object-graph-resident.csv"));
        assertThat(resident.lines().count()).isEqualTo(301);
        assertThat(Files.readString(dir.resolve("off-heap-resident.csv"))).isEqualTo(resident);
        assertThat(Files.readString(dir.resolve("primitive-arrays-resident.csv"))).isEqualTo(resident);
        assertThat(Files.readString(dir.resolve("b-tree-resident.csv"))).isEqualTo(resident);
    }

    @Test
    void aCellReplaysATraceAtItsRecordedTimingInsteadOfTheWorkload(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("t.csv");
        assertThat(run("trace", "--out", trace.toString(), "--workload", "small", "--capacity", "2000", "--operations", "6000",
                "--rate", "4000", "--seed", "5")).isZero();
        Path cell = dir.resolve("cell");
        assertThat(run("cell", "--out", cell.toString(), "--store", "off-heap", "--capacity", "2000", "--workload", "small", "--seed", "5",
                "--warmup", "500ms", "--trace", trace.toString(), "--trace-speed", "2", "--backing", "memory")).isZero();
        var result = io.readstates.results.ResultFiles.readCell(cell);
        assertThat(result.run().scheduledOperations()).isEqualTo(6000);
        assertThat(result.run().completedOperations()).isEqualTo(6000);
        assertThat(result.cell().workload()).isEqualTo("trace t.csv");
        assertThat(result.cell().workloadParameters()).contains("recorded timing").contains("6000 operations");
        assertThat(result.run().requestedRate()).isBetween(7_500.0, 8_100.0);
        assertThat(result.cell().durationSeconds()).isBetween(0.7, 0.8);
    }

    @Test
    void aTraceTimingThatDoesNotExistIsABadInput(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("t.csv");
        assertThat(run("trace", "--out", trace.toString(), "--workload", "small", "--capacity", "100", "--operations", "100")).isZero();
        assertThat(run("cell", "--out", dir.resolve("c").toString(), "--trace", trace.toString(), "--trace-timing", "sometimes")).isEqualTo(2);
    }

    @Test
    void aBrokenTraceIsABadInput(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("bad.csv");
        Files.writeString(trace, "op,user,channel,message_id\nmention,1,x,2\n");
        assertThat(run("replay", "--trace", trace.toString(), "--store", "off-heap", "--capacity", "10")).isEqualTo(2);
    }
}
