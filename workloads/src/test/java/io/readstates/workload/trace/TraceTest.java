package io.readstates.workload.trace;

import io.readstates.workload.Operation;
import io.readstates.workload.OperationStream;
import io.readstates.workload.Population;
import io.readstates.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceTest {
    @Test
    void aRecordedStreamRoundTripsThroughTheFile(@TempDir Path dir) {
        Population p = new Population(5_000, 10, 1);
        Trace recorded = Trace.record(new OperationStream(p, WorkloadSpec.SMALL, 5, 0, 1), 2_000, 1_000);
        Path file = dir.resolve("t.csv");
        recorded.write(file);
        Trace read = Trace.read(file);
        assertThat(read.size()).isEqualTo(2_000);
        Operation a = new Operation();
        Operation b = new Operation();
        for (int i = 0; i < 2_000; i++) {
            recorded.get(i, a);
            read.get(i, b);
            assertThat(b.toString()).isEqualTo(a.toString());
            assertThat(read.atNanos(i)).isEqualTo(recorded.atNanos(i));
        }
        assertThat(read.atNanos(1)).isEqualTo(1_000_000);
    }

    @Test
    void aHandWrittenTraceWithCommentsAndNoTimingReads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.csv");
        Files.writeString(file, "op,user,channel,message_id\n# my traffic\nack,1,2,300\nmention,1,2,301\nready,1,0,0\n");
        Trace t = Trace.read(file);
        assertThat(t.size()).isEqualTo(3);
        Operation op = new Operation();
        t.get(1, op);
        assertThat(op.toString()).isEqualTo("mention,1,2,301");
    }

    @Test
    void badTracesAreExplainedWithTheirLine(@TempDir Path dir) throws Exception {
        Path unknownOp = dir.resolve("a.csv");
        Files.writeString(unknownOp, "op,user,channel,message_id\nack,1,2,3\nread,1,2,3\n");
        assertThatThrownBy(() -> Trace.read(unknownOp)).hasMessageContaining("line 3").hasMessageContaining("unknown operation 'read'");
        Path badNumber = dir.resolve("b.csv");
        Files.writeString(badNumber, "op,user,channel,message_id\nack,one,2,3\n");
        assertThatThrownBy(() -> Trace.read(badNumber)).hasMessageContaining("line 2").hasMessageContaining("expected op,user,channel,message_id");
        Path backwards = dir.resolve("c.csv");
        Files.writeString(backwards, "op,user,channel,message_id,at_ns\nack,1,2,3,100\nack,1,2,4,50\n");
        assertThatThrownBy(() -> Trace.read(backwards)).hasMessageContaining("goes back in time");
        assertThatThrownBy(() -> Trace.read(dir.resolve("missing.csv"))).hasMessageContaining("cannot read trace file");
    }

    @Test
    void theHeaderAndEveryLineAreCheckedNotReadAsZeros(@TempDir Path dir) throws Exception {
        Path noHeader = dir.resolve("d.csv");
        Files.writeString(noHeader, "ack,1,2,3\n");
        assertThatThrownBy(() -> Trace.read(noHeader)).hasMessageContaining("header is 'ack,1,2,3'").hasMessageContaining("op,user,channel,message_id[,at_ns]");
        Path wrongNames = dir.resolve("e.csv");
        Files.writeString(wrongNames, "op,channel,user,message_id\nack,1,2,3\n");
        assertThatThrownBy(() -> Trace.read(wrongNames)).hasMessageContaining("header is 'op,channel,user,message_id'");
        Path shortLine = dir.resolve("f.csv");
        Files.writeString(shortLine, "op,user,channel,message_id\nack,1,2,3\nack\n");
        assertThatThrownBy(() -> Trace.read(shortLine)).hasMessageContaining("line 3").hasMessageContaining("1 column(s), expected 4");
        Path emptyValue = dir.resolve("g.csv");
        Files.writeString(emptyValue, "op,user,channel,message_id,at_ns\nack,1,,3,0\n");
        assertThatThrownBy(() -> Trace.read(emptyValue)).hasMessageContaining("line 2").hasMessageContaining("channel '' is not a 64-bit integer");
    }

    @Test
    void aTraceWithoutOperationsIsRefused(@TempDir Path dir) throws Exception {
        Path headerOnly = dir.resolve("h.csv");
        Files.writeString(headerOnly, "op,user,channel,message_id\n# nothing yet\n");
        assertThatThrownBy(() -> Trace.read(headerOnly)).hasMessageContaining("holds no operations");
        Path empty = dir.resolve("i.csv");
        Files.writeString(empty, "");
        assertThatThrownBy(() -> Trace.read(empty)).hasMessageContaining("is empty");
    }
}
