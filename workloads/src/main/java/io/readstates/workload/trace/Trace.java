package io.readstates.workload.trace;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.databind.SequenceWriter;
import io.readstates.workload.Operation;
import io.readstates.workload.OperationStream;
import io.readstates.workload.OperationType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A trace held in memory as columns, so that replaying it parses nothing and allocates nothing on
 * the timed path. Read from and written to {@link TraceFormat} files; a generated stream can be
 * recorded, and a user can bring their own traffic.
 */
public final class Trace {
    private static final OperationType[] TYPES = OperationType.values();
    private byte[] ops;
    private long[] users;
    private long[] channels;
    private long[] messages;
    private long[] atNanos;
    private int size;
    private boolean timed;

    private Trace(int capacity) {
        ops = new byte[capacity];
        users = new long[capacity];
        channels = new long[capacity];
        messages = new long[capacity];
        atNanos = new long[capacity];
    }

    private void add(OperationType type, long user, long channel, long message, long at) {
        if (size == ops.length) {
            int n = Math.max(16, size * 2);
            ops = Arrays.copyOf(ops, n);
            users = Arrays.copyOf(users, n);
            channels = Arrays.copyOf(channels, n);
            messages = Arrays.copyOf(messages, n);
            atNanos = Arrays.copyOf(atNanos, n);
        }
        ops[size] = (byte) type.ordinal();
        users[size] = user;
        channels[size] = channel;
        messages[size] = message;
        atNanos[size] = at;
        size++;
    }

    public int size() {
        return size;
    }

    /** Fills {@code op} with operation {@code i}. */
    public void get(int i, Operation op) {
        op.set(TYPES[ops[i]], users[i], channels[i], messages[i]);
    }

    /** Whether the operations carry their times (the {@code at_ns} column), so that the trace can be replayed at its recorded timing. */
    public boolean timed() {
        return timed;
    }

    /** How many operations start before {@code nanos} (times are non-decreasing: a binary search). */
    public int countBefore(long nanos) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (atNanos[mid] < nanos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Recorded start of operation {@code i}, in nanoseconds from the first. */
    public long atNanos(int i) {
        return atNanos[i];
    }

    /** Records {@code count} operations of a stream, timed as a schedule at {@code opsPerSecond} would time them. */
    public static Trace record(OperationStream stream, int count, double opsPerSecond) {
        Trace t = new Trace(count);
        t.timed = true;
        Operation op = new Operation();
        for (int i = 0; i < count; i++) {
            stream.next(op);
            t.add(op.type, op.userId, op.channelId, op.messageId, (long) (i * 1e9 / opsPerSecond));
        }
        return t;
    }

    /** Reads a trace file; a malformed line is reported with its line number and what was expected. */
    public static Trace read(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read trace file " + file + "; expected a CSV file with header op,user,channel,message_id[,at_ns]");
        }
        Trace t = new Trace(1024);
        try (MappingIterator<TraceFormat.Line> it = TraceFormat.mapper().readerFor(TraceFormat.Line.class)
                .with(TraceFormat.schema()).readValues(file.toFile())) {
            long previous = 0;
            while (it.hasNextValue()) {
                long line = it.getCurrentLocation().getLineNr();
                TraceFormat.Line l;
                try {
                    l = it.nextValue();
                } catch (RuntimeJsonMappingException | IOException e) {
                    throw new IllegalArgumentException("trace " + file + " line " + line + ": " + firstLine(e.getMessage())
                            + "; expected op,user,channel,message_id[,at_ns] with op one of ack, mention, get, ready");
                }
                OperationType type;
                try {
                    type = OperationType.byTag(l.op() == null ? "" : l.op().trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("trace " + file + " line " + line + ": " + e.getMessage());
                }
                long at = l.at_ns() == null ? previous : l.at_ns();
                t.timed |= l.at_ns() != null;
                if (at < previous) {
                    throw new IllegalArgumentException("trace " + file + " line " + line
                            + ": at_ns " + at + " goes back in time (previous " + previous + "); at_ns must not decrease");
                }
                previous = at;
                t.add(type, l.user(), l.channel(), l.message_id(), at);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("trace " + file + " is not a readable CSV trace: " + firstLine(e.getMessage()));
        }
        return t;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    public void write(Path file) {
        try (SequenceWriter w = TraceFormat.mapper().writer(TraceFormat.schema()).writeValues(file.toFile())) {
            Operation op = new Operation();
            for (int i = 0; i < size; i++) {
                get(i, op);
                w.write(new TraceFormat.Line(op.type.tag(), op.userId, op.channelId, op.messageId, atNanos[i]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trace " + file, e);
        }
    }
}
