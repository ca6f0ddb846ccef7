package io.readstates.store.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * {@link OffHeapMemory} for Java 17: a block split into power-of-two chunks of direct or mapped
 * {@link ByteBuffer}s (a buffer is indexed by {@code int}, so one cannot exceed 2 GiB).
 *
 * <p>Implementation notes: offset {@code o} lives in chunk {@code o >>> shift} at
 * {@code o & mask}. A naturally aligned value never crosses a power-of-two boundary, so no access
 * needs two chunks; an unaligned offset is refused rather than silently split. The bytes stay off
 * the heap, but a buffer's memory is returned only when the collector finds the buffer
 * unreachable — Java 17 has no supported way to free it on {@link #close()} (that is what FFM's
 * arenas added); closing drops the references.
 */
public final class BufferMemory implements OffHeapMemory {
    static final int DEFAULT_SHIFT = 30;

    private final ByteBuffer[] chunks;
    private final int shift;
    private final long mask;
    private final long bytes;
    private volatile boolean open = true;

    private BufferMemory(ByteBuffer[] chunks, int shift, long bytes) {
        this.chunks = chunks;
        this.shift = shift;
        this.mask = (1L << shift) - 1;
        this.bytes = bytes;
    }

    public static BufferMemory allocate(long bytes) {
        return allocate(bytes, DEFAULT_SHIFT);
    }

    static BufferMemory allocate(long bytes, int shift) {
        ByteBuffer[] chunks = new ByteBuffer[chunkCount(bytes, shift)];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = ByteBuffer.allocateDirect(chunkLength(bytes, shift, i)).order(ByteOrder.nativeOrder());
        }
        return new BufferMemory(chunks, shift, bytes);
    }

    public static BufferMemory map(FileChannel file, long bytes) throws IOException {
        return map(file, bytes, DEFAULT_SHIFT);
    }

    static BufferMemory map(FileChannel file, long bytes, int shift) throws IOException {
        ByteBuffer[] chunks = new ByteBuffer[chunkCount(bytes, shift)];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = file.map(FileChannel.MapMode.READ_WRITE, (long) i << shift, chunkLength(bytes, shift, i)).order(ByteOrder.nativeOrder());
        }
        return new BufferMemory(chunks, shift, bytes);
    }

    private static int chunkCount(long bytes, int shift) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("off-heap block size must be positive, got " + bytes);
        }
        return (int) ((bytes + (1L << shift) - 1) >>> shift);
    }

    private static int chunkLength(long bytes, int shift, int i) {
        return (int) Math.min(1L << shift, bytes - ((long) i << shift));
    }

    private ByteBuffer chunk(long offset, int width) {
        if ((offset & (width - 1)) != 0) {
            throw new IllegalArgumentException("offset " + offset + " is not aligned to " + width + " bytes");
        }
        return chunks[(int) (offset >>> shift)];
    }

    @Override
    public long getLong(long offset) {
        return chunk(offset, Long.BYTES).getLong((int) (offset & mask));
    }

    @Override
    public void putLong(long offset, long value) {
        chunk(offset, Long.BYTES).putLong((int) (offset & mask), value);
    }

    @Override
    public int getInt(long offset) {
        return chunk(offset, Integer.BYTES).getInt((int) (offset & mask));
    }

    @Override
    public void putInt(long offset, int value) {
        chunk(offset, Integer.BYTES).putInt((int) (offset & mask), value);
    }

    @Override
    public long byteSize() {
        return bytes;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void force() {
        for (ByteBuffer c : chunks) {
            if (c instanceof MappedByteBuffer m) {
                m.force();
            }
        }
    }

    @Override
    public String technology() {
        return "ByteBuffer";
    }

    @Override
    public void close() {
        open = false;
        Arrays.fill(chunks, null);
    }
}
