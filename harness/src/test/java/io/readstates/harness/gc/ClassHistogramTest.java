package io.readstates.harness.gc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassHistogramTest {
    @Test
    void theTotalLineIsRead() {
        String text = """
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         20000         960000  io.readstates.store.layout.ObjectGraphLayout$Node
                   2:          4000         123456  [B (java.base@25.0.3)
                Total         24000        1083456
                """;
        assertThat(ClassHistogram.totalBytes(text)).isEqualTo(1_083_456L);
        assertThatThrownBy(() -> ClassHistogram.totalBytes("nothing")).hasMessageContaining("no Total line");
    }

    @Test
    void thisJvmsLiveObjectsAreCounted() {
        long before = ClassHistogram.liveBytes();
        long[] kept = new long[8_000_000];
        long after = ClassHistogram.liveBytes();
        // other tests' objects may become unreachable in between (about a megabyte was seen): a 64 MB array dwarfs that
        assertThat(after - before).as("a 64 MB array kept alive").isBetween(59_000_000L, 69_000_000L);
        assertThat(kept).hasSize(8_000_000);
    }
}
