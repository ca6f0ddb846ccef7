package io.readstates.store.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The two kinds of off-heap memory: the Java 17 byte-buffer chunks behave like the FFM segment,
 * across chunk boundaries too, and a file written through one reads the same through the other —
 * a backing-store file does not depend on the JDK that wrote it.
 */
class OffHeapMemoryTest {
    private static final int SMALL_CHUNKS = 6;

    @Test
    void onThisJvmTheBlockIsAnFfmSegment() {
        try (OffHeapMemory m = OffHeapMemory.allocate(64)) {
            assertThat(m.technology()).isEqualTo("FFM");
            assertThat(m.getLong(56)).isZero();
        }
    }

    @Test
    void bufferChunksHoldAlignedValuesOnEitherSideOfEveryBoundary() {
        long bytes = 5 * (1L << SMALL_CHUNKS) + 24;
        try (BufferMemory m = BufferMemory.allocate(bytes, SMALL_CHUNKS)) {
            for (long o = 0; o + 8 <= bytes; o += 8) {
                m.putLong(o, o * 0x9E3779B97F4A7C15L);
            }
            for (long o = 0; o + 8 <= bytes; o += 8) {
                assertThat(m.getLong(o)).as("offset %d", o).isEqualTo(o * 0x9E3779B97F4A7C15L);
            }
            m.putInt(60, -7);
            m.putInt(64, 11);
            assertThat(m.getInt(60)).isEqualTo(-7);
            assertThat(m.getInt(64)).isEqualTo(11);
            assertThat(m.byteSize()).isEqualTo(bytes);
            assertThatThrownBy(() -> m.getLong(60)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not aligned to 8");
        }
    }

    @Test
    void aFileWrittenThroughBuffersReadsTheSameThroughFfmAndBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("table");
        long bytes = 3 * (1L << SMALL_CHUNKS) + 8;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.truncate(0).write(java.nio.ByteBuffer.wrap(new byte[1]), bytes - 1);
            BufferMemory buffers = BufferMemory.map(ch, bytes, SMALL_CHUNKS);
            buffers.putLong(0, 0x0102030405060708L);
            buffers.putInt(64, 42);
            buffers.putLong(bytes - 8, -1L);
            buffers.force();
            buffers.close();
            assertThat(buffers.isOpen()).isFalse();
            try (OffHeapMemory ffm = OffHeapMemory.map(ch, bytes)) {
                assertThat(ffm.technology()).isEqualTo("FFM");
                assertThat(ffm.getLong(0)).isEqualTo(0x0102030405060708L);
                assertThat(ffm.getInt(64)).isEqualTo(42);
                assertThat(ffm.getLong(bytes - 8)).isEqualTo(-1L);
                ffm.putLong(8, 99);
                ffm.force();
            }
            assertThat(BufferMemory.map(ch, bytes).getLong(8)).isEqualTo(99);
        }
    }

    @Test
    void aBlockOfNoBytesIsRefused() {
        assertThatThrownBy(() -> BufferMemory.allocate(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    }
}
