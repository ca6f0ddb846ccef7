package io.readstates.workload.trace;

import io.readstates.workload.Operation;
import io.readstates.workload.OperationType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static io.readstates.workload.trace.BinaryTraceFormat.AT_NS;
import static io.readstates.workload.trace.BinaryTraceFormat.CHANNEL;
import static io.readstates.workload.trace.BinaryTraceFormat.HEADER_BYTES;
import static io.readstates.workload.trace.BinaryTraceFormat.MESSAGE;
import static io.readstates.workload.trace.BinaryTraceFormat.OP;
import static io.readstates.workload.trace.BinaryTraceFormat.RECORD_BYTES;
import static io.readstates.workload.trace.BinaryTraceFormat.USER;

/**
 * A binary trace ({@link BinaryTraceFormat}) mapped read-only into memory: an operation is read
 * from its fixed offset, so replaying parses nothing, allocates nothing, and keeps the trace in
 * the page cache rather than on the heap whose collector is being measured.
 *
 * <p>Implementation notes: a {@link MappedByteBuffer} addresses at most 2 GiB, so the records are
 * mapped in chunks of 2^24 records (a power of two: record {@code i} is in chunk
 * {@code i >>> 24} at {@code (i & mask) * 40}); the JDK 17 cells use the same class, hence no FFM.
 * The file is checked once when opened — header, size, every op code, times never decreasing — so
 * a corrupt trace is refused with the record that is wrong instead of misleading a measurement.
 */
final class MappedTrace implements Trace {
    static final int CHUNK_SHIFT = 24;
    private static final OperationType[] TYPES = OperationType.values();

    private final ByteBuffer[] chunks;
    private final int chunkShift;
    private final int chunkMask;
    private final int size;
    private final boolean timed;

    private MappedTrace(ByteBuffer[] chunks, int chunkShift, int size, boolean timed) {
        this.chunks = chunks;
        this.chunkShift = chunkShift;
        this.chunkMask = (1 << chunkShift) - 1;
        this.size = size;
        this.timed = timed;
    }

    static MappedTrace open(Path file) {
        return open(file, CHUNK_SHIFT);
    }

    /** With chunks of {@code 2^chunkShift} records: tests cross chunk boundaries with small files. */
    static MappedTrace open(Path file, int chunkShift) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long bytes = ch.size();
            if (bytes < HEADER_BYTES) {
                throw new IllegalArgumentException("binary trace " + file + " is " + bytes + " bytes, shorter than its " + HEADER_BYTES + "-byte header");
            }
            ByteBuffer header = ch.map(FileChannel.MapMode.READ_ONLY, 0, HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            int version = header.getInt(BinaryTraceFormat.HEADER_VERSION);
            int recordBytes = header.getInt(BinaryTraceFormat.HEADER_RECORD_BYTES);
            long count = header.getLong(BinaryTraceFormat.HEADER_OPERATIONS);
            int flags = header.getInt(BinaryTraceFormat.HEADER_FLAGS);
            if (version != BinaryTraceFormat.VERSION || recordBytes != RECORD_BYTES) {
                throw new IllegalArgumentException("binary trace " + file + " is version " + version + " with " + recordBytes
                        + "-byte records; this reader knows version " + BinaryTraceFormat.VERSION + " with " + RECORD_BYTES + "-byte records");
            }
            if (count < 1 || count > Integer.MAX_VALUE || bytes != HEADER_BYTES + count * RECORD_BYTES) {
                throw new IllegalArgumentException("binary trace " + file + " declares " + count + " operations but is " + bytes + " bytes; expected "
                        + HEADER_BYTES + " + " + RECORD_BYTES + " × operations (1 to " + Integer.MAX_VALUE + "), e.g. a file cut short while copying");
            }
            long chunkRecords = 1L << chunkShift;
            ByteBuffer[] chunks = new ByteBuffer[(int) ((count + chunkRecords - 1) >>> chunkShift)];
            for (int c = 0; c < chunks.length; c++) {
                long first = (long) c << chunkShift;
                long records = Math.min(chunkRecords, count - first);
                chunks[c] = ch.map(FileChannel.MapMode.READ_ONLY, HEADER_BYTES + first * RECORD_BYTES, records * RECORD_BYTES)
                        .order(ByteOrder.LITTLE_ENDIAN);
            }
            MappedTrace t = new MappedTrace(chunks, chunkShift, (int) count, (flags & BinaryTraceFormat.FLAG_TIMED) != 0);
            t.check(file);
            return t;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read binary trace " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every op code known, every time non-decreasing: one pass over the file at open. */
    private void check(Path file) {
        long previous = 0;
        for (int i = 0; i < size; i++) {
            ByteBuffer b = chunks[i >>> chunkShift];
            int at = (i & chunkMask) * RECORD_BYTES;
            int op = b.get(at + OP);
            if (op < 0 || op >= TYPES.length) {
                throw new IllegalArgumentException("binary trace " + file + " record " + i + ": op code " + op + "; expected 0 to " + (TYPES.length - 1)
                        + " " + Arrays.toString(TYPES));
            }
            long t = b.getLong(at + AT_NS);
            if (t < previous) {
                throw new IllegalArgumentException("binary trace " + file + " record " + i + ": at_ns " + t + " goes back in time (previous "
                        + previous + "); at_ns must not decrease");
            }
            previous = t;
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void get(int i, Operation op) {
        ByteBuffer b = chunks[i >>> chunkShift];
        int at = (i & chunkMask) * RECORD_BYTES;
        op.set(TYPES[b.get(at + OP)], b.getLong(at + USER), b.getLong(at + CHANNEL), b.getLong(at + MESSAGE));
    }

    @Override
    public boolean timed() {
        return timed;
    }

    @Override
    public long atNanos(int i) {
        return chunks[i >>> chunkShift].getLong((i & chunkMask) * RECORD_BYTES + AT_NS);
    }
}
