package io.readstates.harness.cell;

import io.readstates.harness.driver.WaitStrategy;
import io.readstates.results.UnusableInput;
import io.readstates.store.backing.DelayDistribution;
import io.readstates.store.backing.cassandra.CassandraSettings;
import io.readstates.store.registry.StoreKind;
import io.readstates.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cell contract as a file: what the matrix writes is what the cell reads, and a bad file is one clear error. */
class CellSpecFileTest {

    private static CellSpec spec(Path trace) {
        BackingSpec backing = new BackingSpec(BackingSpec.Kind.CASSANDRA, DelayDistribution.parse("lognormal:median=300us,p99=3ms"),
                DelayDistribution.parse("fixed:1ms"), true, new CassandraSettings(CassandraSettings.parseContactPoints("db-1.example:9142,10.0.0.2"),
                "dc2", "rs", 3, "LOCAL_QUORUM", 64, Duration.ofMinutes(2)));
        CellSettings settings = CellSettings.builder().workload(WorkloadSpec.DISCORD_2019).population(3_000_000).rate(200_000)
                .duration(Duration.ofNanos(45_000_000_001L)).warmup(Duration.ofMillis(1500)).workers(16).seed(-3).interval(Duration.ofMillis(250))
                .writeBehind(Duration.ZERO).shards(64).shardLayout(StoreKind.OFF_HEAP).backing(backing)
                .trace(new TraceReplay(trace, false, 2.5)).waitStrategy(WaitStrategy.PARK).build();
        return new CellSpec("sharded__zgc__2M__jdk25__r3", StoreKind.SHARDED, 2_000_000,
                new CellSpec.Labels("zgc", "25", "8g", CellSpec.periodicGcLabel(Duration.ofSeconds(120)), List.of("-XX:SoftMaxHeapSize=6g")), 3, "abc123", "run-1", "attempt-9", settings);
    }

    @Test
    void everySettingSurvivesTheFileExactly(@TempDir Path dir) {
        CellSpec spec = spec(dir.resolve("t.bin"));
        CellSpec read = CellSpecFile.read(CellSpecFile.write(dir, spec));
        assertThat(read).isEqualTo(spec);
        assertThat(read.settings().duration()).isEqualTo(Duration.ofNanos(45_000_000_001L));
        assertThat(read.labels().periodicGc()).isEqualTo("120000ms");
    }

    @Test
    void theFileSaysValuesInTheWordsUsersType(@TempDir Path dir) throws Exception {
        String json = Files.readString(CellSpecFile.write(dir, spec(dir.resolve("t.bin"))));
        assertThat(json).contains("\"store\" : \"sharded\"").contains("\"shardLayout\" : \"off-heap\"").contains("\"waitStrategy\" : \"park\"")
                .contains("\"load\" : \"lognormal:median=300us,p99=3ms\"").contains("\"kind\" : \"cassandra\"").contains("\"db-1.example:9142\"")
                .contains("\"warmup\" : \"PT1.5S\"").contains("\"name\" : \"discord-2019\"");
    }

    @Test
    void contactPointsAreNotLookedUpWhenTheSpecIsRead(@TempDir Path dir) {
        CellSpec read = CellSpecFile.read(CellSpecFile.write(dir, spec(dir.resolve("t.bin"))));
        assertThat(read.settings().backing().cassandra().contactPoints()).allMatch(a -> a.isUnresolved());
    }

    @Test
    void anInvalidValueIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path file = CellSpecFile.write(dir, spec(dir.resolve("t.bin")));
        Files.writeString(file, Files.readString(file).replace("\"rate\" : 200000", "\"rate\" : -5"));
        assertThatThrownBy(() -> CellSpecFile.read(file)).isInstanceOf(UnusableInput.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("--rate must be > 0");
    }

    @Test
    void anUnknownStoreOrFieldIsRefused(@TempDir Path dir) throws Exception {
        Path file = CellSpecFile.write(dir, spec(dir.resolve("t.bin")));
        String json = Files.readString(file);
        Files.writeString(file, json.replace("\"store\" : \"sharded\"", "\"store\" : \"linked-list\""));
        assertThatThrownBy(() -> CellSpecFile.read(file)).isInstanceOf(UnusableInput.class).hasMessageContaining("unknown store 'linked-list'");
        Files.writeString(file, json.replace("\"rate\" : 200000", "\"rate\" : 200000, \"speed\" : 3"));
        assertThatThrownBy(() -> CellSpecFile.read(file)).isInstanceOf(UnusableInput.class).hasMessageContaining("speed");
        assertThatThrownBy(() -> CellSpecFile.read(dir.resolve("none.json"))).isInstanceOf(UnusableInput.class).hasMessageContaining("no cell spec");
    }
}
