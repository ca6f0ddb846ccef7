package io.readstates.workload.trace;

import io.readstates.workload.Operation;
import io.readstates.workload.OperationStream;
import io.readstates.workload.Population;
import io.readstates.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The binary trace format: what is written is what a mapped reader replays, and a damaged file is refused with where it is damaged. */
class BinaryTraceTest {
    private static final Population POPULATION = new Population(5_000, 10, 1);

    private static OperationStream stream() {
        return new OperationStream(POPULATION, WorkloadSpec.SMALL, 5, 0, 1);
    }

    private static void assertSameOperations(Trace expected, Trace actual) {
        assertThat(actual.size()).isEqualTo(expected.size());
        assertThat(actual.timed()).isEqualTo(expected.timed());
        Operation a = new Operation();
        Operation b = new Operation();
        for (int i = 0; i < expected.size(); i++) {
            expected.get(i, a);
            actual.get(i, b);
            assertThat(b.toString()).as("operation %d", i).isEqualTo(a.toString());
            assertThat(actual.atNanos(i)).as("time of operation %d", i).isEqualTo(expected.atNanos(i));
        }
    }

    @Test
    void aStreamRecordedToDiskReplaysAsTheSameOperationsAsOneRecordedInMemory(@TempDir Path dir) throws IOException {
        Trace inMemory = Trace.record(stream(), 3_000, 2_000);
        Path file = dir.resolve("t.bin");
        BinaryTraceFormat.record(stream(), 3_000, 2_000, file);
        assertThat(Files.size(file)).isEqualTo(32 + 40 * 3_000L);
        Trace mapped = Trace.read(file);
        assertThat(mapped).isInstanceOf(MappedTrace.class);
        assertSameOperations(inMemory, mapped);
        assertThat(mapped.countBefore(500_000)).as("operations before 0.5 ms at 2k ops/s").isEqualTo(1);
        assertThat(mapped.countBefore(1_000_000_000)).isEqualTo(2_000);
    }

    @Test
    void aCsvTraceConvertsToBinaryAndBack(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("mine.csv");
        Files.writeString(csv, "op,user,channel,message_id,at_ns\nack,-1,2,300,0\nmention,1,-2,301,5\nget,1,2,0,5\nready,9,0,0,70\n");
        Trace fromCsv = Trace.read(csv);
        Path bin = dir.resolve("mine.bin");
        BinaryTraceFormat.write(fromCsv, bin);
        assertSameOperations(fromCsv, Trace.read(bin));
        Path back = dir.resolve("back.csv");
        Trace.read(bin).write(back);
        assertThat(Files.readString(back)).isEqualTo(Files.readString(csv));
    }

    @Test
    void recordsAcrossChunkBoundariesReadBackInOrder(@TempDir Path dir) {
        Trace inMemory = Trace.record(stream(), 100, 1_000);
        Path file = dir.resolve("t.bin");
        BinaryTraceFormat.write(inMemory, file);
        assertSameOperations(inMemory, MappedTrace.open(file, 4));
    }

    private static void patch(Path file, long offset, ByteBuffer bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(bytes, offset);
        }
    }

    @Test
    void aDamagedFileIsRefusedWithWhatIsWrong(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.bin");
        BinaryTraceFormat.record(stream(), 10, 1_000, good);

        Path cut = dir.resolve("cut.bin");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(good), 32 + 40 * 9 + 7));
        assertThatThrownBy(() -> Trace.read(cut)).hasMessageContaining("declares 10 operations but is 399 bytes");

        Path badOp = dir.resolve("bad-op.bin");
        Files.copy(good, badOp);
        patch(badOp, 32 + 40 * 4 + 32, ByteBuffer.wrap(new byte[] {9}));
        assertThatThrownBy(() -> Trace.read(badOp)).hasMessageContaining("record 4: op code 9");

        Path backwards = dir.resolve("backwards.bin");
        Files.copy(good, backwards);
        patch(backwards, 32 + 40 * 6, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1));
        assertThatThrownBy(() -> Trace.read(backwards)).hasMessageContaining("record 6: at_ns 1 goes back in time");

        Path version = dir.resolve("version.bin");
        Files.copy(good, version);
        patch(version, 8, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 2));
        assertThatThrownBy(() -> Trace.read(version)).hasMessageContaining("is version 2").hasMessageContaining("knows version 1");
    }

    @Test
    void anUntimedTraceStaysUntimed(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("ok.csv");
        Files.writeString(csv, "op,user,channel,message_id\nack,1,2,3\nack,1,2,4\n");
        Path bin = dir.resolve("untimed.bin");
        BinaryTraceFormat.write(Trace.read(csv), bin);
        assertThat(Trace.read(bin).timed()).as("an untimed CSV trace stays untimed").isFalse();
    }
}
