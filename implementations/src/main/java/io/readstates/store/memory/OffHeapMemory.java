package io.readstates.store.memory;

import io.readstates.store.support.FfmSupport;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A zero-filled block of memory outside the Java heap, addressed by byte offset: what the embedded
 * backing store and the Chronicle Map layout's LRU slots are built on, so that neither adds an
 * object per state to the heap being measured.
 *
 * <p>Why an interface: on Java 22+ the block is an FFM {@code MemorySegment} (freed or unmapped
 * deterministically on {@link #close()}); on Java 17, where FFM is not final, it is a set of
 * {@link java.nio.ByteBuffer} chunks ({@link BufferMemory}), so a JDK 17 cell can run the same
 * tables with the same byte layout. Values are read and written in native byte order in both, so a
 * persisted file is the same file whichever JDK wrote it.
 *
 * <p>Callers keep every value naturally aligned (8-byte values at multiples of 8, 4-byte values at
 * multiples of 4); {@link BufferMemory} relies on that to never split a value across chunks.
 */
public interface OffHeapMemory extends AutoCloseable {
    String SEGMENT_MEMORY = "io.readstates.store.memory.SegmentMemory";

    long getLong(long offset);

    void putLong(long offset, long value);

    int getInt(long offset);

    void putInt(long offset, int value);

    long byteSize();

    /** False once closed. */
    boolean isOpen();

    /** Forces a file-mapped block's pages to the device; nothing for anonymous memory. */
    void force();

    /** What holds the bytes, for reports: "FFM" or "ByteBuffer". */
    String technology();

    @Override
    void close();

    /** Anonymous memory of {@code bytes}, zero-filled: FFM on Java 22+, direct buffers before. */
    static OffHeapMemory allocate(long bytes) {
        return FfmSupport.available()
                ? FfmSupport.construct(SEGMENT_MEMORY, OffHeapMemory.class, new Class<?>[] {long.class}, bytes)
                : BufferMemory.allocate(bytes);
    }

    /** The first {@code bytes} of {@code file} mapped read-write (the file must be at least that long). */
    static OffHeapMemory map(FileChannel file, long bytes) throws IOException {
        return FfmSupport.available()
                ? FfmSupport.construct(SEGMENT_MEMORY, OffHeapMemory.class, new Class<?>[] {FileChannel.class, long.class}, file, bytes)
                : BufferMemory.map(file, bytes);
    }
}
