package io.readstates.workload.trace;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import io.readstates.workload.Operation;
import io.readstates.workload.OperationStream;
import io.readstates.workload.OperationType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A trace held in memory as columns, so that replaying it parses nothing and allocates nothing on
 * the timed path: what a CSV trace ({@link CsvTraceFormat}) is read into, and what a generated
 * stream is recorded into. Suited to traces of up to some millions of operations; a Discord-scale
 * trace is a binary file replayed from the page cache ({@link MappedTrace}), off the collected heap.
 */
final class ColumnTrace implements Trace {
    private static final OperationType[] TYPES = OperationType.values();
    private byte[] ops;
    private long[] users;
    private long[] channels;
    private long[] messages;
    private long[] atNanos;
    private int size;
    private boolean timed;

    private ColumnTrace(int capacity) {
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

    @Override
    public int size() {
        return size;
    }

    @Override
    public void get(int i, Operation op) {
        op.set(TYPES[ops[i]], users[i], channels[i], messages[i]);
    }

    @Override
    public boolean timed() {
        return timed;
    }

    @Override
    public long atNanos(int i) {
        return atNanos[i];
    }

    /** Records {@code count} operations of a stream, timed as a schedule at {@code opsPerSecond} would time them. */
    static ColumnTrace record(OperationStream stream, int count, double opsPerSecond) {
        ColumnTrace t = new ColumnTrace(count);
        t.timed = true;
        Operation op = new Operation();
        for (int i = 0; i < count; i++) {
            stream.next(op);
            t.add(op.type, op.userId, op.channelId, op.messageId, (long) (i * 1e9 / opsPerSecond));
        }
        return t;
    }

    /**
     * Reads a trace file. The header must name the columns {@code op,user,channel,message_id} and
     * optionally {@code at_ns}, in that order; every line must have exactly the header's columns, each
     * a valid value; a trace must hold at least one operation. Anything else is reported with its
     * line number and what was expected — a short line is never read as zeros.
     */
    static ColumnTrace read(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read trace file " + file + "; expected a CSV file with header " + HEADER);
        }
        ColumnTrace t = new ColumnTrace(1024);
        try (MappingIterator<String[]> it = CsvTraceFormat.mapper().readerFor(String[].class).with(CsvTraceFormat.rawSchema()).readValues(file.toFile())) {
            if (!it.hasNextValue()) {
                throw new IllegalArgumentException("trace " + file + " is empty; expected the header " + HEADER + " and at least one operation");
            }
            String[] header = it.nextValue();
            int columns = headerColumns(file, header);
            long previous = 0;
            while (it.hasNextValue()) {
                long line = it.getCurrentLocation().getLineNr();
                String[] row;
                try {
                    row = it.nextValue();
                } catch (RuntimeJsonMappingException e) {
                    throw new IllegalArgumentException("trace " + file + " line " + line + ": " + firstLine(e.getMessage()) + "; expected " + HEADER);
                }
                if (row.length != columns) {
                    throw new IllegalArgumentException("trace " + file + " line " + line + ": " + row.length + " column(s), expected " + columns
                            + " as the header says (" + String.join(",", header) + ")");
                }
                OperationType type;
                try {
                    type = OperationType.byTag(row[0].trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("trace " + file + " line " + line + ": " + e.getMessage());
                }
                long at = columns == 5 ? number(file, line, CsvTraceFormat.COLUMNS[4], row[4]) : previous;
                t.timed |= columns == 5;
                if (at < previous) {
                    throw new IllegalArgumentException("trace " + file + " line " + line
                            + ": at_ns " + at + " goes back in time (previous " + previous + "); at_ns must not decrease");
                }
                previous = at;
                t.add(type, number(file, line, "user", row[1]), number(file, line, "channel", row[2]), number(file, line, "message_id", row[3]), at);
            }
        } catch (IOException | RuntimeJsonMappingException e) {
            throw new IllegalArgumentException("trace " + file + " is not a readable CSV trace: " + firstLine(e.getMessage()));
        }
        if (t.size == 0) {
            throw new IllegalArgumentException("trace " + file + " holds no operations; expected at least one line after the header " + HEADER);
        }
        return t;
    }

    private static final String HEADER = "op,user,channel,message_id[,at_ns]";

    /** The number of columns the header declares: 4 (untimed) or 5 (with at_ns). */
    private static int headerColumns(Path file, String[] header) {
        List<String> names = Arrays.stream(header).map(String::trim).toList();
        List<String> expected = List.of(CsvTraceFormat.COLUMNS);
        if (names.equals(expected) || names.equals(expected.subList(0, 4))) {
            return names.size();
        }
        throw new IllegalArgumentException("trace " + file + " line 1: header is '" + String.join(",", header) + "', expected " + HEADER
                + " (the first line that is not a # comment names the columns)");
    }

    private static long number(Path file, long line, String column, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("trace " + file + " line " + line + ": " + column + " '" + text
                    + "' is not a 64-bit integer; expected " + HEADER);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
