package io.readstates.store.memory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;

/**
 * {@link OffHeapMemory} as one FFM segment in a shared arena: anonymous or mapped from a file, and
 * freed (or unmapped) the moment it is closed. Built for Java 25 and reached only through
 * {@link OffHeapMemory#allocate}/{@link OffHeapMemory#map} on a JVM that has FFM.
 *
 * <p>Reference: JEP 454, Foreign Function &amp; Memory API (final in JDK 22).
 */
public final class SegmentMemory implements OffHeapMemory {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment segment;
    private final boolean mapped;

    public SegmentMemory(long bytes) {
        this.segment = arena.allocate(bytes, 8);
        this.mapped = false;
    }

    public SegmentMemory(FileChannel file, long bytes) throws IOException {
        try {
            this.segment = file.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
        this.mapped = true;
    }

    @Override public long getLong(long offset) { return segment.get(LONG, offset); }
    @Override public void putLong(long offset, long value) { segment.set(LONG, offset, value); }
    @Override public int getInt(long offset) { return segment.get(INT, offset); }
    @Override public void putInt(long offset, int value) { segment.set(INT, offset, value); }
    @Override public long byteSize() { return segment.byteSize(); }
    @Override public boolean isOpen() { return arena.scope().isAlive(); }
    @Override public String technology() { return "FFM"; }

    @Override
    public void force() {
        if (mapped && isOpen()) {
            segment.force();
        }
    }

    @Override
    public void close() {
        if (isOpen()) {
            arena.close();
        }
    }
}
