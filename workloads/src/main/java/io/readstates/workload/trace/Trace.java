package io.readstates.workload.trace;

import com.fasterxml.jackson.databind.SequenceWriter;
import io.readstates.workload.Operation;
import io.readstates.workload.OperationStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A sequence of operations with their recorded start times, replayed by the open-loop driver (each
 * worker its lane, {@link TraceLane}) or applied in order by {@code replay}. Two forms, one
 * contract: a CSV file read into memory ({@link ColumnTrace}, small and hand-made traces) and a
 * binary file of fixed-width records replayed from the page cache ({@link MappedTrace}, traces of
 * tens of millions of operations that must not sit on the collected heap). {@link #read} tells
 * them apart by the binary file's magic bytes. Neither parses or allocates per operation.
 */
public interface Trace {
    int size();

    /** Fills {@code op} with operation {@code i}. */
    void get(int i, Operation op);

    /** Whether the operations carry their times, so that the trace can be replayed at its recorded timing. */
    boolean timed();

    /** Recorded start of operation {@code i}, in nanoseconds from the first. */
    long atNanos(int i);

    /** How many operations start before {@code nanos} (times are non-decreasing: a binary search). */
    default int countBefore(long nanos) {
        int lo = 0;
        int hi = size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (atNanos(mid) < nanos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Records {@code count} operations of a stream in memory, timed as a schedule at {@code opsPerSecond} would time them. */
    static Trace record(OperationStream stream, int count, double opsPerSecond) {
        return ColumnTrace.record(stream, count, opsPerSecond);
    }

    /** Reads a trace file: binary ({@link BinaryTraceFormat}, memory-mapped) when it starts with the magic bytes, else CSV. */
    static Trace read(Path file) {
        return BinaryTraceFormat.isBinary(file) ? MappedTrace.open(file) : ColumnTrace.read(file);
    }

    /** Writes the trace as CSV ({@link CsvTraceFormat}). */
    default void write(Path file) {
        try (SequenceWriter w = CsvTraceFormat.mapper().writer(CsvTraceFormat.schema()).writeValues(file.toFile())) {
            Operation op = new Operation();
            for (int i = 0; i < size(); i++) {
                get(i, op);
                w.write(new CsvTraceFormat.Line(op.type.tag(), op.userId, op.channelId, op.messageId, atNanos(i)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trace " + file, e);
        }
    }
}
